using System.Text.Json;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>Every PypiKit AWS operation against a real, seeded moto server.</summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public sealed class AwsClientsMotoTests(MotoFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ecs_lists_and_describes_tasks_services_and_container_instances()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var arns = await aws.Ecs.ListTasksAsync(fx.Cluster, ct: Ct);
        Assert.Superset(fx.TaskArns.ToHashSet(), arns.ToHashSet());

        var tasks = await aws.Ecs.DescribeTasksAsync(fx.Cluster, fx.TaskArns, Ct);
        Assert.Equal(fx.TaskArns.Count, tasks.Items.Count);
        Assert.All(tasks.Items, t => Assert.Equal("service:" + fx.Service, t.Group));
        Assert.All(tasks.Items, t => Assert.NotNull(t.ContainerInstanceArn));
        Assert.Empty(tasks.Failures);

        var services = await aws.Ecs.DescribeServicesAsync(fx.Cluster, [fx.Service, "no-such-service"], Ct);
        var service = Assert.Single(services.Items);
        Assert.Equal(3, service.DesiredCount);
        Assert.Equal(fx.TargetGroupArn, Assert.Single(service.LoadBalancers!).TargetGroupArn);
        Assert.Contains(services.Failures, f => f.Arn!.Contains("no-such-service") && f.Reason == "MISSING");

        var ciArns = await aws.Ecs.ListContainerInstancesAsync(fx.Cluster, ct: Ct);
        var cis = await aws.Ecs.DescribeContainerInstancesAsync(fx.Cluster, ciArns, Ct);
        Assert.Equal(fx.InstanceIds.Order(), cis.Items.Select(c => c.Ec2InstanceId!).Order());
        Assert.All(cis.Items, c => Assert.Contains(c.RegisteredResources!, r => r.Name == "MEMORY" && r.IntegerValue > 0));
        Assert.Equal(fx.TaskArns.Count, cis.Items.Sum(c => c.RunningTasksCount));
    }

    [Fact]
    public async Task Ecs_run_task_then_stop_task_round_trips()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var run = await aws.Ecs.RunTaskAsync(new EcsRunTaskRequest(fx.Cluster, "probe") { LaunchType = "EC2", StartedBy = "pypikit-test" }, Ct);
        var task = Assert.Single(run.Items);
        var stopped = await aws.Ecs.StopTaskAsync(fx.Cluster, task.TaskArn, "pypikit test", Ct);
        Assert.Equal("STOPPED", stopped.DesiredStatus);
        Assert.Equal("pypikit test", stopped.StoppedReason);
        var mine = await aws.Ecs.ListTasksAsync(fx.Cluster, startedBy: "pypikit-test", desiredStatus: "STOPPED", ct: Ct);
        Assert.Contains(task.TaskArn, mine);
    }

    [Fact]
    public async Task Ecs_errors_keep_the_aws_error_code()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Ecs.DescribeServicesAsync("no-such-cluster", ["x"], Ct));
        Assert.Equal("ClusterNotFoundException", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("ECS", ex.Service);
        Assert.Contains("ClusterNotFoundException", ex.Message);
    }

    [Fact]
    public async Task Elbv2_describes_target_groups_attributes_and_health()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var groups = await aws.Elbv2.DescribeTargetGroupsAsync(loadBalancerArn: fx.LoadBalancerArn, ct: Ct);
        var tg = Assert.Single(groups);
        Assert.Equal(fx.TargetGroupArn, tg.TargetGroupArn);
        Assert.Equal("pypi-tg", tg.TargetGroupName);
        Assert.Equal(8080, tg.Port);
        Assert.Equal("/", tg.HealthCheckPath);
        Assert.Contains(fx.LoadBalancerArn, tg.LoadBalancerArns);

        var attrs = await aws.Elbv2.DescribeTargetGroupAttributesAsync(fx.TargetGroupArn, Ct);
        Assert.Equal("300", attrs["deregistration_delay.timeout_seconds"]);

        var health = await aws.Elbv2.DescribeTargetHealthAsync(fx.TargetGroupArn, Ct);
        Assert.Equal(fx.InstanceIds.Order(), health.Select(h => h.Id).Order());
        Assert.All(health, h => Assert.Equal("healthy", h.State));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Elbv2.DescribeTargetGroupAttributesAsync(
            fx.TargetGroupArn.Replace("pypi-tg", "nope-tg"), Ct));
        Assert.Equal("TargetGroupNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task CloudWatch_get_metric_data_reads_seeded_metrics_in_every_namespace()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var lbDim = fx.LoadBalancerArn[(fx.LoadBalancerArn.IndexOf(":loadbalancer/", StringComparison.Ordinal) + 14)..];
        MetricDataQuery Q(string id, string ns, string name, string stat, params (string, string)[] dims) => new(id)
        {
            Metric = new MetricIdentity(ns, name, dims.Select(d => new MetricDimension(d.Item1, d.Item2)).ToList()),
            Stat = stat, PeriodSeconds = 300,
        };
        var queries = new List<MetricDataQuery>
        {
            Q("efs", "AWS/EFS", "PercentIOLimit", "Average", ("FileSystemId", fx.FileSystemId)),
            Q("cpu", "AWS/ECS", "CPUUtilization", "Maximum", ("ClusterName", fx.Cluster), ("ServiceName", fx.Service)),
            Q("req", "AWS/ApplicationELB", "RequestCount", "Sum", ("LoadBalancer", lbDim)),
            Q("mem", "CWAgent", "mem_used_percent", "Average", ("InstanceId", fx.InstanceIds[0])),
            new("same") { Expression = "efs", Label = "same as efs" },
        };
        var end = DateTimeOffset.UtcNow.AddMinutes(1);
        var results = await aws.CloudWatch.GetMetricDataAsync(queries, end.AddHours(-2), end, Ct);
        var byId = results.ToDictionary(r => r.Id);
        Assert.Equal(12, byId["efs"].Points.Count);
        Assert.Equal(Enumerable.Range(10, 12).Select(v => (double)v), byId["efs"].Points.Select(p => p.Value));
        Assert.Equal(52, byId["cpu"].Points.Max(p => p.Value));
        Assert.Equal(1200, byId["req"].Points.Max(p => p.Value));
        Assert.Equal(71, byId["mem"].Points.Max(p => p.Value));
        Assert.Equal(byId["efs"].Points.Select(p => p.Value), byId["same"].Points.Select(p => p.Value));
        Assert.True(byId["efs"].Points.Zip(byId["efs"].Points.Skip(1)).All(p => p.First.Time < p.Second.Time), "points are sorted by time");
    }

    [Fact]
    public async Task CloudWatch_list_metrics_follows_next_token_past_500()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var metrics = await aws.CloudWatch.ListMetricsAsync("PypiKit/Paging", ct: Ct);
        Assert.Equal(510, metrics.Count);
        Assert.Equal(510, metrics.Select(m => m.MetricName).Distinct().Count());
        var cwagent = await aws.CloudWatch.ListMetricsAsync("CWAgent", "swap_used_percent", ct: Ct);
        Assert.Equal(fx.InstanceIds.Order(), cwagent.Select(m => m.Dimensions.Single().Value).Order());
    }

    [Fact]
    public async Task CloudWatch_put_metric_data_round_trips_and_errors_are_typed()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var dims = new[] { new MetricDimension("Run", "put-test") };
        await aws.CloudWatch.PutMetricDataAsync("PypiKit/Put", [new MetricDatum("latency", dims, t0, 42.5, "Milliseconds")], Ct);
        var r = await aws.CloudWatch.GetMetricDataAsync([new MetricDataQuery("a") { Metric = new("PypiKit/Put", "latency", dims), Stat = "Maximum", PeriodSeconds = 60 }],
            t0.AddMinutes(-5), t0.AddMinutes(5), Ct);
        Assert.Equal(42.5, Assert.Single(Assert.Single(r).Points).Value);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.CloudWatch.PutMetricDataAsync("PypiKit/Put",
            [new MetricDatum("bad", dims, t0, double.NaN)], Ct));
        Assert.Equal("CloudWatch", ex.Service);
        Assert.Equal("InvalidParameterValue", ex.ErrorCode);
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("NaN", ex.AwsMessage);
    }

    [Fact]
    public async Task Logs_write_then_filter_get_and_query_across_pages()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        const string group = "/ecs/test/pypiserver";
        await aws.Logs.CreateLogGroupAsync(group, Ct);
        await aws.Logs.CreateLogGroupAsync(group, Ct); // idempotent
        await aws.Logs.CreateLogStreamAsync(group, "pypiserver/web/1", Ct);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var events = Enumerable.Range(0, 25).Select(i => (t0.AddSeconds(i), i % 5 == 0
            ? $"[CRITICAL] WORKER TIMEOUT (pid:{100 + i})"
            : $"GET /simple/pkg{i}/ 200")).ToList();
        await aws.Logs.PutLogEventsAsync(group, "pypiserver/web/1", events, Ct);

        var all = await aws.Logs.FilterLogEventsAsync(new LogFilter(group) { PageSize = 10 }, Ct);
        Assert.Equal(25, all.Count);
        Assert.Equal(events.Select(e => e.Item2), all.Select(e => e.Message));
        Assert.All(all, e => Assert.Equal("pypiserver/web/1", e.LogStreamName));

        var timeouts = await aws.Logs.FilterLogEventsAsync(new LogFilter(group) { FilterPattern = "\"WORKER TIMEOUT\"", PageSize = 2 }, Ct);
        Assert.Equal(5, timeouts.Count);

        var stream = await aws.Logs.GetLogEventsAsync(group, "pypiserver/web/1", pageSize: 7, ct: Ct);
        Assert.Equal(25, stream.Count);
        Assert.Equal(t0.ToUnixTimeMilliseconds(), stream[0].Timestamp.ToUnixTimeMilliseconds());

        var q = await aws.Logs.QueryAsync([group], "fields @timestamp, @message | sort @timestamp asc | limit 100", t0.AddMinutes(-1), t0.AddMinutes(5), ct: Ct);
        Assert.Equal("Complete", q.Status);
        Assert.Equal(25, q.Rows.Count);
        Assert.Contains(q.Rows, r => r.TryGetValue("@message", out var m) && m.Contains("WORKER TIMEOUT"));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Logs.FilterLogEventsAsync(new LogFilter("/no/such/group"), Ct));
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }

    [Fact]
    public async Task SecretsManager_returns_the_secret_but_never_prints_it()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var secret = await aws.SecretsManager.GetSecretValueAsync(fx.Seed.GetProperty("secret_name").GetString()!, ct: Ct);
        using var doc = JsonDocument.Parse(secret.SecretString!);
        Assert.Equal("pypi-user", doc.RootElement.GetProperty("username").GetString());
        Assert.DoesNotContain("Sup3r-Secret-Passw0rd", secret.ToString());
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.SecretsManager.GetSecretValueAsync("missing-secret", ct: Ct));
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }

    [Fact]
    public async Task Ssm_runs_a_shell_command_and_reads_its_invocation()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var id = await aws.Ssm.SendShellCommandAsync([fx.InstanceIds[0]], ["free -m"], TimeSpan.FromSeconds(10), "pypikit test", Ct);
        var inv = await aws.Ssm.WaitForInvocationAsync(id, fx.InstanceIds[0], TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(id, inv.CommandId);
        Assert.Equal("Success", inv.Status);
    }

    [Fact]
    public async Task S3_lists_across_pages_and_reads_gzipped_alb_logs()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var uri = $"s3://{fx.Seed.GetProperty("bucket").GetString()}/{fx.Seed.GetProperty("log_prefix").GetString()}";
        var objects = await aws.AlbLogs.ListAsync(uri, pageSize: 2, ct: Ct);
        Assert.Equal(3, objects.Count);
        var lines = new List<string>();
        await foreach (var (obj, content) in aws.AlbLogs.ReadAllAsync(uri, ct: Ct))
        {
            using var reader = new StreamReader(content);
            while (await reader.ReadLineAsync(Ct) is { } line) lines.Add(line);
        }
        Assert.Equal(6, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("https 2026-11-21T10:0", l));
        Assert.Contains(lines, l => l.Contains("/simple/pkg2/"));

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => aws.AlbLogs.ListAsync("s3://no-such-bucket/x", ct: Ct));
        Assert.Equal("NoSuchBucket", ex.ErrorCode);

        using var standalone = AlbLogSource.Create(new AwsOptions
        {
            EndpointUrl = fx.Moto.Url, Region = "us-east-1", Credentials = new Amazon.Runtime.BasicAWSCredentials("testing", "testing"),
        });
        var first = (await standalone.ListAsync(uri, ct: Ct)).OrderBy(o => o.Key, StringComparer.Ordinal).First();
        using var text = new StreamReader(await standalone.OpenAsync(first, Ct));
        Assert.StartsWith("https 2026-11-21T10:00", await text.ReadLineAsync(Ct));
    }
}
