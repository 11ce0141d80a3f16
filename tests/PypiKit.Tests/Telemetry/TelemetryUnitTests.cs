using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using PypiKit.Series;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>Pure parts of the telemetry area: endpoints, regions, encoding, batching, catalogue, windows, retries.</summary>
public sealed class TelemetryUnitTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var d = vars.ToDictionary(v => v.Key, v => v.Value);
        return k => d.GetValueOrDefault(k);
    }

    [Fact]
    public void Endpoints_follow_explicit_then_service_then_global_override_then_public()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:6000"));
        Assert.Equal("http://127.0.0.1:7000/", AwsEndpoints.Resolve(AwsService.Ecs, "us-west-2", "http://127.0.0.1:7000", env).ToString());
        Assert.Equal("http://127.0.0.1:6000/", AwsEndpoints.Resolve(AwsService.Logs, "us-west-2", null, env).ToString());
        Assert.Equal("http://127.0.0.1:5000/", AwsEndpoints.Resolve(AwsService.Ecs, "us-west-2", null, env).ToString());
        Assert.Equal("https://monitoring.eu-west-1.amazonaws.com/", AwsEndpoints.Resolve(AwsService.CloudWatch, "eu-west-1", null, Env()).ToString());
        Assert.Equal("https://elasticloadbalancing.cn-north-1.amazonaws.com.cn/", AwsEndpoints.Resolve(AwsService.Elbv2, "cn-north-1", null, Env()).ToString());
        var ignored = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        Assert.Equal("https://ssm.us-east-1.amazonaws.com/", AwsEndpoints.Resolve(AwsService.Ssm, "us-east-1", null, ignored).ToString());
        var bad = Assert.Throws<InvalidInputException>(() => AwsEndpoints.Resolve(AwsService.Ssm, "us-east-1", null, Env(("AWS_ENDPOINT_URL_SSM", "not a url"))));
        Assert.Equal("AWS_ENDPOINT_URL_SSM", bad.Input);
    }

    [Fact]
    public void Region_comes_from_option_then_AWS_REGION_then_AWS_DEFAULT_REGION_then_profile()
    {
        Assert.Equal("eu-west-1", AwsEndpoints.ResolveRegion("eu-west-1", Env(("AWS_REGION", "us-east-2")), "ap-south-1"));
        Assert.Equal("us-east-2", AwsEndpoints.ResolveRegion(null, Env(("AWS_REGION", "us-east-2"), ("AWS_DEFAULT_REGION", "us-west-1")), "ap-south-1"));
        Assert.Equal("us-west-1", AwsEndpoints.ResolveRegion(null, Env(("AWS_DEFAULT_REGION", "us-west-1")), "ap-south-1"));
        Assert.Equal("ap-south-1", AwsEndpoints.ResolveRegion(null, Env(), "ap-south-1"));
        Assert.Null(AwsEndpoints.ResolveRegion(null, Env(), null));
    }

    [Fact]
    public void Options_are_validated_in_one_place_naming_the_field()
    {
        Assert.Equal("region", Assert.Throws<InvalidInputException>(() => new AwsOptions { Region = "mars" }.Validate()).Input);
        Assert.Equal("endpoint_url", Assert.Throws<InvalidInputException>(() => new AwsOptions { EndpointUrl = "::" }.Validate()).Input);
        Assert.Equal("max_attempts", Assert.Throws<InvalidInputException>(() => new AwsOptions { MaxAttempts = 0 }.Validate()).Input);
        Assert.Equal("cluster", Assert.Throws<InvalidInputException>(() => new SnapshotOptions(new StackTarget()).Validate()).Input);
    }

    [Fact]
    public void Query_encoding_uses_rfc3986_and_the_member_notation()
    {
        var q = new MetricDataQuery("a")
        {
            Metric = new MetricIdentity("AWS/ApplicationELB", "TargetResponseTime",
                [new MetricDimension("TargetGroup", "targetgroup/x/1"), new MetricDimension("LoadBalancer", "app/pypi alb/2")]),
            Stat = "p95", PeriodSeconds = 60,
        };
        var p = CloudWatchClient.EncodeQueries([q, new MetricDataQuery("b") { Expression = "a*1000", Label = "ms" }]);
        var d = p.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("p95", d["MetricDataQueries.member.1.MetricStat.Stat"]);
        Assert.Equal("LoadBalancer", d["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name"]); // sorted by name
        Assert.Equal("a*1000", d["MetricDataQueries.member.2.Expression"]);
        var body = QueryProtocolClient.Encode("GetMetricData", "2010-08-01", p);
        Assert.StartsWith("Action=GetMetricData&Version=2010-08-01&", body);
        Assert.Contains("app%2Fpypi%20alb%2F2", body);
        Assert.Contains("Expression=a%2A1000", body); // RFC 3986: '*' is escaped, as SigV4 canonicalisation expects
    }

    [Fact]
    public void Batching_keeps_expressions_with_their_inputs_and_respects_the_limit()
    {
        var queries = Enumerable.Range(0, 7).Select(i => new MetricDataQuery($"m{i}") { Metric = new("N", "x", []), Stat = "Sum" }).ToList();
        queries.Add(new MetricDataQuery("e1") { Expression = "m0+m6" });
        var batches = CloudWatchClient.Batch(queries, 3);
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 3));
        Assert.Equal(8, batches.Sum(b => b.Count));
        var withExpr = Assert.Single(batches, b => b.Any(q => q.Id == "e1"));
        Assert.Contains(withExpr, q => q.Id == "m0");
        Assert.Contains(withExpr, q => q.Id == "m6");
        Assert.Throws<InvalidInputException>(() => CloudWatchClient.Batch(queries, 2));
    }

    [Fact]
    public void The_catalogue_holds_every_reference_widget_and_alarm()
    {
        var target = new StackTarget
        {
            ClusterName = "pypi", ServiceName = "pypiserver", FileSystemId = "fs-1", AutoScalingGroupName = "asg", InstanceIds = ["i-1", "i-2"],
            LoadBalancerArn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/pypi/50dc6c495c0c9188",
            TargetGroupArn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/pypi-tg/73e2d6bc24d8a067",
            ContainerCpuUnits = 640, ContainerMemoryMb = 1536, ContainerMemoryReservationMb = 1024,
        };
        Assert.Equal("app/pypi/50dc6c495c0c9188", target.LoadBalancerDimension);
        Assert.Equal("targetgroup/pypi-tg/73e2d6bc24d8a067", target.TargetGroupDimension);
        var panels = MetricCatalog.For(target);
        Assert.Equal(MetricCatalog.Names.Where(n => !n.EndsWith("-fargate", StringComparison.Ordinal)), panels.Select(p => p.Name)); // an EC2 target
        Assert.Equal(13, panels.Count(p => p.Kind == MetricPanelKind.Widget)); // §7: 12 metric widgets, plus ALB 5xx by source
        Assert.Equal(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "TargetConnectionErrorCount", "RejectedConnectionCount"],
            panels.Single(p => p.Name == "alb-5xx-by-source").Lines.Select(l => l.Metric!.MetricName));
        Assert.Equal(7, panels.Count(p => p.Kind == MetricPanelKind.Alarm));   // §6: 2 EFS + 4 ALB/EC2 alarms, and ECS memory
        var latency = panels.Single(p => p.Name == "alb-target-response-time");
        Assert.Equal(["p50", "p95", "p99", "Average"], latency.Lines.Select(l => l.Stat));
        Assert.Contains(latency.Annotations, a => a.Value == 15);
        Assert.Equal(640, panels.Single(p => p.Name == "ecs-cpu-utilized").Annotations.Single().Value);
        var success = panels.Single(p => p.Name == "alarm-low-success-rate");
        Assert.Equal("100*(1-(FILL(target_5xx,0)+FILL(elb_5xx,0))/FILL(request_count,1))", success.Lines.Single(l => l.ReturnData).Expression);
        Assert.Equal(60, panels.Single(p => p.Name == "alarm-unhealthy-hosts").PeriodSeconds);
        Assert.Equal(2, panels.Single(p => p.Name == "host-swap").Lines.Count);
        Assert.All(panels.Single(p => p.Name == "host-memory").Lines, l => Assert.Equal("CWAgent", l.Metric!.Namespace));

        // A target with only an EFS id gets only the EFS panels, and asking for another panel names what is missing.
        var efsOnly = MetricCatalog.For(new StackTarget { FileSystemId = "fs-1" });
        Assert.All(efsOnly, p => Assert.Contains("efs", p.Name));
        var ex = Assert.Throws<InvalidInputException>(() => MetricCatalog.Get("alb-requests", new StackTarget { FileSystemId = "fs-1" }));
        Assert.Contains("load balancer", ex.Message);
        Assert.Throws<InvalidInputException>(() => MetricCatalog.Get("no-such-panel", target));
    }

    [Fact]
    public void Alarm_rules_breach_only_when_the_last_n_points_all_breach()
    {
        var rule = new AlarmRule("x", "GreaterThanThreshold", 80, 2);
        TimeSeries S(params double[] v) => new("x", "Percent", v.Select((x, i) => new TimePoint(DateTimeOffset.UnixEpoch.AddMinutes(5 * i), x)).ToList());
        Assert.True(rule.IsBreaching(S(10, 81, 90)));
        Assert.False(rule.IsBreaching(S(90, 81, 70)));
        Assert.False(rule.IsBreaching(S(95)));
        Assert.True(new AlarmRule("x", "LessThanThreshold", 99, 2).IsBreaching(S(100, 98, 97)));
    }

    [Fact]
    public void Stack_outputs_files_in_pulumi_or_terraform_shape_give_a_target_and_never_the_password()
    {
        var dir = TelemetryTestEnvironment.Directory;
        var path = Path.Combine(dir, "outputs-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        File.WriteAllText(path, """
            {"ecs_cluster_name": {"value": "pypi", "sensitive": false}, "ecs_service_name": "pypiserver",
             "pypi_load_balancer_arn": "arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/pypi/1",
             "pypi_password": {"value": "hunter2", "sensitive": true}, "efsFileSystemId": "fs-9",
             "capacity_info": {"value": {"container_cpu_units": 640, "container_memory_mb": 1536}}}
            """);
        var t = StackTarget.FromOutputsFile(path);
        Assert.Equal("pypi", t.ClusterName);
        Assert.Equal("pypiserver", t.ServiceName);
        Assert.Equal("fs-9", t.FileSystemId);
        Assert.Equal(640, t.ContainerCpuUnits);
        Assert.DoesNotContain("hunter2", PypiKit.Json.PypiKitJson.Serialize(t));
        var merged = t.With(new StackTarget { ServiceName = "other" });
        Assert.Equal(("pypi", "other"), (merged.ClusterName, merged.ServiceName));
        Assert.Equal("stack-outputs", Assert.Throws<InvalidInputException>(() => StackTarget.FromOutputsFile(path + ".missing")).Input);
    }

    [Fact]
    public void Time_windows_parse_durations_and_iso_times()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddHours(-1), TimeWindow.Parse("1h", null, now).From);
        Assert.Equal(now.AddMinutes(-90), TimeWindow.Parse("90m", "now", now).From);
        Assert.Equal(now.AddDays(-2), TimeWindow.Parse("2d", null, now).From);
        var abs = TimeWindow.Parse("2026-11-21T10:00:00Z", "2026-11-21T11:00:00Z", now);
        Assert.Equal((now.AddHours(-2), now.AddHours(-1)), (abs.From, abs.To));
        Assert.Equal("since", Assert.Throws<InvalidInputException>(() => TimeWindow.Parse("yesterday-ish", null, now)).Input);
        Assert.Throws<InvalidInputException>(() => TimeWindow.Parse("2026-11-21T13:00:00Z", null, now));
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_the_final_error_keeps_code_and_message_without_credentials()
    {
        TelemetryTestEnvironment.Apply();
        var handler = new ScriptedHandler(
            (HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""),
            (HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""),
            (HttpStatusCode.OK, """{"taskArns":["arn:aws:ecs:us-east-1:1:task/c/1"],"nextToken":"t2"}"""),
            (HttpStatusCode.OK, """{"taskArns":["arn:aws:ecs:us-east-1:1:task/c/2"]}"""),
            (HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.ecs#AccessDeniedException","message":"User AKIAEXAMPLEKEY123456 with secret SECRETsecretSECRET is not authorized"}"""));
        using var session = AwsSession.Create(new AwsOptions
        {
            Region = "us-east-1", EndpointUrl = "http://127.0.0.1:9", MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            Credentials = new SessionAWSCredentials("AKIAEXAMPLEKEY123456", "SECRETsecretSECRET", "TOKENtokenTOKEN"),
        }, handler);
        var ecs = new EcsClient(session);
        var arns = await ecs.ListTasksAsync("c", ct: TestContext.Current.CancellationToken);
        Assert.Equal(2, arns.Count); // two throttles retried, then two pages
        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("TOKENtokenTOKEN", r.SecurityToken));
        Assert.All(handler.Requests, r => Assert.Contains("/us-east-1/ecs/aws4_request", r.Authorization));
        Assert.Equal("AmazonEC2ContainerServiceV20141113.ListTasks", handler.Requests[0].Target);
        Assert.Contains("\"nextToken\":\"t2\"", handler.Requests[3].Body);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListTasksAsync("c", ct: TestContext.Current.CancellationToken));
        Assert.Equal("AccessDeniedException", ex.ErrorCode);
        Assert.False(ex.IsRetryable);
        Assert.DoesNotContain("SECRETsecretSECRET", ex.ToString());
        Assert.DoesNotContain("AKIAEXAMPLEKEY123456", ex.ToString());
        Assert.Contains("is not authorized", ex.Message);
    }

    [Fact]
    public void An_unknown_profile_is_bad_input_naming_the_profile()
    {
        TelemetryTestEnvironment.Apply(); // the shared config file is the tests' own (only [default] with a region)
        var ex = Assert.Throws<InvalidInputException>(() => AwsSession.Create(new AwsOptions { Region = "us-east-1", Profile = "no-such-profile" }));
        Assert.Equal("profile", ex.Input);
        Assert.Contains("no-such-profile", ex.Message);
    }

    private sealed record SeenRequest(string? Target, string? Authorization, string? SecurityToken, string Body);

    /// <summary>An HTTP handler that answers from a script and records what it was sent (no network).</summary>
    private sealed class ScriptedHandler(params (HttpStatusCode Status, string Body)[] script) : HttpMessageHandler
    {
        private int _next;
        public List<SeenRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string? H(string name) => request.Headers.TryGetValues(name, out var v) ? v.First() : null;
            Requests.Add(new SeenRequest(H("X-Amz-Target"), H("Authorization"), H("X-Amz-Security-Token"),
                request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
            var (status, body) = script[Math.Min(_next++, script.Length - 1)];
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") };
        }
    }
}
