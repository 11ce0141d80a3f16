using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes <c>sar</c> reports (what <c>SarParser</c> reads): <c>-u</c> CPU, <c>-r</c> memory, <c>-S</c> swap
/// space, <c>-W</c> swapping and <c>-B</c> paging, one row per minute after the first, under sysstat's banner.
/// Jitter seeded with <c>seed + 2 + the report letter</c>.</summary>
internal static class SarWriter
{
    /// <summary>The reports this writer knows, by <c>sar</c> flag letter.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["u", "r", "S", "W", "B"];

    public static string Write(StressCurve c, string kind)
    {
        var inv = StressCurve.Inv;
        var sc = c.Scenario;
        var j = new Random(sc.Seed + 2 + kind[0]);
        var sb = new StringBuilder(c.SysstatBanner);
        string header = kind switch
        {
            "u" => "CPU     %user     %nice   %system   %iowait    %steal     %idle",
            "r" => "kbmemfree   kbavail kbmemused  %memused kbbuffers  kbcached  kbcommit   %commit  kbactive   kbinact   kbdirty",
            "S" => "kbswpfree kbswpused  %swpused  kbswpcad   %swpcad",
            "W" => " pswpin/s pswpout/s",
            _ => "pgpgin/s pgpgout/s   fault/s  majflt/s  pgfree/s pgscank/s pgscand/s pgsteal/s    %vmeff",
        };
        var idx = c.MinuteIndices().ToArray();
        sb.Append(inv, $"{c.TimeAt(0):HH:mm:ss}     {header}\n");
        foreach (int i in idx.Skip(1))
        {
            double s = c[i];
            var prev = Enumerable.Range(Math.Max(0, i - c.PerMinute + 1), Math.Min(c.PerMinute, i + 1)).Select(k => c.Row(c[k], new Random(k))).ToArray();
            string t = c.TimeAt(i).ToString("HH:mm:ss", inv);
            double total = sc.MemoryMib * 1024, used = sc.UsedMib.At(s) * 1024, free = sc.FreeMib.At(s) * 1024, avail = sc.AvailableMib.At(s) * 1024;
            double swapT = sc.SwapTotalMib * 1024, swapU = sc.SwapUsedMib.At(s) * 1024;
            double pin = prev.Average(r => r.Si) / 4, pout = prev.Average(r => r.So) / 4;
            string line = kind switch
            {
                "u" => Cpu(c, s),
                "r" => string.Format(inv, "{0,9:0} {1,9:0} {2,9:0} {3,9:0.00} {4,9:0} {5,9:0} {6,9:0} {7,9:0.00} {8,9:0} {9,9:0} {10,9:0}",
                    free, avail, used, used / total * 100, 2300, Math.Max(0, total - used - free - 2300), used + swapU + 180_000,
                    (used + swapU + 180_000) / (total + swapT) * 100, used * 0.55, used * 0.35, 40 + j.Next(0, 400)),
                "S" => string.Format(inv, "{0,9:0} {1,9:0} {2,9:0.00} {3,9:0} {4,9:0.00}", swapT - swapU, swapU, swapU / swapT * 100, swapU * 0.06, 6.0 + j.NextDouble()),
                "W" => string.Format(inv, "{0,9:0.00} {1,9:0.00}", pin, pout),
                _ => string.Format(inv, "{0,9:0.00} {1,9:0.00} {2,9:0.00} {3,9:0.00} {4,9:0.00} {5,9:0.00} {6,9:0.00} {7,9:0.00} {8,9:0.00}",
                    prev.Average(r => r.Bi), prev.Average(r => r.Bo), 900 + 3000 * s + j.Next(0, 200), pin * 0.92 + j.NextDouble() * 3,
                    1200 + 2500 * s, 300 * s * s * 10, 40 * s, 280 * s * 10, s < 0.05 ? 0 : 88 + 8 * j.NextDouble()),
            };
            sb.Append(inv, $"{t}     {line}\n");
        }
        sb.Append("\nAverage:     ...\n".Replace("...", kind == "u" ? "all      7.02      0.00      4.11     57.31      0.00     31.56" : "(omitted)"));
        return sb.ToString().Replace("Average:     (omitted)\n", "");
    }

    private static string Cpu(StressCurve c, double s)
    {
        var sc = c.Scenario;
        double h = c.Hump(s);
        double us = sc.User.At(h), sy = sc.System.At(h), wa = sc.IoWait.At(s), st = sc.Steal.At(s);
        double id = Math.Max(0, 100 - us - sy - wa - st);
        return string.Format(StressCurve.Inv, "all {0,9:0.00} {1,9:0.00} {2,9:0.00} {3,9:0.00} {4,9:0.00} {5,9:0.00}", us, 0.0, sy, wa, st, id);
    }
}
