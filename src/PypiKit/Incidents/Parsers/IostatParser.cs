using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>One iostat report: the avg-cpu line and every device row (column → value).</summary>
public sealed record IostatSample(DateTimeOffset Time, IReadOnlyDictionary<string, double> Cpu,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Devices);

/// <summary>
/// <c>iostat -x [-t] [-z] DELAY [COUNT]</c>, old ("Device:" rrqm/s …) and new (r/s rkB/s … %util) column sets. With
/// <c>-t</c> the timestamp line before each report dates it; otherwise report n is at StartTime + n × Interval.
/// A damaged "avg-cpu:" or "Device" header is rejected alone: the values after it are recognised by their column count.
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
        string[]? lastDevCols = null;
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            var t = line.Trim();
            if (t.Length == 0) { devCols = null; continue; }
            var tok = Tokens.Split(t);
            if (tok[0] == "Linux") continue;
            if (tok[0] == "avg-cpu:" && tok.Length >= 5 && tok[1..].All(c => c.Length > 1 && c[0] == '%'))
            {
                if (cpu is not null) Flush();
                cpuCols = tok[1..]; expectCpu = true; devCols = null; continue;
            }
            if (tok[0] is "Device:" or "Device" && tok.Length >= 3)
            {
                devCols = tok[1..]; lastDevCols = devCols; devs ??= new(); continue;
            }
            var known = cpuCols ?? DefaultCpuColumns;
            bool numbers = AllNumbers(tok, 0, out var v);
            if (expectCpu || (devCols is null && numbers && tok.Length == known.Length))
            {
                // the values under "avg-cpu:" — also after a damaged avg-cpu line, recognised by their count
                expectCpu = false;
                if (tok.Length != known.Length || !numbers) { diag.Reject(n, $"avg-cpu values: expected {known.Length} numbers", line); continue; }
                if (cpu is not null) Flush();
                cpu = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int i = 0; i < v.Length; i++) cpu[known[i]] = v[i];
                diag.Accepted++;
                continue;
            }
            var cols = devCols ?? (lastDevCols is not null && tok.Length == lastDevCols.Length + 1 && AllNumbers(tok, 1, out _) ? lastDevCols : null);
            if (cols is not null)
            {
                // device rows — also after a damaged "Device" header, recognised by the last header's column count
                if (tok.Length != cols.Length + 1 || !AllNumbers(tok, 1, out var dv)) { diag.Reject(n, $"device row: expected a name and {cols.Length} numbers", line); continue; }
                var d = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int i = 0; i < dv.Length; i++) d[cols[i]] = dv[i];
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

    /// <summary>sysstat's avg-cpu columns, used when the header line before the values is damaged.</summary>
    private static readonly string[] DefaultCpuColumns = ["%user", "%nice", "%system", "%iowait", "%steal", "%idle"];

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
