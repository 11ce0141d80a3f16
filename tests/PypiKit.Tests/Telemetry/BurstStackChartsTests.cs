using PypiKit.Series;
using PypiKit.Telemetry.Reports;

namespace PypiKit.Tests.Telemetry;

/// <summary>CloudWatch periods placed on the burst's time axis: clipped to the burst, never drawn outside it.</summary>
public class BurstStackChartsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 3, 0, 30, TimeSpan.Zero);

    [Fact]
    public void A_period_is_clipped_to_the_part_inside_the_burst()
    {
        var series = new TimeSeries("cpu", "Percent",
        [
            new TimePoint(Start.AddSeconds(-90), 10), // period ends 30 s before the burst: left out
            new TimePoint(Start.AddSeconds(-30), 20), // covers the first 30 s
            new TimePoint(Start.AddSeconds(30), 30),  // covers 30 … 90 s, cut at the burst's end (75 s)
            new TimePoint(Start.AddSeconds(90), 40),  // starts after the burst: left out
        ]);
        var steps = BurstStackCharts.Clip(series, Start, 75, 60);
        Assert.Equal([new WindowStep(0, 30, 20), new WindowStep(30, 75, 30)], steps);
    }

    [Fact]
    public void Missing_values_and_bad_periods_are_not_drawn()
    {
        var series = new TimeSeries("cpu", "Percent", [new TimePoint(Start, double.NaN)]);
        Assert.Empty(BurstStackCharts.Clip(series, Start, 10, 60));
        Assert.Throws<ArgumentOutOfRangeException>(() => BurstStackCharts.Clip(series, Start, 10, 0));
    }
}
