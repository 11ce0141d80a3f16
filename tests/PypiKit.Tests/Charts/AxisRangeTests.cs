using PypiKit.Charts;
using PypiKit.Incidents;
using PypiKit.Incidents.Reports;
using PypiKit.Series;
using PypiKit.Sizing.Reports;
using PypiKit.Tests.Incidents;

namespace PypiKit.Tests.Charts;

/// <summary>
/// Every standard chart is scaled to its data: in headless Chromium, each drawn point lies within the range plotly
/// gave its axis (read from <c>gd._fullLayout</c>), including charts whose thresholds sit far from the data. The burst
/// charts get the same check in <c>BurstChartTests</c> (every chart test's <c>AllErrors</c> includes it).
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Slow")]
public class AxisRangeTests(ChromiumRenderer chromium)
{
    private static readonly Lazy<IncidentAnalysis> Incident = new(() => IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227));

    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 10, 0, 0, TimeSpan.Zero);

    private static TimeSeries Minutes(string name, string unit, params double[] values) =>
        new(name, unit, values.Select((v, i) => new TimePoint(T0.AddMinutes(i), v)).ToArray());

    [Fact]
    public async Task A_fixed_range_that_cuts_the_data_is_reported()
    {
        var chart = new ChartBuilder("Cut off")
            .YAxis(Axes.Linear("value").Range(0, 10))
            .Add(Traces.Lines("rising", new[] { 0.0, 1, 2 }, [5.0, 9, 50]))
            .Build();
        var r = await chromium.RenderAsync(chart, "axis-range-cut");
        var outside = Assert.Single(r.OutsideAxisRange);
        Assert.Contains("rising: y=50 outside y [0, 10]", outside);
    }

    [Fact]
    public async Task Standard_charts_keep_their_data_in_view_with_thresholds_near_and_far()
    {
        var incident = Incident.Value;
        var quietSwap = Minutes("vmstat.si", "KiB/s", 0, 4, 12, 3, 0, 8);
        var report = HtmlReport.Create("Axis ranges")
            .Figures(HostCharts.ForIncident(incident.Data))
            .Figure(HostCharts.SwapActivity(quietSwap)) // the 1,000 KiB/s storm line is far above: noted, not drawn
            .Figure(HostCharts.AvailableMemory(Minutes("free.available", "MiB", 700, 420, 80, 55, 300), totalMib: 916))
            .Figure(EfsCharts.BurstCreditBalance(EfsChartsTests.Credits(), EfsChartsTests.Projection(), depletedAt: T0.AddHours(16.7)))
            .Figure(EfsCharts.BurstCreditBalance(EfsChartsTests.Credits(), alarmThresholdBytes: 1e14))
            .Figure(EfsCharts.PercentIoLimit(EfsChartsTests.IoLimit()))
            .Figure(EfsCharts.IoBytes(EfsChartsTests.Metadata(), EfsChartsTests.Reads(), EfsChartsTests.Writes()))
            .Figure(SizingCharts.TasksPerInstance(SizingChartsTests.Plans()))
            .Figure(SizingCharts.CostVsCapacity(SizingChartsTests.Sweep(), 15))
            .Build();
        var r = await chromium.RenderAsync(report, "axis-ranges");
        Assert.Empty(r.AllErrors);
        Assert.Equal(report.Figures.Count(), r.FigureCount);
        Assert.Contains(r.Figures, f => f.Title!.Contains("swap storm: ≥ 1,000 KiB/s: above the data, not drawn"));
    }
}
