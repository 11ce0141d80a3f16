using Plotly.NET;
using PypiKit.Charts;
using PypiKit.Series;

namespace PypiKit.Sizing.Reports;

/// <summary>
/// The EFS charts of the reference deployment's CloudWatch dashboard, as Plotly.NET <see cref="GenericChart"/>s drawn
/// from <see cref="TimeSeries"/> (CloudWatch AWS/EFS metrics as Telemetry returns them, or sandbox/model series):
/// <list type="bullet">
/// <item><see cref="BurstCreditBalance(TimeSeries?, EfsCreditSimulation, double)"/>: BurstCreditBalance with the 1 TB alarm line and the credit model's projection;</item>
/// <item><see cref="PercentIoLimit"/>: PercentIOLimit with the 80 % alarm line;</item>
/// <item><see cref="IoBytes"/>: metadata vs data I/O bytes per period.</item>
/// </list>
/// Thresholds are the reference module's alarms: <c>efs_burst_credit_threshold</c> = 1e12 bytes (Average &lt; 1 TB,
/// bursting mode only) and PercentIOLimit Average &gt; 80 %. A threshold far outside the data is noted under the title
/// rather than drawn.
/// </summary>
public static class EfsCharts
{
    /// <summary>The burst-credit alarm threshold: 1e12 bytes (1 TB), the reference module's default.</summary>
    public const double BurstCreditAlarmBytes = PypiKit.Telemetry.Alarms.AlarmThresholds.EfsBurstCreditLowBytes;

    /// <summary>The throughput alarm threshold: PercentIOLimit above 80 %.</summary>
    public const double PercentIoLimitAlarm = 80;

    /// <summary>
    /// BurstCreditBalance over time in TB (decimal, as the alarm is stated), with a dashed alarm line at
    /// <paramref name="alarmThresholdBytes"/> and, when given, the model's projected balance (gray, dashed) and the moment
    /// the model says credits run out. Either series may be empty, not both.
    /// </summary>
    /// <param name="measured">CloudWatch BurstCreditBalance (bytes), or null/empty when only the projection is known.</param>
    /// <param name="projected">The credit model's balance (bytes), e.g. <c>EfsCreditModel.Simulate(…).Balance</c>.</param>
    /// <param name="alarmThresholdBytes">Alarm line, bytes (default 1e12).</param>
    /// <param name="depletedAt">When the projection reaches zero, drawn as a vertical marker.</param>
    public static GenericChart BurstCreditBalance(TimeSeries? measured, TimeSeries? projected = null,
        double alarmThresholdBytes = BurstCreditAlarmBytes, DateTimeOffset? depletedAt = null) =>
        BurstCreditBalance(measured, projected, alarmThresholdBytes, depletedAt, []);

    /// <summary>
    /// <see cref="BurstCreditBalance(TimeSeries?, TimeSeries?, double, DateTimeOffset?)"/> with formula lines (bytes, e.g.
    /// the credit ceiling or the fastest fall the model allows) drawn dashed in the same unit, each named in the legend.
    /// </summary>
    internal static GenericChart BurstCreditBalance(TimeSeries? measured, TimeSeries? projected, double alarmThresholdBytes, DateTimeOffset? depletedAt,
        IReadOnlyList<(TimeSeries Line, string Name, string Color)> formulaLines)
    {
        if ((measured is null || measured.IsEmpty) && (projected is null || projected.IsEmpty))
            throw new ArgumentException("Give a measured or a projected BurstCreditBalance series.");
        var present = new[] { measured, projected }.Where(s => s is { IsEmpty: false }).Select(s => s!).ToArray();
        var max = present.Concat(formulaLines.Select(f => f.Line)).Where(s => !s.IsEmpty).Max(s => s.Max);
        var scale = UnitScale.For(present[0].Unit, Math.Max(max, alarmThresholdBytes), decimalBytes: true);
        var (t0, t1) = SeriesTraces.Extent(measured, projected);

        var b = new ChartBuilder("EFS burst credit balance")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("BurstCreditBalance", scale.Unit).ToZero())
            .Legend(ChartBuilder.LegendBelow());
        if (measured is { IsEmpty: false })
            b.Add(SeriesTraces.Line(measured, scale, "BurstCreditBalance (measured)", ChartColors.Blue));
        if (projected is { IsEmpty: false })
            b.Add(SeriesTraces.Line(projected, scale, "Projected balance (credit model)", ChartColors.Model, "dash"));
        foreach (var (line, name, color) in formulaLines.Where(f => !f.Line.IsEmpty))
            b.Add(SeriesTraces.Line(line, scale, name, color, "dash"));
        var alarmLabel = UnitScale.For(present[0].Unit, alarmThresholdBytes, decimalBytes: true).Format(alarmThresholdBytes);
        b.Threshold(scale.Apply(alarmThresholdBytes), $"alarm: below {alarmLabel}", 0, scale.Apply(max), t0, t1);
        if (depletedAt is { } d) b.VerticalLine(PlotlyProps.Time(d), 0, scale.Apply(max), "credits exhausted: throttled to baseline");
        return b.Build();
    }

    /// <summary>
    /// BurstCreditBalance measured (when given) next to the credit model's projection (<see cref="EfsCreditModel.Simulate"/>),
    /// with the alarm line and the projected depletion.
    /// </summary>
    public static GenericChart BurstCreditBalance(TimeSeries? measured, EfsCreditSimulation projection, double alarmThresholdBytes = BurstCreditAlarmBytes) =>
        BurstCreditBalance(measured, projection.Balance, alarmThresholdBytes, projection.DepletedAt);

    /// <summary>
    /// PercentIOLimit (how close the file system is to its I/O limit, general-purpose mode) on a 0–100 % axis with the
    /// 80 % alarm line and the band above it shaded (both in the legend).
    /// </summary>
    public static GenericChart PercentIoLimit(TimeSeries percentIoLimit, double alarmPercent = PercentIoLimitAlarm)
    {
        if (percentIoLimit.IsEmpty) throw new ArgumentException("The PercentIOLimit series is empty.", nameof(percentIoLimit));
        var top = Math.Max(100, percentIoLimit.Max) * 1.02;
        var (t0, t1) = SeriesTraces.Extent(percentIoLimit);
        return new ChartBuilder("EFS I/O limit used (PercentIOLimit)")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("PercentIOLimit", "%").Range(0, top))
            .Band(t0, t1, alarmPercent, top, $"alarm zone: above {alarmPercent:0.##} %")
            .Add(SeriesTraces.Line(percentIoLimit, UnitScale.Identity("%"), "PercentIOLimit", ChartColors.Blue))
            .HorizontalLine(t0, t1, alarmPercent, $"alarm: above {alarmPercent:0.##} %")
            .Legend(ChartBuilder.LegendBelow())
            .Build();
    }

    /// <summary>
    /// Metadata vs data I/O bytes per period as stacked areas (CloudWatch MetadataIOBytes, DataReadIOBytes,
    /// DataWriteIOBytes, statistic Sum). The title states the metadata share, which with pypiserver's simple-dir
    /// backend (a directory listing per request) usually dominates.
    /// </summary>
    public static GenericChart IoBytes(TimeSeries metadata, TimeSeries? dataRead = null, TimeSeries? dataWrite = null)
    {
        var all = new[] { metadata, dataRead, dataWrite }.Where(s => s is { IsEmpty: false }).Select(s => s!).ToArray();
        if (all.Length == 0) throw new ArgumentException("Give at least one non-empty I/O series.");
        double meta = metadata.Points.Sum(p => p.Value);
        double total = all.Sum(s => s.Points.Sum(p => p.Value));
        var share = total > 0 ? meta / total * 100 : 0;
        // Stacked: the scale must fit the largest per-period total.
        var perPeriodMax = all.SelectMany(s => s.Points).GroupBy(p => p.Time).Select(g => g.Sum(p => p.Value)).DefaultIfEmpty(0).Max();
        var scale = UnitScale.For(metadata.IsEmpty ? all[0].Unit : metadata.Unit, perPeriodMax);
        var interval = SeriesTraces.Interval(all[0]);
        var label = interval is { } i ? $"I/O per {SeriesTraces.DescribeInterval(i)} interval" : "I/O";

        var b = new ChartBuilder($"EFS I/O bytes: metadata {share:0.#} % of the total")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear(label, scale.Unit).ToZero())
            .HoverMode("x unified")
            .Legend(ChartBuilder.LegendBelow());
        void Area(TimeSeries? s, string name, string color)
        {
            if (s is null || s.IsEmpty) return;
            b.Add(SeriesTraces.Line(s, scale, name, color).With("stackgroup", "io").With("fill", "tonexty"));
        }
        Area(metadata, "MetadataIOBytes", ChartColors.Orange);
        Area(dataRead, "DataReadIOBytes", ChartColors.Blue);
        Area(dataWrite, "DataWriteIOBytes", ChartColors.Green);
        return b.Build();
    }
}
