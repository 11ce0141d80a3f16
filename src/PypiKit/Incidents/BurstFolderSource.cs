using System.Text.Json;
using System.Text.RegularExpressions;
using PypiKit.Burst;
using PypiKit.Incidents.Parsers;
using PypiKit.Json;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>
/// Reads PypiKit's own report folders as an incident: a burst folder (<c>pypikit burst --out</c>, a lab folder), or a
/// campaign folder holding several of them one level down. A folder is one when it (or a folder right below it) holds a
/// burst result, <c>burst*.json</c> that is not a CloudWatch export; every such file must then parse, else one error names it.
/// <list type="bullet">
/// <item>the load generator's view (<see cref="ClientRun"/>): requests, errors and p50/p95/p99 per second as <c>client.*</c>;</item>
/// <item>host samples taken beside a sandbox burst (in the burst result, or a lab's <c>lab.json</c>) on the names the
/// rules read (<see cref="SampledHost"/>: <c>vmstat.si</c>, <c>vmstat.wa</c>, <c>meminfo.MemAvailable</c>, …);</item>
/// <item>CloudWatch series of the burst window (<c>telemetry_metrics.json</c>) as <c>cloudwatch.&lt;Metric&gt;.&lt;Stat&gt;</c>
/// (EFS BurstCreditBalance, PercentIOLimit, ECS CPU/memory, ALB 5xx by source, …; the InstanceId appended for
/// per-instance lines);</item>
/// <item>telemetry snapshots (<c>telemetry_snapshots.json</c>): ECS tasks and target health as <c>ecs.*</c> / <c>targets.*</c>;</item>
/// <item>a campaign's <c>stack-outputs.json</c>: the host facts (instance type, RAM, tasks per instance) from its <c>capacityInfo</c>.</item>
/// </list>
/// Several runs' series of one name are joined in time order (each burst covers its own window).
/// </summary>
internal static partial class BurstFolderSource
{
    /// <summary>The consolidated CloudWatch series file a burst with telemetry writes (BurstTelemetry.MetricsFileName in PypiKit.Aws).</summary>
    public const string MetricsFileName = "telemetry_metrics.json";

    /// <summary>The consolidated snapshot file (SnapshotFiles.ConsolidatedFileName in PypiKit.Aws).</summary>
    public const string SnapshotsFileName = "telemetry_snapshots.json";

    /// <summary>The lab report beside a lab's burst result (LabReportFiles.JsonFileName in PypiKit.Sandbox): its <c>host</c> holds the host samples.</summary>
    public const string LabFileName = "lab.json";

    /// <summary>The stack outputs a campaign writes beside its burst (secrets masked); its <c>capacityInfo</c> gives the host facts.</summary>
    public const string StackOutputsFileName = "stack-outputs.json";

    [GeneratedRegex(@"^burst(_[^/\\]*)?\.json$", RegexOptions.IgnoreCase)]
    private static partial Regex BurstFileName();

    /// <summary>
    /// The burst results of a burst, lab or campaign folder: <c>burst*.json</c> files in it or one folder down that are
    /// not CloudWatch exports; empty for anything else (a capture).
    /// </summary>
    public static IReadOnlyList<string> FindBurstFiles(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        var top = Directory.EnumerateFiles(directory, "*.json", SearchOption.TopDirectoryOnly);
        var below = Directory.EnumerateDirectories(directory).SelectMany(d => Directory.EnumerateFiles(d, "*.json", SearchOption.TopDirectoryOnly));
        return top.Concat(below).Where(f => BurstFileName().IsMatch(Path.GetFileName(f)) && !LooksLikeCloudWatchExport(f))
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    private static bool LooksLikeCloudWatchExport(string file)
    {
        using var reader = IncidentFiles.OpenText(file);
        var head = new char[4096];
        var n = reader.ReadBlock(head, 0, head.Length);
        var text = new string(head, 0, n);
        return text.Contains("MetricDataResults", StringComparison.Ordinal) || text.Contains("Datapoints", StringComparison.Ordinal);
    }

    /// <summary>Loads the folder's runs; a damaged or unreadable report file throws one <see cref="InvalidInputException"/> naming it.</summary>
    public static IncidentData Load(string directory, IReadOnlyList<string> burstFiles, string? name = null, IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        var runs = new List<ClientRun>();
        var series = new List<TimeSeries>();
        var vmstat = new List<VmstatSample>();
        var diags = new List<ParseDiagnostics>();
        foreach (var file in burstFiles)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(Path.GetRelativePath(directory, file));
            var run = new ClientRun(file, ReadBurst(file));
            runs.Add(run);
            series.AddRange(run.ToSeries());
            diags.Add(Accepted(file, "pypikit-burst", run.Result.PerSecond.Count));
            // a lab keeps its host samples in lab.json beside the burst result, not in it
            var lab = Path.Combine(Path.GetDirectoryName(file)!, LabFileName);
            if (run.Result.Host is null && File.Exists(lab))
            {
                progress?.Report(Path.GetRelativePath(directory, lab));
                var labHost = Guarded(lab, "lab report", root => root.TryGetProperty("host", out var h) && h.ValueKind == JsonValueKind.Object
                    ? h.Deserialize<Host.HostSamplingResult>(PypiKitJson.Options) : null);
                if (labHost is not null)
                {
                    run = run with { Result = run.Result with { Host = labHost } };
                    runs[^1] = run;
                    diags.Add(Accepted(lab, "pypikit-lab", labHost.Snapshots));
                }
            }
            if (run.Result.Host is { } host)
            {
                vmstat.AddRange(SampledHost.Vmstat(host));
                series.AddRange(SampledHost.Series(host));
            }
        }
        foreach (var folder in burstFiles.Select(f => Path.GetDirectoryName(f)!).Distinct(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var metrics = Path.Combine(folder, MetricsFileName);
            if (File.Exists(metrics))
            {
                progress?.Report(Path.GetRelativePath(directory, metrics));
                var read = Guarded(metrics, "telemetry file", RunTelemetryFiles.Metrics);
                series.AddRange(read);
                diags.Add(Accepted(metrics, "cloudwatch", read.Count));
            }
            var snapshots = Path.Combine(folder, SnapshotsFileName);
            if (File.Exists(snapshots))
            {
                progress?.Report(Path.GetRelativePath(directory, snapshots));
                var (read, count) = Guarded(snapshots, "telemetry file", RunTelemetryFiles.Snapshots);
                series.AddRange(read);
                diags.Add(Accepted(snapshots, "telemetry-snapshots", count));
            }
        }

        var facts = new HostFacts
        {
            Notes = "PypiKit's own run(s): client series from the load generator" + (runs.Any(r => r.Result.Host is not null) ? ", host series from its /proc sampler" : ""),
        };
        var outputs = new[] { directory }.Concat(burstFiles.Select(f => Path.GetDirectoryName(f)!)).Select(d => Path.Combine(d, StackOutputsFileName))
            .FirstOrDefault(File.Exists);
        if (outputs is not null)
        {
            progress?.Report(Path.GetRelativePath(directory, outputs));
            facts = Guarded(outputs, "stack outputs", root => RunTelemetryFiles.StackFacts(root, facts));
            diags.Add(Accepted(outputs, "stack-outputs", 1));
        }

        var samples = new HostSamples { Vmstat = vmstat.OrderBy(v => v.Time).ToArray() };
        var hostSeries = Join(series.Where(IsHostSeries)).ToArray();
        var shared = Join(series.Where(s => !IsHostSeries(s))).ToArray();
        var hosts = hostSeries.Length == 0 ? Array.Empty<HostCapture>()
            : [new HostCapture { Name = IncidentLoader.DefaultHostName, Facts = facts, Timeline = new Timeline(hostSeries), Samples = samples }];
        return new IncidentData
        {
            Name = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))),
            Timeline = new Timeline(shared).AddRange(hostSeries),
            SharedSeries = shared, Hosts = hosts, Samples = samples, Host = facts, Diagnostics = diags,
            ClientRuns = runs.OrderBy(r => r.Result.StartTime).ToArray(),
        };
    }

    private static BurstResult ReadBurst(string file)
    {
        try
        {
            string text;
            using (var reader = IncidentFiles.OpenText(file)) text = reader.ReadToEnd();
            return PypiKitJson.Deserialize<BurstResult>(text);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException or DamagedInputException)
        {
            throw Damaged(file, "burst result", e);
        }
    }

    private static T Guarded<T>(string file, string what, Func<JsonElement, T> read)
    {
        try
        {
            string text;
            using (var reader = IncidentFiles.OpenText(file)) text = reader.ReadToEnd();
            using var doc = JsonDocument.Parse(text);
            return read(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or NotSupportedException
                                      or KeyNotFoundException or DamagedInputException)
        {
            throw Damaged(file, what, e);
        }
    }

    private static InvalidInputException Damaged(string file, string what, Exception e) =>
        new(file, $"{what} '{file}' is damaged or unreadable ({FirstLine(e.Message)}); nothing was analysed", e);

    private static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r');

    private static ParseDiagnostics Accepted(string file, string format, long records) =>
        new(file, format, ParseOptions.Tolerant) { LinesRead = records, Accepted = records };

    /// <summary>A series that belongs to the sampled host (its own timeline), not to the client or the stack.</summary>
    private static bool IsHostSeries(TimeSeries s) =>
        s.Name.StartsWith("vmstat.", StringComparison.Ordinal) || s.Name.StartsWith("meminfo.", StringComparison.Ordinal) || s.Name.StartsWith("host.", StringComparison.Ordinal);

    /// <summary>Series of one name from several runs, joined in time order.</summary>
    private static IEnumerable<TimeSeries> Join(IEnumerable<TimeSeries> series) =>
        series.GroupBy(s => s.Name, StringComparer.Ordinal)
            .Select(g => g.First() with { Points = g.SelectMany(s => s.Points).OrderBy(p => p.Time).ToArray() })
            .Where(s => !s.IsEmpty);
}
