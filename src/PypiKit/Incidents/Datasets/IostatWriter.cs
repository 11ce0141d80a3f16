using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes <c>iostat -x -t</c> output (what <c>IostatParser</c> reads): per minute a timestamp, the avg-cpu
/// block and one NVMe device row. Jitter seeded with <c>seed + 3</c>.</summary>
internal static class IostatWriter
{
    public static string Write(StressCurve c)
    {
        var inv = StressCurve.Inv;
        var sc = c.Scenario;
        var j = new Random(sc.Seed + 3);
        var sb = new StringBuilder(c.SysstatBanner);
        foreach (int i in c.MinuteIndices())
        {
            double s = c[i], h = c.Hump(s);
            var r = c.Row(s, j);
            sb.Append(inv, $"{c.TimeAt(i):MM/dd/yyyy hh:mm:ss tt}\n");
            sb.Append("avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n");
            double us = sc.User.At(h), sy = sc.System.At(h), wa = sc.IoWait.At(s), st = sc.Steal.At(s);
            sb.Append(string.Format(inv, "         {0,6:0.00} {1,7:0.00} {2,7:0.00} {3,7:0.00} {4,7:0.00} {5,7:0.00}\n\n", us, 0.0, sy, wa, st, Math.Max(0, 100 - us - sy - wa - st)));
            sb.Append("Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await  aqu-sz  %util\n");
            double rs = r.Bi / 8.0 + 5, ws = r.Bo / 16.0 + 2;
            sb.Append(string.Format(inv, "nvme0n1      {0,8:0.00} {1,9:0.00} {2,8:0.00} {3,6:0.00} {4,7:0.00} {5,8:0.00} {6,7:0.00} {7,9:0.00} {8,8:0.00} {9,6:0.00} {10,7:0.00} {11,8:0.00} {12,7:0.00} {13,7:0.00} {14,8:0.00} {15,6:0.00} {16,7:0.00} {17,8:0.00} {18,7:0.00} {19,7:0.00} {20,7:0.00} {21,6:0.00}\n\n",
                rs, (double)r.Bi, 0.2, 1.1, 0.6 + 9 * s, r.Bi / rs, ws, (double)r.Bo, 1.5, 8.0, 1.2 + 14 * s, r.Bo / ws, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                0.02 + 6 * s, Math.Min(100, 4 + 95 * s)));
        }
        return sb.ToString();
    }
}
