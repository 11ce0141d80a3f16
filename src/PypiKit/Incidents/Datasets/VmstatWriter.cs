using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes <c>vmstat -t</c> output (what <c>VmstatParser</c> reads): the two header lines, the since-boot
/// row one interval before the first sample, then one row per grid sample. Jitter seeded with <c>seed + 1</c>.</summary>
internal static class VmstatWriter
{
    public static string Write(StressCurve c)
    {
        var inv = StressCurve.Inv;
        var j = new Random(c.Scenario.Seed + 1);
        var sb = new StringBuilder();
        sb.Append("procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----\n");
        sb.Append(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC\n");
        // vmstat's first row: averages since boot (mostly idle), printed one interval before the first sample
        var boot = c.TimeAt(0) - (c.TimeAt(1) - c.TimeAt(0));
        sb.Append(inv, $"{0,2} {0,2} {0,6} {300000,6} {4096,6} {250000,6} {3,4} {1,4} {40,5} {30,5} {120,4} {200,4} {3,2} {1,2} {95,2} {1,2} {0,2} {boot:yyyy-MM-dd HH:mm:ss}\n");
        for (int i = 0; i < c.Samples; i++)
        {
            var r = c.Row(c[i], j);
            sb.Append(inv, $"{r.R,2} {r.B,2} {r.Swpd,6} {r.Free,6} {r.Buff,6} {r.Cache,6} {r.Si,4} {r.So,4} {r.Bi,5} {r.Bo,5} {r.In,4} {r.Cs,4} {r.Us,2} {r.Sy,2} {r.Id,2} {r.Wa,2} {r.St,2} {c.TimeAt(i):yyyy-MM-dd HH:mm:ss}\n");
        }
        return sb.ToString();
    }
}
