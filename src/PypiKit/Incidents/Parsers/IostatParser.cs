using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>One iostat report: the avg-cpu line and every device row (column → value).</summary>
public sealed record IostatSample(DateTimeOffset Time, IReadOnlyDictionary<string, double> Cpu,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Devices);

/// <summary>
/// <c>iostat -x [-t] [-z] DELAY [COUNT]</c>, old ("Device:" rrqm/s …) and new (r/s rkB/s … %util) column sets. With
/// <c>-t</c> the timestamp line before each report dates it; otherwise report n is at StartTime + n × Interval.
/// </summary>
public static class IostatParser
{
    public const string Format = "iostat";

    public static Parsed<IReadOnlyList<IostatSample>> Parse(TextReader reader, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var samples = new List<IostatSample>();
        DateTimeOffset? stamp = null;
        string[]? cpuCols = null, devCols = null;
        Dictionary<string, double>? cpu = null;
        Dictionary<string, IReadOnlyDictionary<string, double>>? devs = null;
        int reports = 0;
        void Flush()
        {
            if (cpu is null && devs is null) return;
            var time = stamp ?? (options.StartTime ?? DateTimeOffset.UnixEpoch) + options.Interval * reports;
            samples.Add(new IostatSample(time, cpu ?? new Dictionary<string, double>(), devs ?? new()));
            reports++;
            cpu = null; devs = null; stamp = null;
        }
        bool expectCpu = false;
        foreach (var (n, line) in IncidentFiles.Lines(reader))
        {
            diag.LinesRead++;
            var t = line.Trim();
            if (t.Length == 0) { devCols = null; continue; }
            var tok = Tokens.Split(t);
            if (tok[0] == "Linux") continue;
            if (tok[0] == "avg-cpu:")
            {
                if (cpu is not null) Flush();
                cpuCols = tok[1..]; expectCpu = true; continue;
            }
            if (tok[0] is "Device:" or "Device")
            {
                devCols = tok[1..]; devs ??= new(); continue;
            }
            if (expectCpu && cpuCols is not null)
            {
                expectCpu = false;
                if (tok.Length != cpuCols.Length || !AllNumbers(tok, 0, out var v)) { diag.Reject(n, $"avg-cpu values: expected {cpuCols.Length} numbers", line); continue; }
                cpu = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int i = 0; i < v.Length; i++) cpu[cpuCols[i]] = v[i];
                diag.Accepted++;
                continue;
            }
            if (devCols is not null)
            {
                if (tok.Length != devCols.Length + 1 || !AllNumbers(tok, 1, out var v)) { diag.Reject(n, $"device row: expected a name and {devCols.Length} numbers", line); continue; }
                var d = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int i = 0; i < v.Length; i++) d[devCols[i]] = v[i];
                (devs ??= new())[tok[0]] = d;
                diag.Accepted++;
                continue;
            }
            if (LooseTime.TryParse(t, options, out var ts)) { Flush(); stamp = ts; continue; }
            diag.Reject(n, "not an iostat line (timestamp, avg-cpu, Device header or row)", line);
        }
        Flush();
        return new(samples, diag);
    }

    private static bool AllNumbers(string[] tok, int from, out double[] v)
    {
        v = new double[tok.Length - from];
        for (int i = from; i < tok.Length; i++) if (!LooseTime.TryNumber(tok[i], out v[i - from]) || v[i - from] < 0) return false;
        return true;
    }

    public static Parsed<IReadOnlyList<IostatSample>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }

    /// <summary>iostat.%iowait, iostat.%user, … and iostat.&lt;device&gt;.&lt;column&gt; (e.g. iostat.nvme0n1.%util).</summary>
    public static IReadOnlyList<TimeSeries> ToSeries(IReadOnlyList<IostatSample> samples)
    {
        var b = new SeriesBuilder();
        foreach (var s in samples)
        {
            foreach (var (c, v) in s.Cpu) b.Add("iostat." + c, "Percent", s.Time, v);
            foreach (var (dev, cols) in s.Devices)
                foreach (var (c, v) in cols) b.Add($"iostat.{dev}.{c}", c.StartsWith('%') ? "Percent" : c.Contains("await") ? "ms" : c.EndsWith("/s") ? "/s" : "Count", s.Time, v);
        }
        return b.Build();
    }
}
