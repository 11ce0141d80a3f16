using PypiKit.Incidents.Parsers;
using PypiKit.Json;

namespace PypiKit.Incidents;

/// <summary>
/// Loads an incident directory: ALB access logs anywhere below it (S3 layout or loose *.log[.gz]), host captures named
/// after their tool (<c>vmstat*</c>, <c>free*</c>, <c>sar*</c>, <c>iostat*</c>, <c>meminfo*</c>, <c>mountstats*</c>,
/// <c>docker*stats*</c>), CloudWatch exports (<c>*.json</c> with MetricDataResults or Datapoints) and <c>host.json</c>
/// (<see cref="HostFacts"/>). Everything lands on one <see cref="Timeline"/>.
/// </summary>
public static class IncidentLoader
{
    public static IncidentData Load(string directory, ParseOptions? options = null, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (!Directory.Exists(directory)) throw new InvalidInputException(directory, $"incident directory not found: {directory}");
        options = (options ?? ParseOptions.Tolerant).Validate();
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();

        var host = new HostFacts();
        var hostFile = files.FirstOrDefault(f => Path.GetFileName(f).Equals("host.json", StringComparison.OrdinalIgnoreCase));
        if (hostFile is not null)
        {
            try { host = PypiKitJson.Deserialize<HostFacts>(File.ReadAllText(hostFile)); }
            catch (System.Text.Json.JsonException ex) { throw new InvalidInputException(hostFile, $"{hostFile}: not a valid host.json ({ex.Message})"); }
        }
        if (host.StartTime is not null && options.StartTime is null) options = options with { StartTime = host.StartTime };
        if (host.IntervalSeconds is > 0 && options.Interval == TimeSpan.FromSeconds(1)) options = options with { Interval = TimeSpan.FromSeconds(host.IntervalSeconds.Value) };

        var timeline = new Timeline();
        var diags = new List<ParseDiagnostics>();
        var skipped = new List<string>();
        var albFiles = new List<string>();
        var vmstat = new List<VmstatSample>(); var free = new List<FreeSnapshot>(); var meminfo = new List<MeminfoSnapshot>();
        var iostat = new List<IostatSample>(); var sar = new List<SarReport>(); var mounts = new List<NfsMountStats>();
        var docker = new List<DockerStatsRow>();
        foreach (var f in files)
        {
            ct.ThrowIfCancellationRequested();
            var name = Path.GetFileName(f).ToLowerInvariant();
            var rel = Path.GetRelativePath(directory, f);
            if (f == hostFile || name.EndsWith(".md", StringComparison.Ordinal)) continue;
            progress?.Report(rel);
            if (name.StartsWith("vmstat", StringComparison.Ordinal)) { var p = VmstatParser.ParseFile(f, options); vmstat.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (name.StartsWith("free", StringComparison.Ordinal)) { var p = FreeParser.ParseFile(f, options); free.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (name.StartsWith("sar", StringComparison.Ordinal)) { var p = SarParser.ParseFile(f, options); sar.Add(p.Value); diags.Add(p.Diagnostics); }
            else if (name.StartsWith("iostat", StringComparison.Ordinal)) { var p = IostatParser.ParseFile(f, options); iostat.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (name.StartsWith("meminfo", StringComparison.Ordinal)) { var p = MeminfoParser.ParseFile(f, options); meminfo.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (name.StartsWith("mountstats", StringComparison.Ordinal)) { var p = MountstatsParser.ParseFile(f, options); mounts.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (name.StartsWith("docker", StringComparison.Ordinal) && name.Contains("stats", StringComparison.Ordinal)) { var p = DockerStatsParser.ParseFile(f, options); docker.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(f);
                if (text.Contains("MetricDataResults", StringComparison.Ordinal) || text.Contains("Datapoints", StringComparison.Ordinal))
                {
                    var p = CloudWatchJsonParser.Parse(text, f, options);
                    timeline.AddRange(p.Value);
                    diags.Add(p.Diagnostics);
                }
                else skipped.Add(rel);
            }
            else if ((name.EndsWith(".log", StringComparison.Ordinal) || name.EndsWith(".log.gz", StringComparison.Ordinal)) && AlbLogFiles.LooksLikeAlb(f)) albFiles.Add(f);
            else skipped.Add(rel);
        }

        AlbTrafficSummary? alb = null;
        if (albFiles.Count > 0)
        {
            var ordered = albFiles.OrderBy(f => AlbLogKey.TryParse(Path.GetRelativePath(directory, f), out var k) ? k.EndTime : DateTimeOffset.MinValue)
                .ThenBy(f => f, StringComparer.Ordinal).ToArray();
            var (summary, albDiags) = AlbLogFiles.Aggregate(ordered, options, AlbAggregationOptions.Full, ct);
            alb = summary;
            diags.AddRange(albDiags);
            timeline.AddRange(summary.ToSeries());
        }
        timeline.AddRange(VmstatParser.ToSeries(vmstat));
        timeline.AddRange(FreeParser.ToSeries(free));
        timeline.AddRange(MeminfoParser.ToSeries(meminfo));
        timeline.AddRange(IostatParser.ToSeries(iostat));
        foreach (var s in sar) timeline.AddRange(s.Series);
        timeline.AddRange(DockerStatsParser.ToSeries(docker));

        return new IncidentData
        {
            Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))),
            Timeline = timeline, Alb = alb, Vmstat = vmstat, Free = free, Meminfo = meminfo, Iostat = iostat, Sar = sar,
            Mountstats = mounts, DockerStats = docker, Host = host, Diagnostics = diags, SkippedFiles = skipped,
        };
    }
}
