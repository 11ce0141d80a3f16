using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PypiKit.Host;
using PypiKit.Incidents;
using PypiKit.Incidents.Datasets;
using PypiKit.Incidents.Parsers;
using PypiKit.Incidents.Reports;
using PypiKit.Json;
using PypiKit.Telemetry.Aws;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit analyze DIR</c>: incident analysis (parsers → timeline → ranked verdicts → Markdown/HTML/JSON report);
/// <c>analyze alb</c>: aggregate ALB access logs; <c>analyze dataset</c>: regenerate a bundled incident dataset;
/// <c>analyze synth-alb</c>: write a synthetic ALB log for benchmarks.
/// </summary>
public sealed class AnalyzeModule : ICliModule
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;


    /// <summary>The AWS options of one command (each command gets its own instances).</summary>
    private sealed class AwsOpts
    {
        public readonly Option<string?> Region = new("--region") { Description = "AWS region for s3:// sources (default: AWS_REGION / profile)." };
        public readonly Option<string?> Profile = new("--aws-profile") { Description = "AWS profile for s3:// sources (default: AWS_PROFILE / default chain)." };
        public readonly Option<string?> EndpointUrl = new("--endpoint-url") { Description = "S3-compatible endpoint for s3:// sources (e.g. http://127.0.0.1:5000 for moto)." };
        public Option[] All => [Region, Profile, EndpointUrl];

        public AwsClients Create(ParseResult r) => AwsClients.Create(new AwsOptions
        {
            Region = r.GetValue(Region), Profile = r.GetValue(Profile), EndpointUrl = r.GetValue(EndpointUrl),
        });
    }

    /// <summary>The --from/--to time window of one command: ALB requests outside it are counted, not aggregated.</summary>
    private sealed class WindowOpts
    {
        public readonly Option<string?> From = new("--from") { Description = "Only ALB requests at or after this time, e.g. 2025-12-27T16:40:00Z (no zone = UTC)." };
        public readonly Option<string?> To = new("--to") { Description = "Only ALB requests before this time, e.g. 2025-12-27T16:50:00Z (no zone = UTC)." };
        public Option[] All => [From, To];

        public AlbAggregationOptions Apply(ParseResult r, AlbAggregationOptions options)
        {
            var from = Time(r, From);
            var to = Time(r, To);
            if (from is not null && to is not null && from >= to)
                throw new InvalidInputException("--to", $"--to must be after --from, got --from {r.GetValue(From)} and --to {r.GetValue(To)}.");
            return options with { From = from, To = to };
        }

        private static DateTimeOffset? Time(ParseResult r, Option<string?> option)
        {
            if (r.GetValue(option) is not { } text) return null;
            if (!DateTimeOffset.TryParse(text, Inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                throw new InvalidInputException(option.Name, $"{option.Name} takes a date and time such as 2025-12-27T16:40:00Z, got '{text}'.");
            return t;
        }
    }

    private static bool IsS3(string? s) => s is not null && s.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    public Command Build()
    {
        var dir = new Argument<string>("dir")
        {
            Description = "Incident directory (or an s3://bucket/prefix holding only ALB logs): ALB access logs (*.log / *.log.gz, S3 layout AWSLogs/<acct>/elasticloadbalancing/<region>/yyyy/mm/dd/ or loose), " +
                          "host captures named after their tool (vmstat*, free*, sar*, iostat*, meminfo*, mountstats*, docker*stats*), " +
                          "CloudWatch GetMetricData/GetMetricStatistics exports (*.json) and an optional host.json (instance type, memory, start time). " +
                          "Several hosts: put each host's captures under hosts/<name>/ (with its own host.json); CloudWatch series labelled with an InstanceId go to that host. " +
                          "PypiKit's own report folders are read as runs: a folder holding a burst result (burst*.json, from 'pypikit burst' or 'pypikit lab'), " +
                          "or a campaign folder with such folders one level down (client latency and errors, host samples, telemetry snapshots and CloudWatch series).",
        };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for report.md, report.html and report.json (default: ./incident-report)." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first unreadable line (file:line in the error) instead of skipping and counting bad lines." };
        var albS3 = new Option<string?>("--alb") { Description = "Also read ALB access logs from s3://bucket/prefix (e.g. s3://logs/AWSLogs/123456789012/elasticloadbalancing/us-west-2/2025/12/27/)." };
        var top = new Option<int>("--evidence") { Description = "Evidence lines printed per verdict in the console summary (the report has all).", DefaultValueFactory = _ => 4 };
        var start = new Option<string?>("--start") { Description = "Where captures without time stamps start (vmstat/iostat without -t, free -s), e.g. 2025-12-27T16:35:00Z (default: host.json start_time)." };
        var interval = new Option<double?>("--interval") { Description = "Seconds between samples of captures without time stamps (the DELAY of vmstat/iostat, the -s of free; default: host.json interval_seconds, else 1)." };
        var maxLine = new Option<int>("--max-line") { Description = "Longest line read, in bytes; longer lines are rejected unread.", DefaultValueFactory = _ => ParseOptions.DefaultMaxLineBytes };
        var window = new WindowOpts();

        var cmd = new Command("analyze",
            "Analyse an incident: parse ALB logs, vmstat, free -m, sar, iostat, meminfo, NFS mountstats, docker stats and CloudWatch exports " +
            "onto one timeline, rank the likely causes (memory/swap, EFS throughput or credits, CPU or T-family credits, load imbalance, " +
            "client burst, 5xx source) with the numbers for and against each and when they changed, say what to do (remedies computed by the sizing models), " +
            "and write a Markdown + HTML + JSON report. Unreadable, damaged or unrecognised files are listed; --strict makes any of them an error.\n" +
            "Example: pypikit analyze data/incidents/2025-12-27 --out out/incident\n" +
            "Example: pypikit analyze results/burst-1 --out out/burst-1   (a 'pypikit burst --out' folder)\n" +
            "Example: pypikit analyze host-captures/ --alb s3://my-alb-logs/AWSLogs/123456789012/elasticloadbalancing/us-west-2/2025/12/27/ --region us-west-2");
        cmd.Arguments.Add(dir);
        var awsOpts = new AwsOpts();
        foreach (var o in new Option[] { output, strict, albS3, top, start, interval, maxLine }.Concat(window.All).Concat(awsOpts.All)) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(dir)!;
            var s3 = r.GetValue(albS3);
            if (s3 is not null && !IsS3(s3)) throw new InvalidInputException("--alb", $"--alb takes an s3://bucket/prefix URI, got '{s3}'.");
            if (IsS3(path)) { s3 = path; path = null!; }
            var outDir = Path.GetFullPath(r.GetValue(output) ?? "incident-report");
            if (File.Exists(outDir)) throw new InvalidInputException("--out", $"--out must be a directory, but '{r.GetValue(output)}' is a file.");
            var options = (r.GetValue(strict) ? ParseOptions.Strict : ParseOptions.Tolerant) with { MaxLineBytes = r.GetValue(maxLine) };
            if (options.MaxLineBytes < 256) throw new InvalidInputException("--max-line", $"--max-line must be at least 256 (bytes), got {options.MaxLineBytes}.");
            if (r.GetValue(start) is { } st)
            {
                if (!DateTimeOffset.TryParse(st, Inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                    throw new InvalidInputException("--start", $"--start takes a date and time such as 2025-12-27T16:35:00Z, got '{st}'.");
                options = options with { StartTime = t };
            }
            if (r.GetValue(interval) is { } iv)
            {
                if (!(iv > 0 && iv <= 86_400)) throw new InvalidInputException("--interval", $"--interval must be in (0, 86400] seconds, got {iv.ToString(Inv)}.");
                options = options with { Interval = TimeSpan.FromSeconds(iv) };
            }
            var albOptions = window.Apply(r, AlbAggregationOptions.Full);
            if (s3 is null && !Directory.Exists(path)) throw new InvalidInputException("dir", $"incident directory not found: {path}");
            ReportPages.CheckPlotlyJs();
            var sw = Stopwatch.StartNew();
            IncidentAnalysis analysis;
            if (s3 is null) analysis = IncidentAnalyzer.Analyze(path, options, ct: ct, albOptions: albOptions);
            else
            {
                using var aws = awsOpts.Create(r);
                analysis = await S3IncidentAnalyzer.AnalyzeAsync(path, aws.AlbLogs, s3, options, ct: ct, albOptions: albOptions);
            }
            Directory.CreateDirectory(outDir);
            var files = IncidentReportFiles.Write(analysis.Report, analysis.Data, outDir);
            PrintSummary(analysis, r.GetValue(top), sw.Elapsed);
            foreach (var f in files) CliConsole.Text.WriteLine($"wrote {f}");
            return 0;
        });

        cmd.Subcommands.Add(BuildAlb());
        cmd.Subcommands.Add(BuildDataset());
        cmd.Subcommands.Add(BuildSynth());
        return cmd;
    }

    private static void PrintSummary(IncidentAnalysis a, int evidence, TimeSpan elapsed)
    {
        var console = CliConsole.Out;
        var rep = a.Report;
        console.MarkupLine($"[bold]Incident {Markup.Escape(rep.Name)}[/]" +
            (rep.From is not null ? Markup.Escape(string.Create(Inv, $"  {rep.From:yyyy-MM-dd HH:mm:ss} – {rep.To:HH:mm:ss} UTC")) : "") +
            (rep.Host.InstanceType is not null ? Markup.Escape($"  host {rep.Host.InstanceType}") : ""));
        var sources = a.Data.Diagnostics;
        long rejected = sources.Sum(d => d.Rejected);
        console.MarkupLine(Markup.Escape(string.Create(Inv,
            $"{sources.Count} files parsed, {sources.Sum(d => d.Accepted):N0} lines/records accepted, {rejected:N0} rejected; {(a.Data.Alb?.Requests ?? 0):N0} ALB requests; {elapsed.TotalSeconds:0.0} s")));
        foreach (var d in sources.Where(d => d.Rejected > 0).Take(5))
            console.MarkupLine($"[yellow]{Markup.Escape(string.Create(Inv, $"  {Path.GetFileName(d.Source)}: {d.Rejected} rejected, first at line {d.RejectedLineNumbers[0]}: {(d.Rejects.Count > 0 ? d.Rejects[0].Reason : "")}"))}[/]");
        // never silently: files read but unusable, damaged, or not recognised at all
        foreach (var d in sources.Where(d => d.Problem is not null))
            console.MarkupLine($"[yellow]{Markup.Escape($"  {d.Source}: {d.Problem}")}[/]");
        foreach (var d in sources.Where(d => d.Problem is null && d.Accepted == 0 && d.LinesRead > 0))
            console.MarkupLine($"[yellow]{Markup.Escape($"  {d.Source}: nothing usable ({d.Rejected:N0} of {d.LinesRead:N0} lines rejected)")}[/]");
        if (a.Data.SkippedFiles.Count > 0)
            console.MarkupLine($"[yellow]{Markup.Escape($"  not recognised, skipped: {string.Join(", ", a.Data.SkippedFiles)}")}[/]");
        if (a.Data.Hosts.Count > 1) console.MarkupLine(Markup.Escape($"hosts: {string.Join(", ", a.Data.HostNames)}"));

        var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("Verdict").AddColumn("Host(s)").AddColumn("Status").AddColumn(new TableColumn("Score").RightAligned());
        int i = 1;
        foreach (var v in rep.Verdicts)
            table.AddRow(i++.ToString(Inv), Markup.Escape(v.Title), Markup.Escape(string.Join(", ", v.Hosts)), $"[{Color(v.Status)}]{MarkdownIncidentReport.Status(v.Status)}[/]", v.Score.ToString("0.00", Inv));
        console.Write(table);

        foreach (var v in rep.Verdicts.Where(v => v.Status is VerdictStatus.Likely or VerdictStatus.Possible))
        {
            console.MarkupLine($"[bold {Color(v.Status)}]{Markup.Escape(v.Title)}[/]: {Markup.Escape(v.Summary)}");
            foreach (var e in v.For.Take(evidence)) console.MarkupLine($"  [green]+[/] {Markup.Escape($"{e.Metric}: {e.Observed}")}{(e.Reference.Length > 0 ? $" [dim]({Markup.Escape(e.Reference)})[/]" : "")}");
            foreach (var e in v.Against.Take(Math.Max(1, evidence / 2))) console.MarkupLine($"  [red]-[/] {Markup.Escape($"{e.Metric}: {e.Observed}")} [dim]({Markup.Escape(e.Reference)})[/]");
        }
        foreach (var v in rep.Verdicts.Where(v => v.Status is VerdictStatus.RuledOut or VerdictStatus.Unlikely))
        {
            console.MarkupLine($"[{Color(v.Status)}]{Markup.Escape(v.Title)}[/] ({MarkdownIncidentReport.Status(v.Status)}): {Markup.Escape(v.Summary)}");
            foreach (var e in v.Against.Take(Math.Max(1, evidence / 2))) console.MarkupLine($"  [red]-[/] {Markup.Escape($"{e.Metric}: {e.Observed}")} [dim]({Markup.Escape(e.Reference)})[/]");
        }
    }

    private static string Color(VerdictStatus s) => s switch
    {
        VerdictStatus.Likely => "red",
        VerdictStatus.Possible => "yellow",
        VerdictStatus.Unlikely => "grey",
        VerdictStatus.RuledOut => "green",
        _ => "grey",
    };

    private static Command BuildAlb()
    {
        var inputs = new Argument<string[]>("path") { Description = "ALB access-log files (.log or .log.gz), directories searched recursively, or s3://bucket/prefix URIs.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the full aggregation as JSON (snake_case) instead of tables." };
        var counts = new Option<bool>("--counts-only") { Description = "Aggregate only requests per minute / IP / target, status codes and latency percentiles (skip per-client-minute and user-agent tables): the benchmark's work." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first malformed line (file:line) instead of counting rejects." };
        var cmd = new GracefulCommand("alb",
            "Aggregate AWS ALB access logs in one streaming pass: requests per minute, per client IP, per target and per user agent, " +
            "status codes (5xx from the balancer vs targets) and latency percentiles in seconds; prints throughput in MB/s on stderr.\n" +
            "Files may be gzipped, and may be pipes (<(aws s3 cp s3://… -)). Ctrl+C stops the reading: what was read is summarised, marked partial, exit 130.\n" +
            "Example: pypikit analyze alb data/incidents/2025-12-27/alb\n" +
            "Example: pypikit analyze alb s3://my-alb-logs/AWSLogs/123456789012/elasticloadbalancing/us-west-2/2025/12/27/ --region us-west-2");
        cmd.Arguments.Add(inputs);
        var awsOpts = new AwsOpts();
        var window = new WindowOpts();
        foreach (var o in new Option[] { json, counts, strict }.Concat(window.All).Concat(awsOpts.All)) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var aggOptions = window.Apply(r, r.GetValue(counts) ? AlbAggregationOptions.Counts : AlbAggregationOptions.Full);
            var files = new List<string>();
            var uris = new List<string>();
            foreach (var p in r.GetValue(inputs)!)
            {
                if (IsS3(p)) uris.Add(p);
                else if (Directory.Exists(p)) files.AddRange(AlbLogFiles.Find(p));
                else if (File.Exists(p)) files.Add(p);
                else throw new InvalidInputException(p, $"no such file or directory: {p}");
            }
            var options = r.GetValue(strict) ? ParseOptions.Strict : ParseOptions.Tolerant;
            var agg = new AlbTrafficAggregator(aggOptions);
            var diags = new List<ParseDiagnostics>();
            // Ctrl+C (or SIGTERM) stops the reading; what was read is summarised as usual, marked partial, exit 130
            using var signals = TerminationSignals.Handle(ct);
            string? interruptedIn = null;
            var sw = Stopwatch.StartNew();
            var cpuAtStart = ThreadCpuTime.Now();
            long bytes = 0;
            try
            {
                foreach (var f in files)
                {
                    var d = new ParseDiagnostics(f, AlbLogParser.Format, options);
                    diags.Add(d);
                    interruptedIn = f;
                    long before = agg.BytesRead;
                    using (var st = IncidentFiles.OpenRead(f)) agg.AddStream(st, d, signals.Token);
                    // a file's size on disk; for a pipe (a FIFO, <(zcat …): size 0) the bytes that came through it
                    long size = new FileInfo(f).Length;
                    bytes += size > 0 ? size : agg.BytesRead - before;
                }
                if (uris.Count > 0)
                {
                    using var aws = awsOpts.Create(r);
                    foreach (var uri in uris)
                        foreach (var (name, content) in await AlbS3Logs.DownloadAsync(aws.AlbLogs, uri, ct: signals.Token))
                            using (content)
                            {
                                var d = new ParseDiagnostics(name, AlbLogParser.Format, options);
                                diags.Add(d);
                                interruptedIn = name;
                                agg.AddStream(content, d, signals.Token);
                                bytes += content.Length;
                            }
                }
                // Ctrl+C in a pipeline stops the writer too: its pipe then ends as if complete, before the reader looked
                // at the signal. A signal seen only now still makes the result partial.
                if (!signals.Token.IsCancellationRequested) interruptedIn = null;
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                bytes = agg.BytesRead;
            }
            if (diags.Count == 0)
            {
                if (interruptedIn is not null || signals.Token.IsCancellationRequested) throw new OperationCanceledException();
                throw new InvalidInputException("path", "no ALB log files found.");
            }
            var summary = agg.ToSummary();
            sw.Stop();
            // local files are parsed and summarised on this one thread (no await between): its CPU time is what they cost,
            // start-up and the JIT's threads apart; after an S3 download the work may have moved threads, so no figure then
            var cpu = uris.Count == 0 ? ThreadCpuTime.Now() - cpuAtStart : null;
            var onThread = cpu is { TotalSeconds: > 0 } c0 ? string.Create(Inv, $"; {c0.TotalSeconds:0.000} CPU-s on the parsing thread = {bytes / 1e6 / c0.TotalSeconds:0.0} MB per CPU-second") : "";
            CliConsole.Error.WriteLine(string.Create(Inv,
                $"parsed {diags.Sum(d => d.LinesRead):N0} lines ({diags.Sum(d => d.Rejected):N0} rejected) from {diags.Count} file(s), {bytes / 1e6:0.0} MB, in {sw.Elapsed.TotalSeconds:0.000} s = {bytes / 1e6 / sw.Elapsed.TotalSeconds:0.0} MB/s{onThread}"));
            if (interruptedIn is not null)
                CliConsole.Error.WriteLine(string.Create(Inv,
                    $"interrupted while reading {interruptedIn}: the figures below cover the first {diags.Sum(d => d.LinesRead):N0} lines only ({diags.Count - 1} whole file(s) before it)."));
            int done = interruptedIn is null ? 0 : ExitCodes.Cancelled;
            if (r.GetValue(json)) { CliConsole.Text.WriteLine(PypiKitJson.Serialize(summary)); return done; }
            var c = CliConsole.Out;
            c.MarkupLine(Markup.Escape(string.Create(Inv, $"{summary.Requests:N0} requests {summary.First:yyyy-MM-dd HH:mm:ss} – {summary.Last:yyyy-MM-dd HH:mm:ss} UTC; latency p50 {summary.Latency.P50:0.000} s, p95 {summary.Latency.P95:0.000} s, p99 {summary.Latency.P99:0.000} s, max {summary.Latency.Max:0.000} s; 5xx: balancer {summary.ElbGenerated5xx}, targets {summary.Target5xx}")));
            var t1 = new Table().AddColumn("Client IP").AddColumn(new TableColumn("Requests").RightAligned()).AddColumn(new TableColumn("Peak/min").RightAligned());
            foreach (var x in summary.Clients.Take(10)) t1.AddRow(x.Key, x.Requests.ToString("N0", Inv), x.PeakPerMinute.ToString(Inv));
            c.Write(t1);
            var t2 = new Table().AddColumn("Target").AddColumn(new TableColumn("Requests").RightAligned()).AddColumn(new TableColumn("p95 s").RightAligned());
            foreach (var x in summary.Targets.Take(12)) t2.AddRow(x.Target, x.Requests.ToString("N0", Inv), x.P95Seconds.ToString("0.000", Inv));
            c.Write(t2);
            if (summary.PathClasses.Count > 0)
            {
                var t3 = new Table().AddColumn("Path class").AddColumn(new TableColumn("Requests").RightAligned()).AddColumn(new TableColumn("5xx").RightAligned())
                    .AddColumn(new TableColumn("MB sent").RightAligned()).AddColumn(new TableColumn("p50 s").RightAligned()).AddColumn(new TableColumn("p95 s").RightAligned());
                foreach (var x in summary.PathClasses)
                    t3.AddRow(Markup.Escape(x.Label), x.Requests.ToString("N0", Inv), x.Errors5xx.ToString("N0", Inv), (x.SentBytes / 1e6).ToString("0.0", Inv),
                        x.P50Seconds.ToString("0.000", Inv), x.P95Seconds.ToString("0.000", Inv));
                c.Write(t3);
                var ci = summary.Clients.Where(ClientShapes.IsCi).ToArray();
                c.MarkupLine(Markup.Escape(string.Create(Inv, $"CI-like client IPs: {ci.Length} of {summary.Clients.Count} ({ClientShapes.Rule}): {string.Join(", ", ci.Take(8).Select(x => x.Key))}")));
            }
            if (summary.OutsideWindow > 0) c.MarkupLine(Markup.Escape(string.Create(Inv, $"{summary.OutsideWindow:N0} valid requests outside --from/--to were left out.")));
            if (summary.UserAgents.Count > 0)
            {
                var t3 = new Table().AddColumn("User agent").AddColumn(new TableColumn("Requests").RightAligned()).AddColumn(new TableColumn("Peak/min").RightAligned());
                foreach (var x in summary.UserAgents.Take(10)) t3.AddRow(Markup.Escape(x.Key), x.Requests.ToString("N0", Inv), x.PeakPerMinute.ToString(Inv));
                c.Write(t3);
            }
            if (interruptedIn is not null) c.MarkupLine("[yellow]partial: interrupted before the end of the input (see above).[/]");
            return done;
        });
        return cmd;
    }

    private static Command BuildDataset()
    {
        var name = new Argument<string>("name") { Description = "Dataset to regenerate: 2025-12-27 (the published CI-burst / swap-storm incident, reconstructed)." };
        var output = new Option<string>("--out", "-o") { Description = "Directory to write into (created; existing generated files are overwritten).", Required = true };
        var cmd = new Command("dataset",
            "Regenerate a bundled incident dataset from its seeded generator (byte-identical on every run).\n" +
            "Example: pypikit analyze dataset 2025-12-27 --out data/incidents/2025-12-27");
        cmd.Arguments.Add(name);
        cmd.Options.Add(output);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var n = r.GetValue(name)!;
            var sc = n switch
            {
                "2025-12-27" => IncidentScenarios.Incident20251227,
                _ => throw new InvalidInputException("name", $"unknown dataset '{n}' (known: 2025-12-27)."),
            };
            var result = IncidentDatasetGenerator.Write(sc, r.GetValue(output)!);
            CliConsole.Text.WriteLine($"wrote {result.Files.Count} files ({result.Requests} ALB requests) to {result.Directory}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static Command BuildSynth()
    {
        var output = new Option<string>("--out", "-o") { Description = "File to write (plain text ALB log; replaced once the new one is complete).", Required = true }.Path(PathKind.OutputFile);
        var size = new Option<double>("--size-mb") { Description = "Approximate size in MB (10^6 bytes).", DefaultValueFactory = _ => 1000 }.Range(0.001, 100_000);
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var cmd = new GracefulCommand("synth-alb",
            "Write a synthetic but valid ALB access log (every field; 500 IPs, 12 targets) of a given size, for benchmarks. " +
            "It is written as <out>.partial and renamed when complete, so Ctrl+C leaves no short log behind (exit 130).\n" +
            "Example: pypikit analyze synth-alb --out /tmp/alb-1g.log --size-mb 1000");
        cmd.Options.Add(output); cmd.Options.Add(size); cmd.Options.Add(seed);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            double mb = r.GetValue(size);
            var sw = Stopwatch.StartNew();
            var path = r.GetValue(output)!;
            using var signals = TerminationSignals.Handle(ct);
            long n;
            try { n = SyntheticAlbLog.Write(path, (long)(mb * 1e6), r.GetValue(seed), ct: signals.Token); }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                CliConsole.Error.WriteLine($"interrupted: {path} was not written (a shortened log would look complete).");
                return Task.FromResult(ExitCodes.Cancelled);
            }
            CliConsole.Error.WriteLine(string.Create(Inv, $"wrote {n / 1e6:0.0} MB to {path} in {sw.Elapsed.TotalSeconds:0.0} s"));
            return Task.FromResult(0);
        });
        return cmd;
    }
}
