using System.Text.Json;
using PypiKit.Packages;
using PypiKit.Sandbox;

namespace PypiKit.Cli.Tests;

[Trait("Category", "Slow")]
public class ProbeCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probe_writes_a_calibration_that_size_predict_uses()
    {
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 1, Workers = 4, ScanLatencyMs = 10, ListingCache = false }, Ct);
        using (var upload = cluster.CreateUploadClient())
        {
            var wheel = WheelBuilder.Build(new WheelSpec("demo-pkg", "1.0.0"));
            Assert.True((await upload.UploadAsync(wheel.FileName, wheel.Content, ct: Ct)).Success);
        }
        using var temp = new TempDir("pypikit-probe-cli-");
        var dir = temp.Path;
        var file = Path.Combine(dir, "calibration.json");
        var probe = await CliRunner.RunAsync(["probe", "--target", cluster.Url, "--user", cluster.Credentials!.User, "--password", cluster.Credentials.Password,
            "--repetitions", "5", "--warmup", "2", "--out", file]);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        Assert.Contains("listing", probe.Stdout, StringComparison.Ordinal);
        Assert.Contains("calibration written to", probe.Stdout, StringComparison.Ordinal);
        // progress goes to stderr, time-stamped, one "done" line per operation (2 warm-up + 5 timed each)
        Assert.Matches(@"\d\d:\d\d:\d\dZ probe: listing 7/7 done", probe.Stderr);
        Assert.Matches(@"\d\d:\d\d:\d\dZ probe: download 7/7 done", probe.Stderr);
        Assert.DoesNotContain("probe: listing", probe.Stdout, StringComparison.Ordinal);
        using var cal = JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct));
        Assert.Equal("pypikit-calibration", cal.RootElement.GetProperty("schema").GetString());
        Assert.Equal("fast", cal.RootElement.GetProperty("fidelity").GetString());
        double listingMean = cal.RootElement.GetProperty("operations").EnumerateArray()
            .First(o => o.GetProperty("name").GetString() == "listing").GetProperty("mean_seconds").GetDouble();

        var predict = await CliRunner.RunAsync(["size", "predict", "--calibration", file, "--operation", "listing", "--total-workers", "4", "--concurrency", "64", "--json"]);
        Assert.True(predict.ExitCode == 0, predict.Stderr);
        using var j = JsonDocument.Parse(predict.Stdout);
        var p = j.RootElement.GetProperty("prediction");
        Assert.Equal(4, p.GetProperty("workers").GetInt32());
        // 64 clients on 4 workers with no CPU cap: saturated, X = 4 / S with S the probed listing mean.
        Assert.Equal(4 / listingMean, p.GetProperty("throughput_rps").GetDouble(), 4 / listingMean * 1e-6);
        Assert.Equal("measured by pypikit probe", j.RootElement.GetProperty("calibration_source").GetString());
        Assert.False(j.RootElement.GetProperty("calibration_fitted").GetBoolean());

        var table = await CliRunner.RunAsync(["size", "predict", "--calibration", file, "--total-workers", "4"]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("calibration: measured by pypikit probe", table.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target", "probe", "--target", "not-a-url")]
    [InlineData("--repetitions", "probe", "--target", "http://127.0.0.1:1/", "--repetitions", "1")]
    [InlineData("--server-pid", "probe", "--target", "http://127.0.0.1:1/", "--server-pid", "0")]
    [InlineData("--calibration", "size", "predict", "--calibration", "no-such-calibration.json")]
    [InlineData("--levels", "lab", "validate", "--levels", "4,x")]
    [InlineData("--regimes", "lab", "validate", "--regimes", "gpu-bound")]
    public async Task Bad_input_exits_2_naming_the_flag(string flag, params string[] args)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(flag, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Predict_reference_reads_the_run_both_ways()
    {
        var run = await CliRunner.RunAsync(["size", "predict", "--reference"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("A: evenly routed", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("B: one sticky task fits better", run.Stdout, StringComparison.Ordinal);
    }
}
