using System.Text.Json;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary><c>pypikit burst --stack-outputs FILE</c>: a baseline and per-iteration snapshots land beside the burst report.</summary>
[Collection("telemetry-cli")]
[Trait("Category", "Slow")]
public sealed class BurstTelemetryCliTests(TelemetryCliFixture fx)
{
    [Fact]
    public async Task A_burst_with_stack_outputs_writes_baseline_and_iteration_snapshots_beside_its_report()
    {
        fx.RequireMoto();
        using var stub = new StubIndex();
        var outDir = Path.Combine(fx.Dir, "burst-" + Guid.NewGuid().ToString("N")[..6]);
        var run = await CliRunner.RunAsync(["burst", "--target", stub.Url, "--profile", "production_incident-local", "--duration", "2",
            "--out", outDir, "--stack-outputs", Path.Combine(fx.Dir, "outputs.json"), "--endpoint-url", fx.Url, "--region", "us-east-1"],
            timeout: TimeSpan.FromSeconds(90), environment: fx.Env());
        Assert.True(run.ExitCode is 0 or 99, run.Stdout + run.Stderr); // 99: the stub index fails the profile's thresholds
        Assert.Single(Directory.GetFiles(outDir, "burst_*.json"));
        Assert.Single(Directory.GetFiles(outDir, "telemetry_snapshot_baseline_*.json"));
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "telemetry_snapshots.json"), TestContext.Current.CancellationToken));
        var snaps = doc.RootElement.GetProperty("snapshots");
        Assert.True(snaps.GetArrayLength() >= 2, "a baseline and at least one iteration snapshot");
        Assert.True(snaps[0].GetProperty("is_baseline").GetBoolean());
        Assert.Equal(3, snaps[0].GetProperty("service").GetProperty("desired").GetInt32());
        Assert.Equal(0, snaps[0].GetProperty("errors").GetArrayLength());
        Assert.DoesNotContain(fx.SecretAccessKey, run.Stdout + run.Stderr + doc.RootElement.GetRawText());
        // The burst window's CloudWatch series, beside the report, for charts on the burst's time axis.
        using var metrics = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "telemetry_metrics.json"), TestContext.Current.CancellationToken));
        Assert.Contains(metrics.RootElement.GetProperty("series").EnumerateArray(), s => s.GetProperty("panel").GetString() == "efs-throughput-utilization");
    }
}
