using System.CommandLine;
using System.Globalization;
using PypiKit.Burst;
using PypiKit.Json;
using PypiKit.Packages;
using PypiKit.Sandbox;
using PypiKit.Sandbox.Balancer;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit lab</c>, the main job: start a sandbox cluster, upload the corpus, run a burst profile against it,
/// write the report folder, compare the measurement with the sizing latency model, print a summary, stop the cluster.
/// </summary>
public sealed class LabModule : ICliModule
{
    public Command Build()
    {
        var instances = new Option<int>("--instances") { Description = "Sandbox instances (like ECS tasks) behind the balancer.", DefaultValueFactory = _ => 2 };
        var workers = new Option<int>("--workers") { Description = "Concurrent requests per instance (gunicorn workers); more queue.", DefaultValueFactory = _ => 4 };
        var profile = new Option<string>("--profile") { Description = "Burst profile (built-in name or .json/.yaml file).", DefaultValueFactory = _ => "production_incident-local" };
        var duration = new Option<double?>("--duration") { Description = "Override the profile's duration, seconds." };
        var outDir = new Option<string>("--out") { Description = "Parent directory of the report folder (lab_<time>/ is created in it).", DefaultValueFactory = _ => "lab-results" };
        var sticky = new Option<bool>("--sticky") { Description = "Turn on ALB-style lb_cookie stickiness in the balancer (as the reference deployment has)." };
        var sharedJar = new Option<bool>("--shared-cookie-jar") { Description = "Reference compatibility: every virtual user shares one cookie jar (with --sticky this pins all traffic to one instance)." };
        var scanLatency = new Option<double>("--scan-latency-ms") { Description = "Emulated storage latency per directory scan, ms (EFS metadata cost).", DefaultValueFactory = _ => 0 };
        var versions = new Option<int>("--versions") { Description = "Versions per project in the uploaded corpus (100 projects test-package-000…099).", DefaultValueFactory = _ => 3 };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the instances inside this process instead of one child process each." };
        var cmd = new Command("lab",
            "The main job, on this machine: start a sandbox cluster (pypiserver-compatible instances behind an ALB-like balancer),\n" +
            "upload the corpus (100 projects), run a burst profile (production_incident-local by default, under a minute), write the\n" +
            "report folder (JSON, Markdown, HTML with charts, lab.json), compare measured throughput and p95 with the sizing latency\n" +
            "model, print a one-screen summary and stop the cluster. Exit codes: 0 pass, 99 a threshold breached, 2 bad input.\n\n" +
            "Example:\n  pypikit lab --instances 2 --workers 4 --out lab-results\n  pypikit lab --sticky --shared-cookie-jar   # the reference's one-target skew");
        foreach (var o in new Option[] { instances, workers, profile, duration, outDir, sticky, sharedJar, scanLatency, versions, inProcess }) cmd.Options.Add(o);
        cmd.Subcommands.Add(LabValidateCommand.Build());
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var n = r.GetValue(instances);
            var w = r.GetValue(workers);
            if (w < 1) throw new InvalidInputException("--workers", "--workers must be at least 1 (the model needs a worker count)");
            var v = r.GetValue(versions);
            if (v is < 1 or > 20) throw new InvalidInputException("--versions", "--versions must be between 1 and 20");
            var d = r.GetValue(duration);
            if (d is <= 0) throw new InvalidInputException("--duration", "--duration must be > 0 seconds");
            var burstProfile = BurstProfiles.Resolve(r.GetValue(profile)!);
            return await RunAsync(new LabSettings(n, w, burstProfile, d, r.GetValue(outDir)!, r.GetValue(sticky), r.GetValue(sharedJar),
                r.GetValue(scanLatency), v, r.GetValue(inProcess)), ct);
        });
        return cmd;
    }

    internal sealed record LabSettings(int Instances, int Workers, BurstProfile Profile, double? Duration, string OutDir, bool Sticky,
        bool SharedCookieJar, double ScanLatencyMs, int Versions, bool InProcess);

    /// <summary>What lab.json holds beside the burst report.</summary>
    public sealed record LabSummary(
        int Instances, int WorkersPerInstance, bool Stickiness, bool SharedCookieJar, double ScanLatencyMs, int CorpusFiles,
        double CorpusUploadSeconds, string Profile, double MeasuredThroughputRps, double MeasuredP95Ms, ModelComparison Model,
        BalancerStats Balancer, IReadOnlyList<string> Files);

    private static async Task<int> RunAsync(LabSettings s, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var folder = Path.Combine(s.OutDir, $"lab_{started.UtcDateTime:yyyyMMdd_HHmmss}");
        Directory.CreateDirectory(folder);
        var options = new SandboxClusterOptions
        {
            Instances = s.Instances,
            Workers = s.Workers,
            ScanLatencyMs = s.ScanLatencyMs,
            Hosting = s.InProcess ? InstanceHosting.InProcess : InstanceHosting.ChildProcess,
            ChildCommand = s.InProcess ? [] : SandboxModule.SelfCommand("sandbox", "serve"),
            Balancer = new BalancerOptions { Stickiness = s.Sticky },
        };
        CliConsole.Out.MarkupLine($"lab: starting {s.Instances} sandbox instance(s) × {s.Workers} workers{(s.Sticky ? ", sticky balancer" : "")} …");
        await using var cluster = await SandboxCluster.StartAsync(options, ct);
        CliConsole.Out.MarkupLine($"lab: cluster at [blue]{Markup.Escape(cluster.Url)}[/]");

        var corpusDir = Path.Combine(cluster.StateDirectory, "corpus");
        var uploadClock = System.Diagnostics.Stopwatch.StartNew();
        var corpusOptions = new CorpusOptions
        {
            ProjectCount = Math.Max(1, s.Profile.Packages),
            NamePrefix = s.Profile.PackagePrefix,
            Versions = Enumerable.Range(0, s.Versions).Select(i => i switch { 0 => "1.0.0", 1 => "1.1.0", 2 => "2.0.0", _ => $"2.{i - 2}.0" }).ToArray(),
        };
        CorpusResult corpus = null!;
        IReadOnlyList<UploadResult> uploads = [];
        await CliConsole.Out.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var gen = ctx.AddTask("generating corpus");
            corpus = await Corpus.GenerateAsync(corpusOptions, corpusDir, new Progress<CorpusProgress>(p => { gen.MaxValue = p.Total; gen.Value = p.Done; }), ct);
            var up = ctx.AddTask("uploading corpus", maxValue: corpus.Files.Count);
            using var client = cluster.CreateUploadClient();
            uploads = await Corpus.UploadAsync(corpus, client, maxParallelism: 8, new Progress<CorpusProgress>(p => up.Value = p.Done), ct);
        });
        var failed = uploads.Where(u => !u.Success && !u.AlreadyExists).ToList();
        if (failed.Count > 0) throw new IOException($"corpus upload failed for {failed.Count} file(s), first: {failed[0].FileName}: HTTP {failed[0].StatusCode}");
        uploadClock.Stop();
        CliConsole.Out.MarkupLine($"lab: uploaded {corpus.Files.Count} wheels in {uploadClock.Elapsed.TotalSeconds:0.0} s");

        var burst = new BurstOptions
        {
            Target = new Uri(cluster.Url),
            Profile = s.Profile,
            User = cluster.Credentials?.User,
            Password = cluster.Credentials?.Password,
            SharedCookieJar = s.SharedCookieJar,
            DurationSeconds = s.Duration,
        };
        var result = await BurstConsole.RunWithProgressAsync(burst, ct);
        // Every sandbox instance shares this machine's cores with the load generator, so no more requests are served
        // at once than there are cores: the model's K is the smaller of the two (on AWS each task has its own CPU).
        var servers = Math.Min(s.Instances * s.Workers, Environment.ProcessorCount);
        var comparison = BurstModelComparison.Compare(result, servers, excludeWarmUp: true);
        var written = (await BurstReportFiles.WriteAsync(result, folder, CancellationToken.None, comparison)).ToList();
        var lab = new LabSummary(s.Instances, s.Workers, s.Sticky, s.SharedCookieJar, s.ScanLatencyMs, corpus.Files.Count,
            Math.Round(uploadClock.Elapsed.TotalSeconds, 3), result.Profile, result.RequestsPerSecond, result.LatencyP95, comparison,
            cluster.GetStats(), written.Select(Path.GetFileName).ToList()!);
        var labPath = Path.Combine(folder, "lab.json");
        await File.WriteAllTextAsync(labPath, PypiKitJson.Serialize(lab), CancellationToken.None);
        written.Add(labPath);

        BurstConsole.Summary(result, written);
        PrintModel(comparison);
        CliConsole.Out.MarkupLine($"lab: report folder [blue]{Markup.Escape(folder)}[/]; stopping the cluster.");
        if (result.StopReason == "cancelled") return ExitCodes.Cancelled;
        return result.ThresholdsPassed ? 0 : BurstModule.ThresholdsBreached;
    }

    private static void PrintModel(ModelComparison c)
    {
        var ci = CultureInfo.InvariantCulture;
        if (c.Levels.Count == 0) { CliConsole.Out.MarkupLine($"model: {Markup.Escape(c.Calibration)}"); return; }
        var t = new Table().Title($"latency model: K = {c.Workers} servers (workers, capped at this machine's {Environment.ProcessorCount} cores), " +
                                  $"S = {(c.ServiceTimeSeconds * 1000).ToString("0.##", ci)} ms ({Markup.Escape(c.Calibration)}; first burst left out as warm-up)")
            .AddColumns("clients", "measured req/s", "predicted req/s", "measured p95 ms", "predicted p95 ms");
        foreach (var l in c.Levels)
            t.AddRow(l.Concurrency.ToString(ci), l.MeasuredThroughputRps.ToString("0.#", ci), l.PredictedThroughputRps.ToString("0.#", ci),
                l.MeasuredP95Ms.ToString("0.#", ci), l.PredictedP95Ms.ToString("0.#", ci));
        CliConsole.Out.Write(t);
    }
}
