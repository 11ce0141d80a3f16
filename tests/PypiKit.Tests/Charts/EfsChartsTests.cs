using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Sizing.Reports;
using PypiKit.Units;

namespace PypiKit.Tests.Charts;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Slow")]
public class EfsChartsTests(ChromiumRenderer chromium)
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 28, 8, 0, 0, TimeSpan.Zero);

    private static TimeSeries Series(string name, string unit, int n, Func<int, double> value) =>
        new(name, unit, Enumerable.Range(0, n).Select(i => new TimePoint(T0.AddMinutes(5 * i), value(i))).ToArray());

    /// <summary>12 h of 5-minute points: credits draining from 2.3 TB towards zero.</summary>
    internal static TimeSeries Credits() => Series("BurstCreditBalance", "Bytes", 144, i => 2.309e12 - i * 1.2e10);
    internal static TimeSeries Projection() => Series("BurstCreditBalance", "Bytes", 288, i => Math.Max(0, 2.309e12 - i * 1.15e10));
    internal static TimeSeries IoLimit() => Series("PercentIOLimit", "Percent", 144, i => Math.Min(97, 5 + i * 0.7 + 4 * Math.Sin(i / 5.0)));
    internal static TimeSeries Metadata() => Series("MetadataIOBytes", "Bytes", 144, i => 400 * 1048576.0 + 30 * 1048576.0 * Math.Sin(i / 7.0));
    internal static TimeSeries Reads() => Series("DataReadIOBytes", "Bytes", 144, _ => 60 * 1048576.0);
    internal static TimeSeries Writes() => Series("DataWriteIOBytes", "Bytes", 144, _ => 4 * 1048576.0);

    [Fact]
    public void Burst_credit_alarm_line_sits_at_1_TB_on_a_TB_axis()
    {
        var fig = new ChartJson(EfsCharts.BurstCreditBalance(Credits(), Projection(), depletedAt: T0.AddHours(16.7)));
        Assert.Equal("BurstCreditBalance (TB)", fig.AxisTitle("yaxis"));
        Assert.Equal([1.0, 1.0], ChartJson.Numbers(fig.Trace("alarm: below 1 TB"), "y")); // 1e12 bytes in TB
        Assert.Equal(2.309, ChartJson.Numbers(fig.Trace("BurstCreditBalance (measured)"), "y")[0]!.Value, 9);
        var depleted = fig.Trace("credits exhausted: throttled to baseline");
        Assert.Equal(PlotlyProps.Time(T0.AddHours(16.7)), ChartJson.Strings(depleted, "x")[0]);
        Assert.Equal(4, fig.Data.Count); // measured, projected, the alarm line and the depletion marker
    }

    [Fact]
    public void A_custom_alarm_threshold_is_drawn_where_configured()
    {
        var fig = new ChartJson(EfsCharts.BurstCreditBalance(Credits(), alarmThresholdBytes: 5e11));
        Assert.Equal([0.5, 0.5], ChartJson.Numbers(fig.Trace("alarm: below 500 GB"), "y"));
        Assert.Equal(2, fig.Data.Count);
    }

    [Fact]
    public void An_alarm_far_above_the_balance_is_noted_instead_of_flattening_the_chart()
    {
        var fig = new ChartJson(EfsCharts.BurstCreditBalance(Credits(), alarmThresholdBytes: 1e14));
        Assert.Single(fig.Data);
        Assert.Contains("alarm: below 100 TB: above the data, not drawn", fig.Title);
    }

    [Fact]
    public void The_credit_model_projection_is_drawn_with_its_depletion()
    {
        // 10 GiB stored (baseline 500 KiB/s), 2 MiB/s of writes for a day: the 2.1 TiB bank lasts about 15 days,
        // so start from 0.1 TiB to see it run out within the day.
        var writes = new TimeSeries("DataWriteIOBytes", "Bytes/Second",
            Enumerable.Range(0, 289).Select(i => new TimePoint(T0.AddMinutes(5 * i), 2 * 1048576.0)).ToArray());
        var sim = EfsCreditModel.Simulate(new EfsSimulationInputs { Storage = Bytes.FromGibibytes(10), Writes = writes, StartingCredits = Bytes.FromTebibytes(0.1) });
        Assert.NotNull(sim.DepletedAt);
        var fig = new ChartJson(EfsCharts.BurstCreditBalance(null, sim));
        Assert.Equal("Projected balance (credit model)", (string?)fig.Traces[0]["name"]);
        Assert.Equal(PlotlyProps.Time(sim.DepletedAt!.Value), ChartJson.Strings(fig.Trace("credits exhausted: throttled to baseline"), "x")[0]);
    }

    [Fact]
    public void Percent_io_limit_has_the_80_percent_line_and_a_shaded_band_in_the_legend()
    {
        var fig = new ChartJson(EfsCharts.PercentIoLimit(IoLimit()));
        Assert.Equal("PercentIOLimit (%)", fig.AxisTitle("yaxis"));
        Assert.Equal([80.0, 80.0], ChartJson.Numbers(fig.Trace("alarm: above 80 %"), "y"));
        var band = fig.Trace("alarm zone: above 80 %");
        Assert.Equal("toself", (string?)band["fill"]);
        Assert.True((bool)band["showlegend"]!);
        Assert.Equal(80, ChartJson.Numbers(band, "y").Min());
    }

    [Fact]
    public void Io_bytes_are_stacked_in_MiB_per_5_min_with_the_metadata_share_in_the_title()
    {
        var fig = new ChartJson(EfsCharts.IoBytes(Metadata(), Reads(), Writes()));
        Assert.Equal("I/O per 5-min interval (MiB)", fig.AxisTitle("yaxis"));
        Assert.Equal(3, fig.Data.Count);
        Assert.All(fig.Traces, t => Assert.Equal("io", (string?)t["stackgroup"]));
        // 400 / (400 + 60 + 4) ≈ 86.2 % (the sine averages out to about zero over the window)
        Assert.Matches(@"metadata 8[5-7]\.\d % of the total", fig.Title);
    }

    [Fact]
    public async Task Every_EFS_chart_renders_in_chromium()
    {
        var report = HtmlReport.Create("EFS charts")
            .Figure(EfsCharts.BurstCreditBalance(Credits(), Projection(), depletedAt: T0.AddHours(16.7)))
            .Figure(EfsCharts.PercentIoLimit(IoLimit()))
            .Figure(EfsCharts.IoBytes(Metadata(), Reads(), Writes()))
            .Build();
        var r = await chromium.RenderAsync(report, "efs-charts");
        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal([4, 3, 3], r.Figures.Select(f => f.TraceCount));
        Assert.Equal([4, 3, 3], r.Figures.Select(f => f.DrawnTraceCount));
        Assert.True(new FileInfo(r.PngPath!).Length > 10_000);
    }
}
