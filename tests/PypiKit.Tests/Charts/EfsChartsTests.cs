using System.Text.Json;
using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Charts;

[Collection(ChromiumCollection.Name)]
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

    private static JsonElement Layout(Figure f) => JsonDocument.Parse(f.ToJson()).RootElement.GetProperty("layout");

    [Fact]
    public void Burst_credit_alarm_line_sits_at_1_TB_on_a_TB_axis()
    {
        var fig = EfsCharts.BurstCreditBalance(Credits(), Projection(), depletedAt: T0.AddHours(16.7));
        Assert.Equal("TB", fig.Layout.YAxis!.Unit);
        Assert.Equal("BurstCreditBalance (TB)", fig.Layout.YAxis.Title!.Text);
        var line = Layout(fig).GetProperty("shapes").EnumerateArray().First(s => s.GetProperty("xref").GetString() == "paper");
        Assert.Equal(1.0, line.GetProperty("y0").GetDouble(), 9); // 1e12 bytes in TB
        Assert.Contains(fig.Layout.Annotations!, a => a.Text == "alarm: below 1 TB");
        var measured = (ScatterTrace)fig.Traces[0];
        Assert.Equal(2.309, measured.Y!.Numbers![0], 9);
        Assert.Equal(2, fig.Layout.Shapes!.Count); // the alarm line and the depletion marker
    }

    [Fact]
    public void A_custom_alarm_threshold_is_drawn_where_configured()
    {
        var fig = EfsCharts.BurstCreditBalance(Credits(), alarmThresholdBytes: 5e11);
        Assert.Equal(0.5, fig.Layout.Shapes![0].Y0!.Value.Number!.Value, 9);
        Assert.Single(fig.Traces);
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
        var fig = EfsCharts.BurstCreditBalance(null, sim);
        Assert.Single(fig.Traces);
        Assert.Equal("Projected balance (credit model)", fig.Traces[0].Name);
        Assert.Contains(fig.Layout.Shapes!, s => s.X0 == sim.DepletedAt);
    }

    [Fact]
    public void Percent_io_limit_has_the_80_percent_line_on_a_percent_axis()
    {
        var fig = EfsCharts.PercentIoLimit(IoLimit());
        Assert.Equal("%", fig.Layout.YAxis!.Unit);
        var line = fig.Layout.Shapes!.Single(s => s.Type == "line");
        Assert.Equal(80, line.Y0!.Value.Number);
        Assert.Equal(80, line.Y1!.Value.Number);
        var band = fig.Layout.Shapes!.Single(s => s.Type == "rect");
        Assert.Equal(80, band.Y0!.Value.Number);
    }

    [Fact]
    public void Io_bytes_are_stacked_in_MiB_per_5_min_with_the_metadata_share_in_the_title()
    {
        var fig = EfsCharts.IoBytes(Metadata(), Reads(), Writes());
        Assert.Equal("MiB", fig.Layout.YAxis!.Unit);
        Assert.Equal("I/O per 5-min interval (MiB)", fig.Layout.YAxis.Title!.Text);
        Assert.Equal(3, fig.Traces.Count);
        Assert.All(fig.Traces.Cast<ScatterTrace>(), t => Assert.Equal("io", t.StackGroup));
        // 400 / (400 + 60 + 4) ≈ 86.2 % (the sine averages out to about zero over the window)
        Assert.Matches(@"metadata 8[5-7]\.\d % of the total", fig.Layout.Title!.Text);
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
        Assert.Equal([2, 1, 3], r.Figures.Select(f => f.TraceCount));
        Assert.Equal([2, 1, 3], r.Figures.Select(f => f.DrawnTraceCount));
        Assert.True(new FileInfo(r.PngPath!).Length > 10_000);
    }
}
