using System.Text.RegularExpressions;
using PypiKit.Incidents.Parsers;
using PypiKit.Json;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>
/// Loads an incident directory: ALB access logs anywhere below it (S3 layout or loose *.log[.gz]), host captures named
/// after their tool (<c>vmstat*</c>, <c>free*</c>, <c>sar*</c>, <c>iostat*</c>, <c>meminfo*</c>, <c>mountstats*</c>,
/// <c>docker*stats*</c>), CloudWatch exports (<c>*.json</c> with MetricDataResults or Datapoints) and <c>host.json</c>
/// (<see cref="HostFacts"/>). Captures under <c>hosts/&lt;name&gt;/</c> belong to that host (with its own host.json);
/// CloudWatch series whose label names an InstanceId (i-…) belong to the host with that instance_id, else to a host named
/// after the id. Extra ALB logs (e.g. downloaded from S3 with <c>AlbS3Logs</c> in PypiKit.Aws) can be passed as streams; the
/// directory may then be null. Files no parser claims are listed in <see cref="IncidentData.SkippedFiles"/> (and fail a
/// strict load); a directory where nothing is recognised is an error that says what was looked for.
/// </summary>
public static partial class IncidentLoader
{
    /// <summary>What the loader recognises, for the message when it finds nothing.</summary>
    public const string LookedFor =
        "ALB access logs (*.log / *.log.gz starting with http, https, h2, grpcs, ws or wss), host captures named vmstat*, free*, sar*, iostat*, " +
        "meminfo*, mountstats*, docker*stats*, CloudWatch exports (*.json with MetricDataResults or Datapoints), optionally under hosts/<name>/";

    /// <summary>The name of a flat capture's single host when neither host.json nor sar names it.</summary>
    public const string DefaultHostName = "host";

    [GeneratedRegex(@"\bi-[0-9a-f]{8,17}\b")]
    private static partial Regex InstanceIdPattern();

    private sealed class HostParts
    {
        public HostFacts Facts = new();
        public readonly List<VmstatSample> Vmstat = new();
        public readonly List<FreeSnapshot> Free = new();
        public readonly List<MeminfoSnapshot> Meminfo = new();
        public readonly List<IostatSample> Iostat = new();
        public readonly List<SarReport> Sar = new();
        public readonly List<NfsMountStats> Mounts = new();
        public readonly List<DockerStatsRow> Docker = new();
        public readonly List<TimeSeries> CloudWatch = new();
        public bool HasData => Vmstat.Count + Free.Count + Meminfo.Count + Iostat.Count + Sar.Count + Mounts.Count + Docker.Count + CloudWatch.Count > 0;
    }

    public static IncidentData Load(string? directory, ParseOptions? options = null, IProgress<string>? progress = null,
        IEnumerable<(string Name, Stream Content)>? albStreams = null, string? name = null, AlbAggregationOptions? albOptions = null, CancellationToken ct = default)
    {
        if (directory is not null && !Directory.Exists(directory)) throw new InvalidInputException(directory, $"incident directory not found: {directory}");
        if (directory is null && albStreams is null) throw new InvalidInputException("directory", "give an incident directory or ALB log streams.");
        options = (options ?? ParseOptions.Tolerant).Validate();
        // PypiKit's own burst, lab or campaign report folder is read as such; everything else is a capture
        if (directory is not null && albStreams is null && BurstFolderSource.FindBurstFiles(directory) is { Count: > 0 } bursts)
            return BurstFolderSource.Load(directory, bursts, name, progress, ct);
        var files = directory is null ? Array.Empty<string>() : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();
        directory ??= ".";

        // host.json: the top-level one for a flat capture (and as defaults), hosts/<name>/host.json per host
        var parts = new SortedDictionary<string, HostParts>(StringComparer.Ordinal);
        HostParts Part(string? host) => parts.TryGetValue(host ?? "", out var p) ? p : parts[host ?? ""] = new HostParts();
        var hostFiles = files.Where(f => Path.GetFileName(f).Equals("host.json", StringComparison.OrdinalIgnoreCase)).ToArray();
        HostFacts topFacts = new();
        foreach (var hf in hostFiles)
        {
            HostFacts facts;
            try { facts = PypiKitJson.Deserialize<HostFacts>(File.ReadAllText(hf)); }
            catch (System.Text.Json.JsonException ex) { throw new InvalidInputException(hf, $"{hf}: not a valid host.json ({ex.Message})"); }
            var owner = HostOf(directory, hf);
            if (owner is null) topFacts = facts;
            Part(owner).Facts = facts;
        }
        if (topFacts.StartTime is not null && options.StartTime is null) options = options with { StartTime = topFacts.StartTime };
        if (topFacts.IntervalSeconds is > 0 && options.Interval == TimeSpan.FromSeconds(1)) options = options with { Interval = TimeSpan.FromSeconds(topFacts.IntervalSeconds.Value) };

        var shared = new List<TimeSeries>();
        var diags = new List<ParseDiagnostics>();
        var skipped = new List<string>();
        var albFiles = new List<string>();
        foreach (var f in files)
        {
            ct.ThrowIfCancellationRequested();
            var fileName = Path.GetFileName(f).ToLowerInvariant();
            var rel = Path.GetRelativePath(directory, f);
            if (hostFiles.Contains(f) || fileName.EndsWith(".md", StringComparison.Ordinal)) continue;
            progress?.Report(rel);
            var host = HostOf(directory, f);
            var part = Part(host);
            var fileOptions = options;
            if (host is not null && part.Facts.StartTime is { } hs) fileOptions = fileOptions with { StartTime = hs };
            if (host is not null && part.Facts.IntervalSeconds is > 0) fileOptions = fileOptions with { Interval = TimeSpan.FromSeconds(part.Facts.IntervalSeconds.Value) };
            try
            {
                if (fileName.StartsWith("vmstat", StringComparison.Ordinal)) { var p = VmstatParser.ParseFile(f, fileOptions); part.Vmstat.AddRange(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.StartsWith("free", StringComparison.Ordinal)) { var p = FreeParser.ParseFile(f, fileOptions); part.Free.AddRange(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.StartsWith("sar", StringComparison.Ordinal)) { var p = SarParser.ParseFile(f, fileOptions); part.Sar.Add(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.StartsWith("iostat", StringComparison.Ordinal)) { var p = IostatParser.ParseFile(f, fileOptions); part.Iostat.AddRange(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.StartsWith("meminfo", StringComparison.Ordinal)) { var p = MeminfoParser.ParseFile(f, fileOptions); part.Meminfo.AddRange(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.StartsWith("mountstats", StringComparison.Ordinal)) { var p = MountstatsParser.ParseFile(f, fileOptions); part.Mounts.AddRange(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.StartsWith("docker", StringComparison.Ordinal) && fileName.Contains("stats", StringComparison.Ordinal)) { var p = DockerStatsParser.ParseFile(f, fileOptions); part.Docker.AddRange(p.Value); diags.Add(p.Diagnostics); }
                else if (fileName.EndsWith(".json", StringComparison.Ordinal) || fileName.EndsWith(".json.gz", StringComparison.Ordinal))
                {
                    string text;
                    using (var r = IncidentFiles.OpenText(f)) text = r.ReadToEnd();
                    if (text.Contains("MetricDataResults", StringComparison.Ordinal) || text.Contains("Datapoints", StringComparison.Ordinal))
                    {
                        var p = CloudWatchJsonParser.Parse(text, f, fileOptions);
                        foreach (var s in p.Value)
                        {
                            var id = InstanceIdPattern().Match(s.Name);
                            if (host is not null) part.CloudWatch.Add(s);
                            else if (id.Success) Part(HostForInstance(id.Value, parts)).CloudWatch.Add(s with { Name = WithoutInstanceId(s.Name, id.Value) });
                            else shared.Add(s);
                        }
                        diags.Add(p.Diagnostics);
                    }
                    else skipped.Add(rel);
                }
                else if ((fileName.EndsWith(".log", StringComparison.Ordinal) || fileName.EndsWith(".log.gz", StringComparison.Ordinal)) && AlbLogFiles.LooksLikeAlb(f)) albFiles.Add(f);
                else skipped.Add(rel);
            }
            catch (DamagedInputException ex)
            {
                var d = new ParseDiagnostics(f, fileName.Split('-', '.', '_')[0], fileOptions);
                d.Fail(ex.Message);
                diags.Add(d);
            }
        }
        if (options.Mode == ParseMode.Strict && skipped.Count > 0)
            throw new InvalidInputException(skipped[0], $"--strict: {skipped.Count} file(s) not recognised: {string.Join(", ", skipped)} (looked for {LookedFor})");

        AlbTrafficSummary? albSummary = null;
        var streams = albStreams?.ToArray() ?? [];
        if (albFiles.Count > 0 || streams.Length > 0)
        {
            var ordered = albFiles.OrderBy(f => AlbLogKey.TryParse(Path.GetRelativePath(directory, f), out var k) ? k.EndTime : DateTimeOffset.MinValue)
                .ThenBy(f => f, StringComparer.Ordinal).ToArray();
            var agg = new AlbTrafficAggregator(albOptions ?? AlbAggregationOptions.Full);
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
            albSummary = agg.ToSummary();
            shared.AddRange(albSummary.ToSeries());
        }
        if (diags.Count == 0 || (diags.All(d => d.Accepted == 0) && albSummary is null or { Requests: 0 }))
            throw new InvalidInputException(directory, $"nothing recognised in {directory}: looked for {LookedFor}" +
                (skipped.Count > 0 ? $"; not recognised: {string.Join(", ", skipped.Take(10))}" : "") +
                (diags.Count > 0 ? $"; read but nothing usable in: {string.Join(", ", diags.Select(d => Path.GetRelativePath(directory, d.Source)).Take(10))}" : ""));

        var hosts = BuildHosts(parts, topFacts);
        var timeline = new Timeline(shared);
        if (hosts.Count == 1) timeline.AddRange(hosts[0].Timeline.Series);
        else foreach (var h in hosts) timeline.AddRange(h.Timeline.Series.Select(s => s with { Name = HostCapture.Qualify(s.Name, h.Name) }));
        var single = hosts.Count == 1 ? hosts[0] : null;

        return new IncidentData
        {
            Name = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))),
            Timeline = timeline, Alb = albSummary, Hosts = hosts, SharedSeries = shared,
            Samples = single?.Samples ?? HostSamples.Empty,
            Host = single?.Facts ?? topFacts, Diagnostics = diags, SkippedFiles = skipped,
        };
    }

    /// <summary>"web-1" for hosts/web-1/…; null for files outside a hosts/ folder.</summary>
    private static string? HostOf(string directory, string file)
    {
        var segs = Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return segs.Length >= 3 && segs[0].Equals("hosts", StringComparison.OrdinalIgnoreCase) ? segs[1] : null;
    }

    private static string? HostForInstance(string instanceId, SortedDictionary<string, HostParts> parts)
    {
        foreach (var (n, p) in parts) if (p.Facts.InstanceId == instanceId) return n.Length == 0 ? null : n;
        return instanceId;
    }

    /// <summary>"cloudwatch.CPUCreditBalance i-0abc" → "cloudwatch.CPUCreditBalance".</summary>
    private static string WithoutInstanceId(string series, string id)
    {
        int i = series.IndexOf(id, StringComparison.Ordinal);
        var before = series[..i].TrimEnd(' ', '_', ':', '/', '-');
        var after = series[(i + id.Length)..].TrimStart(' ', '_', ':', '/', '-');
        if (before.EndsWith('.')) return before + after;
        return after.Length == 0 ? before : after.StartsWith('.') ? before + after : before + " " + after;
    }

    private static IReadOnlyList<HostCapture> BuildHosts(SortedDictionary<string, HostParts> parts, HostFacts topFacts)
    {
        var named = parts.Where(kv => kv.Key.Length > 0 && kv.Value.HasData).ToArray();
        parts.TryGetValue("", out var flat);
        var list = new List<(string Name, HostParts Part)>();
        if (flat is not null && (flat.HasData || named.Length == 0))
        {
            var flatName = topFacts.InstanceId ?? flat.Sar.Select(s => s.Host).FirstOrDefault(h => h is not null) ?? DefaultHostName;
            list.Add((flatName, flat));
        }
        list.AddRange(named.Select(kv => (kv.Key, kv.Value)));
        return list.Where(x => x.Part.HasData).Select(x =>
        {
            var p = x.Part;
            var facts = p.Facts;
            if (!ReferenceEquals(p, flat) && facts.InstanceType is null) facts = MergeDefaults(facts, topFacts);
            var tl = new Timeline();
            tl.AddRange(VmstatParser.ToSeries(p.Vmstat));
            tl.AddRange(FreeParser.ToSeries(p.Free));
            tl.AddRange(MeminfoParser.ToSeries(p.Meminfo));
            tl.AddRange(IostatParser.ToSeries(p.Iostat));
            foreach (var s in p.Sar) tl.AddRange(s.Series);
            tl.AddRange(DockerStatsParser.ToSeries(p.Docker));
            tl.AddRange(p.CloudWatch);
            return new HostCapture
            {
                Name = x.Name, Facts = facts, Timeline = tl,
                Samples = new HostSamples { Vmstat = p.Vmstat, Free = p.Free, Meminfo = p.Meminfo, Iostat = p.Iostat, Sar = p.Sar, Mountstats = p.Mounts, DockerStats = p.Docker },
            };
        }).ToArray();
    }

    /// <summary>A host without its own instance type takes the top-level host.json's facts for what it does not say.</summary>
    private static HostFacts MergeDefaults(HostFacts h, HostFacts d) => h with
    {
        InstanceType = h.InstanceType ?? d.InstanceType,
        Vcpus = h.Vcpus ?? d.Vcpus,
        MemoryMib = h.MemoryMib ?? d.MemoryMib,
        Containers = h.Containers ?? d.Containers,
        ContainerMemoryMib = h.ContainerMemoryMib ?? d.ContainerMemoryMib,
        EfsThroughputMode = h.EfsThroughputMode ?? d.EfsThroughputMode,
    };
}
