using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes two timestamped <c>/proc/meminfo</c> snapshots, at the calmest and at the peak sample (what
/// <c>MeminfoParser</c> reads).</summary>
internal static class MeminfoWriter
{
    public static string Write(StressCurve c)
    {
        var inv = StressCurve.Inv;
        var sc = c.Scenario;
        int calm = c.IndexOf(0.0), peak = c.IndexOf(1.0);
        var sb = new StringBuilder();
        foreach (int i in new[] { calm, peak }.Order())
        {
            double s = c[i];
            sb.Append(inv, $"{c.TimeAt(i):ddd MMM dd HH:mm:ss} UTC {c.TimeAt(i):yyyy}\n");
            static long K(double mib) => (long)Math.Round(mib * 1024);
            double total = sc.MemoryMib, used = sc.UsedMib.At(s), free = sc.FreeMib.At(s), avail = sc.AvailableMib.At(s);
            double cached = total - used - free - 2.2;
            (string, long)[] rows =
            [
                ("MemTotal", K(total)), ("MemFree", K(free)), ("MemAvailable", K(avail)), ("Buffers", K(2.2)), ("Cached", K(cached)),
                ("SwapCached", K(sc.SwapUsedMib.At(s) * 0.06)), ("Active", K(used * 0.55)), ("Inactive", K(used * 0.35)),
                ("Active(anon)", K(used * 0.5)), ("Inactive(anon)", K(used * 0.3)), ("Active(file)", K(used * 0.05)), ("Inactive(file)", K(used * 0.05)),
                ("Unevictable", 0), ("Mlocked", 0), ("SwapTotal", K(sc.SwapTotalMib)), ("SwapFree", K(sc.SwapTotalMib - sc.SwapUsedMib.At(s))),
                ("Dirty", 120 + (long)(900 * s)), ("Writeback", (long)(64 * s)), ("AnonPages", K(used * 0.78)), ("Mapped", K(38)),
                ("Shmem", K(1)), ("KReclaimable", K(22)), ("Slab", K(61)), ("SReclaimable", K(22)), ("SUnreclaim", K(39)),
                ("KernelStack", 3904), ("PageTables", K(9.5)), ("CommitLimit", K(total / 2 + sc.SwapTotalMib)), ("Committed_AS", K(used + sc.SwapUsedMib.At(s) + 180)),
                ("VmallocTotal", 34359738367), ("VmallocUsed", 11840), ("HugePages_Total", 0), ("HugePages_Free", 0), ("Hugepagesize", 2048),
            ];
            foreach (var (k, v) in rows)
                sb.Append(inv, $"{k + ":",-16}{v,10}{(k.StartsWith("HugePages_", StringComparison.Ordinal) ? "" : " kB")}\n");
        }
        return sb.ToString();
    }
}
