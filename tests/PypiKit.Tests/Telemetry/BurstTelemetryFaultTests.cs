using System.Text.Json;
using Amazon.Runtime;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>
/// Telemetry beside a burst against moto behind a fault-injecting proxy: an endpoint lost mid-run, a reply no protocol
/// can parse, an endpoint that never answers. Failures are recorded and written; nothing throws into the caller.
/// </summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public sealed class BurstTelemetryFaultTests(MotoFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StackTarget Target => new()
    {
        ClusterName = fx.Cluster, ServiceName = fx.Service, LoadBalancerArn = fx.LoadBalancerArn, TargetGroupArn = fx.TargetGroupArn,
    };

    private static AwsOptions Via(FaultProxy proxy) => new()
    {
        EndpointUrl = proxy.Url, Region = "us-east-1", Credentials = new BasicAWSCredentials("testing", "testing"),
        MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(1),
    };

    private static string NewDir() => Path.Combine(TelemetryTestEnvironment.Directory, "burst-telemetry-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task An_endpoint_killed_mid_run_is_recorded_as_network_failures_and_the_files_are_still_written()
    {
        fx.RequireMoto();
        using var proxy = new FaultProxy(fx.Moto.Url);
        using var telemetry = BurstTelemetry.Create(Via(proxy), new SnapshotOptions(Target) { Timeout = TimeSpan.FromSeconds(5) },
            new BurstTelemetryOptions { Interval = TimeSpan.FromSeconds(1), BaselineWait = TimeSpan.FromSeconds(20) });

        var baseline = await telemetry.StartAsync(Ct);
        Assert.NotNull(baseline);
        Assert.Empty(baseline.AllFailures);
        Assert.Equal(3, baseline.Service!.Desired);
        proxy.Kill();
        while (telemetry.Failures.Count == 0) await Task.Delay(100, Ct); // a periodic snapshot meets the dead endpoint

        var dir = NewDir();
        var outcome = await telemetry.FinishAsync(dir, Ct);
        Assert.True(outcome.Snapshots.Count >= 3, "baseline, at least one periodic snapshot, and the one after the burst");
        Assert.Equal("after burst", outcome.Snapshots[^1].Label);
        Assert.NotEmpty(outcome.Snapshots[^1].Errors);
        Assert.All(outcome.Snapshots[^1].Errors, e => Assert.Equal(TelemetryFailureKind.Network, e.Kind));
        // Each failing part is listed once, with how often it failed.
        var describe = Assert.Single(outcome.Failures, f => f.Part == "ecs describe-services");
        Assert.True(describe.Occurrences >= 2);
        Assert.Equal(outcome.Failures.Count, outcome.Failures.Select(f => (f.Part, f.Kind, f.Message)).Distinct().Count());

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, SnapshotFiles.ConsolidatedFileName), Ct));
        var failures = doc.RootElement.GetProperty("failures");
        Assert.Contains(failures.EnumerateArray(), f => f.GetProperty("kind").GetString() == "network" && f.GetProperty("occurrences").GetInt32() >= 2);
        Assert.Equal(outcome.Snapshots.Count, doc.RootElement.GetProperty("total_snapshots").GetInt32());
        Assert.Contains("telemetry failure", telemetry.LiveLine());
    }

    [Fact]
    public async Task A_reply_that_is_not_json_or_xml_is_a_malformed_reply_failure_not_an_exception()
    {
        fx.RequireMoto();
        using var proxy = new FaultProxy(fx.Moto.Url, FaultMode.Garbage);
        using var aws = new AwsClients(AwsSession.Create(Via(proxy)));
        var snap = await new SnapshotCollector(aws, new SnapshotOptions(Target)).CollectAsync(0, ct: Ct);
        Assert.Contains(snap.Errors, e => e.Part == "ecs describe-services" && e.Kind == TelemetryFailureKind.MalformedReply);
        Assert.Contains(snap.Errors, e => e.Part == "elbv2 describe-target-health" && e.Kind == TelemetryFailureKind.MalformedReply);
        Assert.Null(snap.Service);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_costs_the_baseline_wait_and_the_snapshot_limit_at_most()
    {
        fx.RequireMoto();
        using var proxy = new FaultProxy(fx.Moto.Url, FaultMode.Hang);
        using var telemetry = BurstTelemetry.Create(Via(proxy) with { RequestTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 4 },
            new SnapshotOptions(Target) { Timeout = TimeSpan.FromSeconds(2) },
            new BurstTelemetryOptions { Interval = TimeSpan.FromSeconds(60), BaselineWait = TimeSpan.FromMilliseconds(300) });

        Assert.Null(await telemetry.StartAsync(Ct)); // the burst would start now, without the baseline
        Assert.Contains(telemetry.Failures, f => f.Part == "baseline snapshot" && f.Kind == TelemetryFailureKind.Timeout);

        var outcome = await telemetry.FinishAsync(NewDir(), Ct);
        var after = outcome.Snapshots.Single(s => s.Label == "after burst");
        Assert.NotEmpty(after.Errors);
        Assert.All(after.Errors, e => Assert.Equal(TelemetryFailureKind.Timeout, e.Kind));
    }

    [Fact]
    public async Task A_task_stopped_for_memory_appears_with_its_reason_and_is_counted()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        const string service = "pypi-oom-probe"; // its own task group, so the shared stack's task counts stay as seeded
        var run = await aws.Ecs.RunTaskAsync(new EcsRunTaskRequest(fx.Cluster, "probe") { LaunchType = "EC2", Group = "service:" + service }, Ct);
        var task = Assert.Single(run.Items);
        const string reason = "OutOfMemoryError: Container killed due to memory usage";
        await aws.Ecs.StopTaskAsync(fx.Cluster, task.TaskArn, reason, Ct);

        var snap = await new SnapshotCollector(aws, new SnapshotOptions(new StackTarget { ClusterName = fx.Cluster, ServiceName = service }))
            .CollectAsync(1, ct: Ct);
        var stopped = Assert.Single(snap.Tasks, t => t.TaskArn == task.TaskArn);
        Assert.Equal("STOPPED", stopped.DesiredStatus);
        Assert.True(stopped.OomKilled);
        Assert.Contains(reason, stopped.StopSummary);
        Assert.Equal(1, snap.OomKills);
        Assert.Equal(1, snap.StoppedTasks);
        Assert.Contains(snap.Warnings, w => w.Contains("killed for memory"));
        Assert.DoesNotContain(task.TaskArn, snap.TasksPerInstance.Keys); // stopped tasks are not placed
    }
}
