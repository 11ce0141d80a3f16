using System.Text.Json;
using PypiKit.Json;
using PypiKit.Telemetry;

namespace PypiKit.Tests.Telemetry;

/// <summary>The catalogue, the metrics reader and the snapshot collector against the seeded moto stack.</summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public sealed class MetricsAndSnapshotsMotoTests(MotoFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StackTarget Target => new()
    {
        ClusterName = fx.Cluster, ServiceName = fx.Service, LoadBalancerArn = fx.LoadBalancerArn, TargetGroupArn = fx.TargetGroupArn,
        FileSystemId = fx.FileSystemId, InstanceIds = fx.InstanceIds, AutoScalingGroupName = "pypi-asg",
    };

    [Fact]
    public async Task The_whole_catalogue_reads_back_seeded_series_and_reports_unsupported_percentiles()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var panels = MetricCatalog.For(Target);
        Assert.Equal(MetricCatalog.Names.Count(n => !n.EndsWith("-fargate", StringComparison.Ordinal)), panels.Count); // an EC2 target
        var end = DateTimeOffset.UtcNow.AddMinutes(1);
        var report = await new MetricsReader(aws.CloudWatch).ReadAsync(panels, end.AddHours(-2), end, ct: Ct);

        MetricSeries Line(string panel, string id) => Assert.Single(report.Series, s => s.Panel == panel && s.LineId == id);
        Assert.Equal(Enumerable.Range(10, 12).Select(v => (double)v), Line("efs-throughput-utilization", "io_limit").Series.Points.Select(p => p.Value));
        Assert.Equal("Percent", Line("efs-throughput-utilization", "io_limit").Series.Unit);
        Assert.Equal(52, Line("ecs-cpu-memory", "cpu_max").Series.Max);
        Assert.Equal(1200, Line("alb-requests", "requests").Series.Max);
        Assert.Equal(2, Line("alb-target-health", "healthy").Series.Max);
        Assert.Equal(11, Line("host-swap", "i1").Series.Max);
        Assert.Equal(144, Line("host-cpu-credits", "i0").Series.Max);
        Assert.Equal(0.25, Line("alb-target-response-time", "avg").Series.Max);

        // moto cannot compute p50/p95/p99 (HTTP 500): they come back empty with a warning, the rest still arrives.
        Assert.Equal("Unsupported", Line("alb-target-response-time", "p95").Status);
        Assert.Contains(report.Warnings, w => w.Contains("percentile") && w.Contains("alb-target-response-time/p99"));

        // Alarms are evaluated on their line; nothing seeded breaches.
        Assert.False(Line("alarm-efs-throughput-high", "value").AlarmBreaching);
        Assert.False(Line("alarm-efs-burst-credits-low", "value").AlarmBreaching);
        // Inputs of the success-rate expression are hidden; only the expression comes back.
        Assert.DoesNotContain(report.Series, s => s.Panel == "alarm-low-success-rate" && s.LineId == "target_5xx");
        Line("alarm-low-success-rate", "value");
    }

    [Fact]
    public async Task A_baseline_and_iteration_snapshots_record_ecs_targets_tasks_and_hosts_and_are_written_as_json()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var collector = new SnapshotCollector(aws, new SnapshotOptions(Target with { TargetGroupArn = null })
        {
            CollectHostCommands = true,
            HostCommands = [new HostCommand("free_m", "free -m", 10), new HostCommand("vmstat", "vmstat 1 2", 10)],
        });
        var baseline = await collector.CollectBaselineAsync(Ct);
        var iter0 = await collector.CollectAsync(0, "burst 1", Ct);

        Assert.True(baseline.IsBaseline);
        Assert.Equal(-1, baseline.Iteration);
        Assert.Empty(baseline.Errors);
        Assert.Equal(3, baseline.Service!.Desired);
        Assert.Contains(baseline.Warnings, w => w.Contains("!= desired"));
        Assert.Equal(2, baseline.TargetCounts.Healthy);
        Assert.Equal("300", baseline.TargetGroupAttributes["deregistration_delay.timeout_seconds"]);
        Assert.Equal(fx.TaskArns.Count, baseline.Tasks.Count);
        Assert.Equal(fx.TaskArns.Count, baseline.TasksPerInstance.Values.Sum());
        Assert.All(baseline.TasksPerInstance.Keys, k => Assert.Contains(k, fx.InstanceIds));
        Assert.Equal(fx.InstanceIds.Order(), baseline.Hosts.Select(h => h.InstanceId).Order());
        Assert.All(baseline.Hosts, h => Assert.Equal(["free_m", "vmstat"], h.Commands.Keys.Order()));
        Assert.Equal(0, iter0.Iteration);
        Assert.Equal(2, collector.Snapshots.Count);

        var dir = Path.Combine(TelemetryTestEnvironment.Directory, "snapshots-" + Guid.NewGuid().ToString("N")[..8]);
        var one = SnapshotFiles.Write(dir, baseline);
        Assert.Contains("telemetry_snapshot_baseline_", one);
        var all = SnapshotFiles.WriteAll(dir, collector.Snapshots);
        var json = await File.ReadAllTextAsync(all, Ct);
        using (var doc = JsonDocument.Parse(json))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("total_snapshots").GetInt32());
            Assert.Equal(2, doc.RootElement.GetProperty("snapshots")[0].GetProperty("target_counts").GetProperty("healthy").GetInt32());
        }
        Assert.DoesNotContain("testing", json); // the dummy access key and secret never reach a report
        var back = SnapshotFiles.Read(all);
        Assert.Equal(collector.Snapshots[1].Tasks.Count, back.Snapshots[1].Tasks.Count);

        var series = SnapshotSeries.From(back.Snapshots);
        Assert.Equal([2.0, 2.0], series.Single(s => s.Name == "targets_healthy").Points.Select(p => p.Value));
    }

    [Fact]
    public async Task A_snapshot_of_a_missing_cluster_records_the_aws_error_instead_of_failing()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var snap = await new SnapshotCollector(aws, new SnapshotOptions(new StackTarget { ClusterName = "nope", ServiceName = "x" }))
            .CollectAsync(3, ct: Ct);
        Assert.Contains(snap.Errors, e => e.Message.Contains("ClusterNotFoundException") && e.Kind == TelemetryFailureKind.AwsError);
        Assert.Null(snap.Service);
        Assert.Equal(3, snap.Iteration);
        Assert.DoesNotContain("testing", PypiKitJson.Serialize(snap));
    }
}
