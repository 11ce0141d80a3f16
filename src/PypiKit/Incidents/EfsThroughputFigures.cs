using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>
/// EFS throughput from CloudWatch: MeteredIOBytes and TotalIOBytes (Sum per period, bytes) turned into MiB/s over each
/// period, against PermittedThroughput (bytes/s) — what the file system was allowed at the time.
/// </summary>
public sealed record EfsThroughputFigures(double PeakMeteredMibps, double PermittedAtPeakMibps, DateTimeOffset PeakAt, double MeanMeteredMibps,
    double TotalMibps, ChangePoint? PermittedChange)
{
    /// <summary>Peak metered throughput as a share of what was permitted at that moment.</summary>
    public double PeakUseOfPermitted => PermittedAtPeakMibps > 0 ? PeakMeteredMibps / PermittedAtPeakMibps : double.NaN;

    private const double Mib = 1024 * 1024;

    /// <summary>Null unless both MeteredIOBytes and PermittedThroughput are on the timeline.</summary>
    public static EfsThroughputFigures? From(Timeline tl)
    {
        var metered = tl.Find("MeteredIOBytes.Sum", "MeteredIOBytes");
        var permitted = tl.Find("PermittedThroughput.Average", "PermittedThroughput");
        if (metered is null || permitted is null || metered.Points.Count < 2) return null;
        var rate = PerSecond(metered);
        var peak = rate.Points.MaxBy(p => p.Value);
        var at = permitted.Points.OrderBy(p => Math.Abs((p.Time - peak.Time).Ticks)).First();
        var total = tl.Find("TotalIOBytes.Sum", "TotalIOBytes");
        var permittedMib = permitted with { Points = permitted.Points.Select(p => p with { Value = p.Value / Mib }).ToArray() };
        return new EfsThroughputFigures(peak.Value / Mib, at.Value / Mib, peak.Time, rate.Points.Average(p => p.Value) / Mib,
            total is null || total.Points.Count < 2 ? double.NaN : PerSecond(total).Points.Average(p => p.Value) / Mib,
            ChangePoints.Level(permittedMib));
    }

    /// <summary>A Sum-per-period byte series as bytes per second, the period read from the spacing of the points.</summary>
    internal static TimeSeries PerSecond(TimeSeries sums)
    {
        var gaps = sums.Points.Zip(sums.Points.Skip(1), (a, b) => (b.Time - a.Time).TotalSeconds).Where(g => g > 0).OrderBy(g => g).ToArray();
        double period = gaps.Length == 0 ? 60 : gaps[gaps.Length / 2];
        return sums with { Unit = "Bytes/Second", Points = sums.Points.Select(p => p with { Value = p.Value / period }).ToArray() };
    }
}
