using PypiKit.Packages;
using PypiKit.Probe;
using PypiKit.Sandbox;
using PypiKit.Sandbox.Validation;
using PypiKit.Sizing.Model;

namespace PypiKit.Tests.Probe;

[Trait("Category", "Slow")]
public class ProbeRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SandboxCluster> StartAsync(double scanLatencyMs)
    {
        var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 1, Workers = 2, ScanLatencyMs = scanLatencyMs, ListingCache = false }, Ct);
        using var upload = cluster.CreateUploadClient();
        var wheel = WheelBuilder.Build(new WheelSpec("demo-pkg", "1.0.0"));
        Assert.True((await upload.UploadAsync(wheel.FileName, wheel.Content, ct: Ct)).Success);
        return cluster;
    }

    [Fact]
    public async Task Probe_times_each_operation_of_the_pip_chain_and_sees_the_server_cpu()
    {
        await using var cluster = await StartAsync(scanLatencyMs: 15);
        var seen = new List<ProbeProgress>();
        var cal = await ProbeRunner.RunAsync(new ProbeOptions
        {
            Target = new Uri(cluster.Url), User = cluster.Credentials!.User, Password = cluster.Credentials.Password,
            Repetitions = 8, Warmup = 2, ServerProcessIds = [Environment.ProcessId], Upload = true, IdleBaselineSeconds = 0.2,
        }, new Progress<ProbeProgress>(seen.Add), Ct);

        Assert.Equal(Calibration.MeasuredByProbe, cal.Source);
        Assert.False(cal.Fitted);
        Assert.Equal("fast", cal.Fidelity);
        Assert.StartsWith("sandbox-", Assert.Single(cal.Instances), StringComparison.Ordinal);
        Assert.Equal([ProbeOperations.Redirect, ProbeOperations.Listing, ProbeOperations.Index, ProbeOperations.Download, ProbeOperations.Upload],
            cal.Operations.Select(o => o.Name));
        foreach (var o in cal.Operations)
        {
            Assert.Equal(8, o.Requests);
            Assert.Equal(0, o.Errors);
            Assert.True(o.P95Seconds >= o.P50Seconds && o.P50Seconds > 0);
            Assert.NotNull(o.ServerCpuSeconds);
        }
        // The emulated 15 ms per listed directory is paid by the listing, not by the redirect.
        Assert.True(cal.Operation(ProbeOperations.Listing).P50Seconds >= 0.015);
        Assert.True(cal.Operation(ProbeOperations.Redirect).P50Seconds < 0.015);
        Assert.Equal("/simple/demo-pkg/", cal.Operation(ProbeOperations.Listing).Path);
        Assert.Contains(cal.Notes, n => n.Contains("inside the probing process", StringComparison.Ordinal));
        Assert.NotEmpty(seen);

        // The demand the model takes: the listing split by CPU; the pip chain mixes three operations.
        var listing = cal.Demand(ProbeOperations.Listing);
        Assert.Equal(cal.Operation(ProbeOperations.Listing).MeanSeconds, listing.MeanSeconds, 9);
        var chain = cal.Demand(ProbeOperations.PipChain);
        Assert.True(chain.Cv > 0);

        using var temp = new TempDir("pypikit-cal-");
        var path = Path.Combine(temp.Path, "calibration.json");
        await CalibrationFile.WriteAsync(cal, path, Ct);
        var back = CalibrationFile.Read(path);
        Assert.Equal(cal.Operations.Count, back.Operations.Count);
        Assert.Equal(cal.Operation(ProbeOperations.Listing).MeanSeconds, back.Operation(ProbeOperations.Listing).MeanSeconds);
        Assert.Contains("\"schema\": \"pypikit-calibration\"", await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_without_credentials_on_a_protected_index_names_the_user()
    {
        await using var cluster = await StartAsync(scanLatencyMs: 0);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ProbeRunner.RunAsync(new ProbeOptions { Target = new Uri(cluster.Url) }, null, Ct));
        Assert.Equal("user", ex.Input);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_and_files_reject_bad_input()
    {
        var ok = new ProbeOptions { Target = new Uri("http://127.0.0.1:1/") };
        Assert.Equal("repetitions", Assert.Throws<InvalidInputException>(() => (ok with { Repetitions = 2 }).Validate()).Input);
        Assert.Equal("server_pid", Assert.Throws<InvalidInputException>(() => (ok with { ServerProcessIds = [0] }).Validate()).Input);
        Assert.Equal("upload", Assert.Throws<InvalidInputException>(() => (ok with { Upload = true }).Validate()).Input);
        Assert.Equal("target", Assert.Throws<InvalidInputException>(() => (ok with { Target = new Uri("ftp://x/") }).Validate()).Input);
        Assert.Equal("server_pid", Assert.Throws<InvalidInputException>(() => new ProcessCpu([int.MaxValue]).ReadSeconds()).Input);
        using (var temp = new TempDir("pypikit-badcal-"))
        {
            var bad = Path.Combine(temp.Path, "calibration.json");
            File.WriteAllText(bad, "{\"schema\": \"something-else\", \"version\": 1, \"target\": \"x\", \"measured_at\": \"2026-01-01T00:00:00Z\", \"source\": \"x\", \"fitted\": false, \"operations\": []}");
            Assert.Contains("schema", Assert.Throws<InvalidInputException>(() => CalibrationFile.Read(bad)).Message, StringComparison.Ordinal);
            File.WriteAllText(bad, "not json");
            Assert.Equal("calibration", Assert.Throws<InvalidInputException>(() => CalibrationFile.Read(bad)).Input);
        }
        Assert.Equal("operation", Assert.Throws<InvalidInputException>(() => Calibration.Reference.Demand(ProbeOperations.Listing)).Input);
        Assert.True(Calibration.Reference.Fitted);
        Assert.Equal(Calibration.FittedToReference, Calibration.Reference.Source);
    }

    [Fact]
    public async Task Validation_probes_predicts_and_measures_each_level_without_fitting()
    {
        var report = await ModelValidation.RunAsync(new ValidationOptions
        {
            Regimes = [ValidationRegime.IoBound], Levels = [2, 8], LevelSeconds = 1, WarmupSeconds = 0.3, Instances = 1, WorkersPerInstance = 2,
            ProbeRepetitions = 5, ProbeWarmup = 2,
        }, null, Ct);
        Assert.Equal([2, 8], report.Rows.Select(r => r.Clients));
        var cal = Assert.Single(report.Calibrations);
        Assert.False(cal.Calibration.Fitted);
        Assert.Equal((2, Environment.ProcessorCount), (cal.Workers, cal.Cores));
        foreach (var row in report.Rows)
        {
            Assert.True(row.MeasuredThroughputRps > 0 && row.Requests > 0);
            var predicted = BurstModel.Predict(new BurstModelInputs
            {
                Clients = row.Clients, Tasks = 1, WorkersPerTask = 2, VcpusPerHost = Environment.ProcessorCount, Demand = cal.Demand,
            });
            Assert.Equal(Math.Round(predicted.ThroughputRps, 2), row.PredictedThroughputRps);
        }
        Assert.StartsWith("io-bound: ", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_validation_keeps_the_levels_measured_before_it_and_says_so()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // cancel once the second level starts measuring: the first is complete, the second is cut short
        var progress = new SynchronousProgress(p => { if (p.Step.StartsWith("8 clients", StringComparison.Ordinal)) cts.Cancel(); });
        var report = await ModelValidation.RunAsync(new ValidationOptions
        {
            Regimes = [ValidationRegime.IoBound], Levels = [2, 8, 16], LevelSeconds = 1, WarmupSeconds = 0, Instances = 1, WorkersPerInstance = 2,
            ProbeRepetitions = 5, ProbeWarmup = 2,
        }, progress, cts.Token);
        Assert.True(report.Cancelled);
        var row = Assert.Single(report.Rows);
        Assert.Equal(2, row.Clients);
        Assert.True(row.Requests > 0);
        Assert.StartsWith("cancelled after 1 level(s); io-bound: ", report.Verdict, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<ValidationProgress> report) : IProgress<ValidationProgress>
    {
        public void Report(ValidationProgress value) => report(value);
    }
}
