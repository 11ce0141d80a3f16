using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>A sar report: one series per column (sar.%iowait, sar.kbswpused, sar.pswpin/s, sar.majflt/s, …).</summary>
public sealed record SarReport(string? Host, DateOnly? Date, IReadOnlyList<TimeSeries> Series);

/// <summary>
/// Text output of sysstat's <c>sar</c> (<c>-u</c>, <c>-r</c>, <c>-S</c>, <c>-W</c>, <c>-B</c>, and any other table of
/// the same shape, 12- or 24-hour clock: <c>-q</c> runq-sz/ldavg, <c>-n NFS</c>/<c>NFSD</c> call/s, read/s, scall/s, …). The banner ("Linux … (host) 12/27/2025 …") gives the date (else
/// <see cref="ParseOptions.StartTime"/>'s); times past midnight roll the date. For per-item tables (CPU, DEV, IFACE) only
/// "all" is kept for CPU and other items get a suffix: sar.%util[nvme0n1]. "Average:" and "LINUX RESTART" lines are skipped.
/// A repeated header cut short is rejected alone and the current header stays in force.
/// </summary>
public static class SarParser
{
    public const string Format = "sar";

    public static Parsed<SarReport> Parse(TextReader reader, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var b = new SeriesBuilder();
        string? host = null;
        DateOnly? date = options.StartTime is { } st ? DateOnly.FromDateTime(st.DateTime) : null;
        string[]? columns = null;
        int keyColumn = -1;
        TimeSpan lastTod = TimeSpan.MinValue;
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            var t = line.Trim();
            if (t.Length == 0) { columns = null; continue; }
            var tok = Tokens.Split(t);
            if (tok[0] == "Linux")
            {
                int open = t.IndexOf('('), close = t.IndexOf(')');
                if (open > 0 && close > open) host = t[(open + 1)..close];
                foreach (var x in tok) if (LooseTime.TryParseDate(x, out var d)) { date = d; break; }
                continue;
            }
            if (tok[0].StartsWith("Average", StringComparison.Ordinal) || t.Contains("RESTART", StringComparison.Ordinal)) continue;
            int timeTokens = tok.Length > 1 && tok[1] is "AM" or "PM" ? 2 : 1;
            if (!LooseTime.TryParseTimeOfDay(tok[0], timeTokens == 2 ? tok[1] : null, out var tod))
            {
                diag.Reject(n, $"line does not start with a time of day: '{tok[0]}'", line);
                continue;
            }
            var rest = tok[timeTokens..];
            if (rest.Length == 0) { diag.Reject(n, "time without values", line); continue; }
            if (IsHeader(rest))
            {
                if (columns is not null && IsCut(rest, columns))
                {
                    diag.Reject(n, $"damaged sar header (cut short: {rest.Length} of {columns.Length} columns)", line);
                    continue;
                }
                columns = rest;
                keyColumn = rest[0] is "CPU" or "DEV" or "IFACE" or "INTR" or "TTY" or "FILESYSTEM" ? 0 : -1;
                continue;
            }
            if (columns is null) { diag.Reject(n, "values before a sar column header", line); continue; }
            if (rest.Length != columns.Length) { diag.Reject(n, $"expected {columns.Length} columns, found {rest.Length}", line); continue; }
            if (date is null) { diag.Reject(n, "no date: the sar banner line is missing and no start time was given", line); continue; }
            if (lastTod != TimeSpan.MinValue && tod < lastTod - TimeSpan.FromHours(1)) date = date.Value.AddDays(1);
            lastTod = tod;
            var time = new DateTimeOffset(date.Value.ToDateTime(TimeOnly.FromTimeSpan(tod)), options.UtcOffset);
            string suffix = "";
            if (keyColumn == 0)
            {
                if (columns[0] == "CPU" && rest[0] != "all") { diag.Accepted++; continue; }
                if (columns[0] != "CPU") suffix = $"[{rest[0]}]";
            }
            var vals = new double[columns.Length];
            bool ok = true;
            for (int i = keyColumn + 1; i < columns.Length; i++)
                if (!LooseTime.TryNumber(rest[i], out vals[i])) { diag.Reject(n, $"column '{columns[i]}' is not a number: '{rest[i]}'", line); ok = false; break; }
            if (!ok) continue;
            for (int i = keyColumn + 1; i < columns.Length; i++)
                b.Add("sar." + columns[i] + suffix, Unit(columns[i]), time, vals[i]);
            diag.Accepted++;
        }
        return new(new SarReport(host, date, b.Build()), diag);
    }

    /// <summary>
    /// A column header: no value is a number and every word is a column name ("%user", "kbmemfree", "runq-sz",
    /// "ldavg-1", "call/s", "CPU", "IFACE") — this covers -u, -r, -S, -W, -B, -q, -n NFS/NFSD/DEV and other tables.
    /// </summary>
    private static bool IsHeader(string[] rest) =>
        rest.All(x => !LooseTime.TryNumber(x, out _) && IsColumnName(x)) && (rest.Length > 1 || rest[0].Contains('/') || rest[0].StartsWith('%'));

    private static bool IsColumnName(string x)
    {
        if (x.Length == 0 || !(char.IsAsciiLetter(x[0]) || x[0] == '%')) return false;
        foreach (var c in x) if (!(char.IsAsciiLetterOrDigit(c) || c is '%' or '/' or '-' or '_')) return false;
        return true;
    }

    /// <summary>A header that repeats the current one but stops early (last word possibly cut mid-way).</summary>
    private static bool IsCut(string[] h, string[] current)
    {
        if (h.Length > current.Length || h.SequenceEqual(current)) return false;
        for (int i = 0; i < h.Length - 1; i++) if (h[i] != current[i]) return false;
        return current[h.Length - 1].StartsWith(h[^1], StringComparison.Ordinal);
    }

    private static string Unit(string c) =>
        c.StartsWith('%') ? "Percent" : c.StartsWith("kb", StringComparison.Ordinal) ? "KiB" : c.EndsWith("/s", StringComparison.Ordinal) ? "/s" : "Count";

    public static Parsed<SarReport> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }
}
