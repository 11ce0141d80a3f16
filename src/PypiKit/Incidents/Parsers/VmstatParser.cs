using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>One vmstat row (memory in KiB, swap and block I/O per second, CPU in percent).</summary>
public sealed record VmstatSample(DateTimeOffset Time, IReadOnlyDictionary<string, double> Values)
{
    public double this[string column] => Values.TryGetValue(column, out var v) ? v : double.NaN;
    /// <summary>Swapped in from disk, KiB/s.</summary>
    public double SwapIn => this["si"];
    /// <summary>Swapped out to disk, KiB/s.</summary>
    public double SwapOut => this["so"];
    public double IoWait => this["wa"];
    public double User => this["us"];
    public double System => this["sy"];
    public double Idle => this["id"];
    public double Steal => this["st"];
}

/// <summary>
/// <c>vmstat [-t] [-w] [-a] DELAY</c> output. Columns are read from the header (so <c>-a</c>'s inact/active and newer
/// versions' <c>gu</c> work); with <c>-t</c> each row carries its timestamp (the header's last word is the time zone,
/// UTC honoured, others read with <see cref="ParseOptions.UtcOffset"/>); without it, rows are placed at
/// <see cref="ParseOptions.StartTime"/> + n × <see cref="ParseOptions.Interval"/>. Repeated headers (also <c>-w</c>'s
/// "--procs-- ---memory---" form) are skipped; a damaged one is rejected alone and the last good header stays in force.
/// The first row (vmstat's average since boot) is left out, with a note.
/// </summary>
public static class VmstatParser
{
    public const string Format = "vmstat";

    public static Parsed<IReadOnlyList<VmstatSample>> Parse(TextReader reader, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var samples = new List<VmstatSample>();
        string[]? columns = null;
        bool timestamped = false;
        TimeSpan offset = options.UtcOffset;
        int untimed = 0;
        bool first = true;
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            var t = line.Trim();
            if (t.Length == 0) continue;
            if (t.TrimStart('-').StartsWith("procs", StringComparison.Ordinal))
            {
                // group header: "procs ---memory--- …" (or "--procs-- ----memory---- …" with -w); repeated every screenful
                if (!GroupHeaderComplete(t)) { diag.Reject(n, "damaged vmstat group header (procs/memory/swap/io/system/cpu incomplete)", line); continue; }
                timestamped = t.Contains("timestamp", StringComparison.Ordinal);
                continue;
            }
            var tok = Tokens.Split(t);
            if (tok[0] == "r" && tok.Length > 1 && tok[1] == "b")
            {
                var cols = tok.ToList();
                bool zone = timestamped || (cols.Count > 17 && !IsKnown(cols[^1]));
                if (zone) cols.RemoveAt(cols.Count - 1);
                if (!ColumnHeaderComplete(cols))
                {
                    // a cut or garbled repeated header: keep reading with the last good one
                    diag.Reject(n, "damaged vmstat column header (r b swpd free … us sy id missing)", line);
                    continue;
                }
                if (zone)
                {
                    timestamped = true;
                    offset = tok[^1] is "UTC" or "GMT" or "Z" ? TimeSpan.Zero : options.UtcOffset;
                }
                columns = cols.ToArray();
                continue;
            }
            if (columns is null) { diag.Reject(n, "data row before the vmstat header (\"r b swpd …\")", line); continue; }
            int expected = columns.Length + (timestamped ? 2 : 0);
            if (tok.Length != expected) { diag.Reject(n, $"expected {expected} columns, found {tok.Length}", line); continue; }
            var values = new Dictionary<string, double>(columns.Length, StringComparer.Ordinal);
            bool ok = true;
            for (int i = 0; i < columns.Length; i++)
            {
                if (!LooseTime.TryNumber(tok[i], out var v) || v < 0) { diag.Reject(n, $"column '{columns[i]}' is not a non-negative number: '{tok[i]}'", line); ok = false; break; }
                values[columns[i]] = v;
            }
            if (!ok) continue;
            DateTimeOffset time;
            if (timestamped)
            {
                if (!LooseTime.TryParse($"{tok[^2]} {tok[^1]}", options with { UtcOffset = offset }, out time)) { diag.Reject(n, $"bad timestamp '{tok[^2]} {tok[^1]}'", line); continue; }
                if (offset == TimeSpan.Zero) time = new DateTimeOffset(time.DateTime, TimeSpan.Zero);
            }
            else time = (options.StartTime ?? DateTimeOffset.UnixEpoch) + options.Interval * untimed;
            if (first)
            {
                // vmstat's first row averages everything since boot, not the first interval
                first = false;
                diag.Note($"line {n}: first row is the average since boot, left out");
                if (!timestamped) untimed++;
                continue;
            }
            if (!timestamped) untimed++;
            samples.Add(new VmstatSample(time, values));
            diag.Accepted++;
        }
        return new(samples, diag);
    }

    private static readonly string[] Groups = ["procs", "memory", "swap", "io", "system", "cpu"];
    private static readonly string[] RequiredColumns = ["r", "b", "swpd", "free", "si", "so", "bi", "bo", "in", "cs", "us", "sy", "id"];

    private static bool GroupHeaderComplete(string t)
    {
        var words = t.Split(['-', ' '], StringSplitOptions.RemoveEmptyEntries);
        return Groups.All(g => words.Contains(g, StringComparer.Ordinal));
    }

    private static bool ColumnHeaderComplete(List<string> cols) =>
        RequiredColumns.All(cols.Contains) && ((cols.Contains("buff") && cols.Contains("cache")) || (cols.Contains("inact") && cols.Contains("active")));

    private static bool IsKnown(string c) => c is "st" or "gu" or "wa" or "id" or "sy" or "us" or "cs" or "in";

    public static Parsed<IReadOnlyList<VmstatSample>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }

    /// <summary>One series per column: vmstat.si, vmstat.so, vmstat.wa, vmstat.free, … (units KiB, KiB/s, %, /s).</summary>
    public static IReadOnlyList<TimeSeries> ToSeries(IReadOnlyList<VmstatSample> samples)
    {
        var b = new SeriesBuilder();
        foreach (var s in samples)
            foreach (var (col, v) in s.Values)
                b.Add("vmstat." + col, Unit(col), s.Time, v);
        return b.Build();
    }

    private static string Unit(string col) => col switch
    {
        "swpd" or "free" or "buff" or "cache" or "inact" or "active" => "KiB",
        "si" or "so" => "KiB/s",
        "bi" or "bo" => "blocks/s",
        "in" or "cs" => "/s",
        "r" or "b" => "Count",
        _ => "Percent",
    };
}
