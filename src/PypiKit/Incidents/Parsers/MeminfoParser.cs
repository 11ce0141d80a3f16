using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>One /proc/meminfo snapshot; values in KiB as the file prints them (HugePages_* are counts).</summary>
public sealed record MeminfoSnapshot(DateTimeOffset? Time, IReadOnlyDictionary<string, long> Values)
{
    public long? this[string key] => Values.TryGetValue(key, out var v) ? v : null;
    public double MemTotalMiB => (this["MemTotal"] ?? 0) / 1024.0;
    public double MemAvailableMiB => (this["MemAvailable"] ?? 0) / 1024.0;
    public double SwapUsedMiB => ((this["SwapTotal"] ?? 0) - (this["SwapFree"] ?? 0)) / 1024.0;
}

/// <summary>
/// /proc/meminfo ("MemTotal:  938176 kB"), one or more snapshots; a repeated MemTotal starts a new one. Lines may carry a
/// <c>ts</c>-style timestamp prefix, and a line holding only a timestamp dates the next snapshot.
/// </summary>
public static class MeminfoParser
{
    public const string Format = "meminfo";

    public static Parsed<IReadOnlyList<MeminfoSnapshot>> Parse(TextReader reader, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var result = new List<MeminfoSnapshot>();
        Dictionary<string, long>? cur = null;
        DateTimeOffset? curTime = null, pending = null;
        void Flush() { if (cur is { Count: > 0 }) result.Add(new MeminfoSnapshot(curTime, cur)); cur = null; curTime = null; }
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            if (line.Trim().Length == 0) continue;
            var tok = Tokens.Split(line);
            int k = -1;
            for (int i = tok.Length - 1; i >= 0; i--)
                if (tok[i].Length > 1 && tok[i][^1] == ':' && i + 1 < tok.Length && long.TryParse(tok[i + 1], out _)) { k = i; break; }
            if (k < 0)
            {
                if (LooseTime.TryParse(line, options, out var st)) { Flush(); pending = st; continue; }
                diag.Reject(n, "expected 'Key: value [kB]'", line);
                continue;
            }
            DateTimeOffset? prefixTime = null;
            if (k > 0)
            {
                var prefix = string.Join(' ', tok[..k]);
                if (!LooseTime.TryParse(prefix, options, out var pt)) { diag.Reject(n, $"unreadable timestamp prefix '{prefix}'", line); continue; }
                prefixTime = pt;
            }
            int rest = tok.Length - k - 2;
            if (rest > 1 || (rest == 1 && tok[^1] != "kB")) { diag.Reject(n, "unexpected text after the value", line); continue; }
            var key = tok[k][..^1];
            long value = long.Parse(tok[k + 1], System.Globalization.CultureInfo.InvariantCulture);
            if (value < 0) { diag.Reject(n, "negative value", line); continue; }
            if (cur is not null && cur.ContainsKey(key)) Flush();
            if (cur is null) { cur = new Dictionary<string, long>(StringComparer.Ordinal); curTime = prefixTime ?? pending; pending = null; }
            cur[key] = value;
            diag.Accepted++;
        }
        Flush();
        return new(result, diag);
    }

    public static Parsed<IReadOnlyList<MeminfoSnapshot>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }

    /// <summary>meminfo.MemAvailable, meminfo.SwapUsed, … in MiB for the dated snapshots.</summary>
    public static IReadOnlyList<TimeSeries> ToSeries(IReadOnlyList<MeminfoSnapshot> snaps)
    {
        var b = new SeriesBuilder();
        foreach (var s in snaps.Where(s => s.Time is not null))
        {
            foreach (var key in new[] { "MemAvailable", "MemFree", "Cached", "Dirty" })
                if (s[key] is long v) b.Add("meminfo." + key, "MiB", s.Time!.Value, v / 1024.0);
            if (s["SwapTotal"] is not null) b.Add("meminfo.SwapUsed", "MiB", s.Time!.Value, s.SwapUsedMiB);
        }
        return b.Build();
    }
}
