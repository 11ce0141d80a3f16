using PypiKit.Incidents.Parsers;
using PypiKit.Json;

namespace PypiKit.Incidents;

/// <summary>
/// Loads an incident directory: ALB access logs anywhere below it (S3 layout or loose *.log[.gz]), host captures named
/// after their tool (<c>vmstat*</c>, <c>free*</c>, <c>sar*</c>, <c>iostat*</c>, <c>meminfo*</c>, <c>mountstats*</c>,
/// <c>docker*stats*</c>), CloudWatch exports (<c>*.json</c> with MetricDataResults or Datapoints) and <c>host.json</c>
/// (<see cref="HostFacts"/>). Everything lands on one <see cref="Timeline"/>. Extra ALB logs (e.g. downloaded from S3
/// with <see cref="AlbS3Logs"/>) can be passed as streams; the directory may then be null.
/// </summary>
public static class IncidentLoader
{
    public static IncidentData Load(string? directory, ParseOptions? options = null, IProgress<string>? progress = null, CancellationToken ct = default,
        IEnumerable<(string Name, Stream Content)>? albStreams = null, string? name = null)
    {
        if (directory is not null && !Directory.Exists(directory)) throw new InvalidInputException(directory, $"incident directory not found: {directory}");
        if (directory is null && albStreams is null) throw new InvalidInputException("directory", "give an incident directory or ALB log streams.");
        options = (options ?? ParseOptions.Tolerant).Validate();
        var files = directory is null ? Array.Empty<string>() : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        directory ??= ".";

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
            var fileName = Path.GetFileName(f).ToLowerInvariant();
            var rel = Path.GetRelativePath(directory, f);
            if (f == hostFile || fileName.EndsWith(".md", StringComparison.Ordinal)) continue;
            progress?.Report(rel);
            if (fileName.StartsWith("vmstat", StringComparison.Ordinal)) { var p = VmstatParser.ParseFile(f, options); vmstat.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.StartsWith("free", StringComparison.Ordinal)) { var p = FreeParser.ParseFile(f, options); free.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.StartsWith("sar", StringComparison.Ordinal)) { var p = SarParser.ParseFile(f, options); sar.Add(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.StartsWith("iostat", StringComparison.Ordinal)) { var p = IostatParser.ParseFile(f, options); iostat.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.StartsWith("meminfo", StringComparison.Ordinal)) { var p = MeminfoParser.ParseFile(f, options); meminfo.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.StartsWith("mountstats", StringComparison.Ordinal)) { var p = MountstatsParser.ParseFile(f, options); mounts.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.StartsWith("docker", StringComparison.Ordinal) && fileName.Contains("stats", StringComparison.Ordinal)) { var p = DockerStatsParser.ParseFile(f, options); docker.AddRange(p.Value); diags.Add(p.Diagnostics); }
            else if (fileName.EndsWith(".json", StringComparison.Ordinal))
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
            else if ((fileName.EndsWith(".log", StringComparison.Ordinal) || fileName.EndsWith(".log.gz", StringComparison.Ordinal)) && AlbLogFiles.LooksLikeAlb(f)) albFiles.Add(f);
            else skipped.Add(rel);
        }

        AlbTrafficSummary? alb = null;
        var streams = albStreams?.ToArray() ?? [];
        if (albFiles.Count > 0 || streams.Length > 0)
        {
            var ordered = albFiles.OrderBy(f => AlbLogKey.TryParse(Path.GetRelativePath(directory, f), out var k) ? k.EndTime : DateTimeOffset.MinValue)
                .ThenBy(f => f, StringComparer.Ordinal).ToArray();
            var agg = new AlbTrafficAggregator(AlbAggregationOptions.Full);
            foreach (var f in ordered)
            {
                var d = new ParseDiagnostics(f, AlbLogParser.Format, options);
                using (var s = IncidentFiles.OpenRead(f)) agg.AddStream(s, d, ct);
                diags.Add(d);
            }
            foreach (var (streamName, content) in streams)
            {
                progress?.Report(streamName);
                var d = new ParseDiagnostics(streamName, AlbLogParser.Format, options);
                agg.AddStream(content, d, ct);
                diags.Add(d);
            }
            alb = agg.ToSummary();
            timeline.AddRange(alb.ToSeries());
        }
        timeline.AddRange(VmstatParser.ToSeries(vmstat));
        timeline.AddRange(FreeParser.ToSeries(free));
        timeline.AddRange(MeminfoParser.ToSeries(meminfo));
        timeline.AddRange(IostatParser.ToSeries(iostat));
        foreach (var s in sar) timeline.AddRange(s.Series);
        timeline.AddRange(DockerStatsParser.ToSeries(docker));

        return new IncidentData
        {
            Name = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))),
            Timeline = timeline, Alb = alb, Vmstat = vmstat, Free = free, Meminfo = meminfo, Iostat = iostat, Sar = sar,
            Mountstats = mounts, DockerStats = docker, Host = host, Diagnostics = diags, SkippedFiles = skipped,
        };
    }
}
