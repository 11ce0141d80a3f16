using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>A sar report: one series per column (sar.%iowait, sar.kbswpused, sar.pswpin/s, sar.majflt/s, …).</summary>
public sealed record SarReport(string? Host, DateOnly? Date, IReadOnlyList<TimeSeries> Series);

/// <summary>
/// Text output of sysstat's <c>sar</c> (<c>-u</c>, <c>-r</c>, <c>-S</c>, <c>-W</c>, <c>-B</c>, and any other table of
/// the same shape, 12- or 24-hour clock). The banner ("Linux … (host) 12/27/2025 …") gives the date (else
/// <see cref="ParseOptions.StartTime"/>'s); times past midnight roll the date. For per-item tables (CPU, DEV, IFACE) only
/// "all" is kept for CPU and other items get a suffix: sar.%util[nvme0n1]. "Average:" and "LINUX RESTART" lines are skipped.
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
        foreach (var (n, line) in IncidentFiles.Lines(reader))
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
            bool isHeader = rest.Any(x => x.StartsWith('%') || x.Contains('/') || x.StartsWith("kb", StringComparison.Ordinal))
                && !rest.Skip(1).Any(x => LooseTime.TryNumber(x, out _));
            if (isHeader)
            {
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

    private static string Unit(string c) =>
        c.StartsWith('%') ? "Percent" : c.StartsWith("kb", StringComparison.Ordinal) ? "KiB" : c.EndsWith("/s", StringComparison.Ordinal) ? "/s" : "Count";

    public static Parsed<SarReport> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }
}
