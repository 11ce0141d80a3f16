using System.Text.Json;
using PypiKit.Tests.Telemetry;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary>
/// The CLI side of "failures are data": an AWS endpoint lost in the middle of a burst leaves the burst's report, its exit
/// code and a list of telemetry failures; wrong input about AWS (region, profile) is exit 2 before anything starts.
/// </summary>
[Collection("telemetry-cli")]
[Trait("Category", "Slow")]
public sealed class TelemetryFailureCliTests(TelemetryCliFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_endpoint_killed_mid_burst_leaves_the_burst_report_its_exit_code_and_the_failures()
    {
        fx.RequireMoto();
        using var stub = new StubIndex();
        // The baseline of outputs.json takes nine calls; the proxy dies right after them.
        using var proxy = new FaultProxy(fx.Url) { KillAfter = 9 };
        var outDir = Path.Combine(fx.Dir, "burst-killed-" + Guid.NewGuid().ToString("N")[..6]);
        var run = await CliRunner.RunAsync(["burst", "--target", stub.Url, "--profile", "production_incident-local", "--duration", "3",
            "--out", outDir, "--stack-outputs", Path.Combine(fx.Dir, "outputs.json"), "--endpoint-url", proxy.Url, "--region", "us-east-1",
            "--telemetry-interval", "1", "--aws-attempts", "2"], timeout: TimeSpan.FromSeconds(120), environment: fx.Env());

        Assert.True(proxy.Killed, "the endpoint died during the run");
        var report = Assert.Single(Directory.GetFiles(outDir, "burst_*.json"));
        using var burst = JsonDocument.Parse(await File.ReadAllTextAsync(report, Ct));
        Assert.Equal(burst.RootElement.GetProperty("thresholds_passed").GetBoolean() ? 0 : 99, run.ExitCode);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "telemetry_snapshots.json"), Ct));
        var snaps = doc.RootElement.GetProperty("snapshots");
        Assert.Equal(0, snaps[0].GetProperty("errors").GetArrayLength()); // the baseline came through
        Assert.Equal("after burst", snaps[snaps.GetArrayLength() - 1].GetProperty("label").GetString());
        var failures = doc.RootElement.GetProperty("failures").EnumerateArray().ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal("network", f.GetProperty("kind").GetString()));
        Assert.Contains("telemetry warning", run.Stdout);
        var line = run.Stdout.Split('\n').First(l => l.Contains("ecs describe-services: network"));
        Assert.Single(run.Stdout.Split('\n'), l => l == line); // each failure printed once
    }

    [Fact]
    public async Task A_region_other_than_the_stacks_is_one_line_exit_2_and_no_burst_starts()
    {
        fx.RequireMoto();
        var outputs = Path.Combine(fx.Dir, "outputs.json");
        var snap = await CliRunner.RunAsync(["telemetry", "snapshot", "--stack-outputs", outputs, "--endpoint-url", fx.Url, "--region", "eu-west-1"],
            environment: fx.Env());
        Assert.Equal(2, snap.ExitCode);
        Assert.Contains("--region 'eu-west-1'", snap.Stderr);
        Assert.Contains("us-east-1", snap.Stderr);
        Assert.Single(snap.Stderr.Trim().Split('\n'));

        var outDir = Path.Combine(fx.Dir, "burst-region-" + Guid.NewGuid().ToString("N")[..6]);
        var burst = await CliRunner.RunAsync(["burst", "--target", "http://127.0.0.1:9/", "--profile", "production_incident-local", "--duration", "2",
            "--out", outDir, "--stack-outputs", outputs, "--endpoint-url", fx.Url, "--region", "eu-west-1"], environment: fx.Env());
        Assert.Equal(2, burst.ExitCode);
        Assert.Contains("--region", burst.Stderr);
        Assert.False(Directory.Exists(outDir), "nothing started, nothing written");
    }

    [Fact]
    public async Task An_unknown_profile_in_AWS_PROFILE_is_refused_like_the_flag()
    {
        fx.RequireMoto();
        var env = fx.Env();
        env["AWS_PROFILE"] = "nosuch";
        var run = await CliRunner.RunAsync(["telemetry", "snapshot", "--stack-outputs", Path.Combine(fx.Dir, "outputs.json"), "--endpoint-url", fx.Url,
            "--region", "us-east-1"], environment: env);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'nosuch' (from AWS_PROFILE) was not found", run.Stderr);
        var flag = await CliRunner.RunAsync(["telemetry", "snapshot", "--stack-outputs", Path.Combine(fx.Dir, "outputs.json"), "--endpoint-url", fx.Url,
            "--region", "us-east-1", "--aws-profile", "nosuch"], environment: fx.Env());
        Assert.Equal(2, flag.ExitCode);
        Assert.Contains("'nosuch' was not found", flag.Stderr);
    }
}
