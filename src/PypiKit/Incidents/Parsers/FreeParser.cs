using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>One <c>free -m</c> snapshot, MiB. <see cref="Available"/> is NaN on old procps without the column.</summary>
public sealed record FreeSnapshot(DateTimeOffset Time, double Total, double Used, double Free, double Shared, double BuffCache,
    double Available, double SwapTotal, double SwapUsed, double SwapFree);

/// <summary>
/// Snapshots of <c>free -m</c> (also <c>free -k</c>/<c>-b</c> when told via the unitDivisor argument), one after another in
/// a file. Each line may carry a timestamp prefix as <c>ts</c> adds ("Dec 27 16:35:24 Mem: …", "2025-12-27T16:35:24Z …",
/// "[2025-12-27 16:35:24] …"); a line holding only a timestamp (e.g. from <c>date</c>) dates the snapshots after it.
/// Without any timestamp, snapshot n is placed at StartTime + n × Interval — several untimed snapshots (<c>free -s</c>)
/// are accepted only when a start time is given; otherwise the file is reported (<see cref="ParseDiagnostics.Problem"/>)
/// and they are left out. A single untimed snapshot is kept (it still tells the memory size). Old "-/+ buffers/cache" lines are skipped.
/// </summary>
public static class FreeParser
{
    public const string Format = "free";

    public static Parsed<IReadOnlyList<FreeSnapshot>> Parse(TextReader reader, string source, ParseOptions? options = null, double unitDivisor = 1)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        var result = new List<FreeSnapshot>();
        DateTimeOffset? current = null;
        string[]? header = null;
        double[]? mem = null;
        DateTimeOffset memTime = default;
        long memLine = 0;
        bool memUntimed = false;
        int untimed = 0;
        var untimedSnapshots = new List<int>();
        foreach (var (n, line) in IncidentFiles.Lines(reader, diag))
        {
            diag.LinesRead++;
            if (line.Trim().Length == 0) continue;
            var tok = Tokens.Split(line);
            int at = Array.FindIndex(tok, x => x is "Mem:" or "Swap:" or "total" or "-/+");
            string prefix = at > 0 ? string.Join(' ', tok[..at]) : "";
            DateTimeOffset? lineTime = null;
            if (at < 0)
            {
                if (LooseTime.TryParse(line, options, out var standalone)) { current = standalone; continue; }
                diag.Reject(n, "not a free(1) line (no 'Mem:', 'Swap:' or header)", line);
                continue;
            }
            if (prefix.Length > 0)
            {
                if (!LooseTime.TryParse(prefix, options, out var pt)) { diag.Reject(n, $"unreadable timestamp prefix '{prefix}'", line); continue; }
                lineTime = pt;
            }
            var body = tok[at..];
            switch (body[0])
            {
                case "total":
                    header = body;
                    continue;
                case "-/+":
                    continue;
                case "Mem:":
                    {
                        if (mem is not null) diag.Reject(memLine, "'Mem:' line without a following 'Swap:' line", "Mem:");
                        if (!Numbers(body, out var v) || v.Length < 3) { diag.Reject(n, "'Mem:' line needs at least total, used, free as numbers", line); mem = null; continue; }
                        mem = v; memLine = n;
                        memUntimed = lineTime is null && current is null;
                        memTime = lineTime ?? current ?? (options.StartTime ?? DateTimeOffset.UnixEpoch) + options.Interval * untimed;
                        continue;
                    }
                case "Swap:":
                    {
                        if (mem is null) { diag.Reject(n, "'Swap:' line without a preceding 'Mem:' line", line); continue; }
                        if (!Numbers(body, out var s) || s.Length != 3) { diag.Reject(n, "'Swap:' line needs total, used, free as numbers", line); mem = null; continue; }
                        double Col(string name, int fallback)
                        {
                            int i = header is null ? -1 : Array.IndexOf(header, name);
                            int idx = i >= 0 ? i : fallback;
                            return idx >= 0 && idx < mem!.Length ? mem[idx] / unitDivisor : double.NaN;
                        }
                        double buffCache = Col("buff/cache", 4);
                        if (double.IsNaN(buffCache) && header is not null && Array.IndexOf(header, "buffers") >= 0)
                            buffCache = Col("buffers", 4) + Col("cached", 5);
                        result.Add(new FreeSnapshot(memTime, Col("total", 0), Col("used", 1), Col("free", 2), Col("shared", 3), buffCache,
                            header is null ? (mem.Length >= 6 ? mem[5] / unitDivisor : double.NaN) : Col("available", -1),
                            s[0] / unitDivisor, s[1] / unitDivisor, s[2] / unitDivisor));
                        diag.Accepted += 2;
                        if (memUntimed) untimedSnapshots.Add(result.Count - 1);
                        untimed++;
                        mem = null;
                        continue;
                    }
            }
        }
        if (mem is not null) diag.Reject(memLine, "'Mem:' line without a following 'Swap:' line", "Mem:");
        if (untimedSnapshots.Count > 1 && options.StartTime is null)
        {
            // free -s N prints no times: without a start they would land at an invented place on the timeline
            diag.Fail($"{untimedSnapshots.Count} snapshots without time stamps (free -s): give --start (and --interval, the seconds of -s) to place them, " +
                "or capture with timestamps (e.g. free -m -s 60 | ts)");
            var drop = untimedSnapshots.ToHashSet();
            diag.Accepted -= 2 * drop.Count;
            result = result.Where((_, i) => !drop.Contains(i)).ToList();
        }
        return new(result, diag);
    }

    private static bool Numbers(string[] body, out double[] values)
    {
        values = new double[body.Length - 1];
        for (int i = 1; i < body.Length; i++)
            if (!LooseTime.TryNumber(body[i], out values[i - 1]) || values[i - 1] < 0) return false;
        return true;
    }

    public static Parsed<IReadOnlyList<FreeSnapshot>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r, path, options);
    }

    /// <summary>free.used, free.free, free.available, free.swap_used (MiB).</summary>
    public static IReadOnlyList<TimeSeries> ToSeries(IReadOnlyList<FreeSnapshot> snaps) =>
    [
        new("free.used", "MiB", snaps.Select(s => new TimePoint(s.Time, s.Used)).ToArray()),
        new("free.free", "MiB", snaps.Select(s => new TimePoint(s.Time, s.Free)).ToArray()),
        new("free.available", "MiB", snaps.Where(s => !double.IsNaN(s.Available)).Select(s => new TimePoint(s.Time, s.Available)).ToArray()),
        new("free.swap_used", "MiB", snaps.Select(s => new TimePoint(s.Time, s.SwapUsed)).ToArray()),
    ];
}
