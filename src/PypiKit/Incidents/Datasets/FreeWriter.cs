using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes <c>free -m</c> captures with a timestamp prefix on every line (what <c>FreeParser</c> reads), one
/// capture per minute.</summary>
internal static class FreeWriter
{
    public static string Write(StressCurve c)
    {
        var inv = StressCurve.Inv;
        var sc = c.Scenario;
        var sb = new StringBuilder();
        foreach (int i in c.MinuteIndices())
        {
            double s = c[i];
            var ts = c.TimeAt(i).ToString("MMM dd HH:mm:ss", inv);
            long total = (long)Math.Round(sc.MemoryMib), used = (long)Math.Round(sc.UsedMib.At(s)), free = (long)Math.Round(sc.FreeMib.At(s));
            long avail = (long)Math.Round(sc.AvailableMib.At(s)), swapTotal = (long)Math.Round(sc.SwapTotalMib), swapUsed = (long)Math.Round(sc.SwapUsedMib.At(s));
            sb.Append(inv, $"{ts}                total        used        free      shared  buff/cache   available\n");
            sb.Append(inv, $"{ts} Mem:     {total,11} {used,11} {free,11} {1,11} {total - used - free,11} {avail,11}\n");
            sb.Append(inv, $"{ts} Swap:    {swapTotal,11} {swapUsed,11} {swapTotal - swapUsed,11}\n");
        }
        return sb.ToString();
    }
}
