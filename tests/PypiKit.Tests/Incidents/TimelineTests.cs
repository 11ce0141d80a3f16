using PypiKit.Incidents;
using PypiKit.Series;

namespace PypiKit.Tests.Incidents;

public class TimelineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 16, 35, 0, TimeSpan.Zero);

    private static TimeSeries S(string name, int stepSeconds, params double[] v) =>
        new(name, "u", v.Select((x, i) => new TimePoint(T0.AddSeconds(i * stepSeconds), x)).ToArray());

    [Fact]
    public void Resample_buckets_and_combines()
    {
        var s = S("x", 20, 1, 2, 3, 10, 20, 30);
        Assert.Equal([2.0, 20.0], Timeline.Resample(s, TimeSpan.FromMinutes(1)).Points.Select(p => p.Value).ToArray());
        Assert.Equal([3.0, 30.0], Timeline.Resample(s, TimeSpan.FromMinutes(1), Aggregation.Max).Points.Select(p => p.Value).ToArray());
        Assert.Equal([6.0, 60.0], Timeline.Resample(s, TimeSpan.FromMinutes(1), Aggregation.Sum).Points.Select(p => p.Value).ToArray());
    }

    [Fact]
    public void Align_puts_series_of_different_rates_on_one_grid_with_gaps_as_nan()
    {
        var tl = new Timeline([S("vmstat.si", 5, Enumerable.Range(0, 36).Select(i => (double)i).ToArray()), S("cloudwatch.PercentIOLimit", 120, 1, 2)]);
        var f = tl.Align(TimeSpan.FromMinutes(1), ["vmstat.si", "PercentIOLimit"]);
        Assert.Equal(3, f.Times.Count);
        Assert.Equal([5.5, 17.5, 29.5], f.Column("vmstat.si"));
        Assert.Equal(1, f.Column("cloudwatch.PercentIOLimit")[0]);
        Assert.True(double.IsNaN(f.Column("cloudwatch.PercentIOLimit")[1]));
    }

    [Fact]
    public void Join_latency_reports_which_host_metric_moves_with_it()
    {
        var tl = new Timeline([S("alb.latency_p95", 60, 1, 2, 8, 16, 4, 1), S("vmstat.si", 60, 0, 100, 3000, 6612, 900, 0), S("vmstat.us", 60, 5, 5, 4, 6, 5, 5)]);
        var (frame, corr) = tl.JoinLatency("alb.latency_p95", ["vmstat.si", "vmstat.us", "missing"]);
        Assert.Equal(3, frame.Columns.Count);
        Assert.True(corr.Single(c => c.B == "vmstat.si").R > 0.9);
        Assert.True(corr.Single(c => c.B == "vmstat.us").R < 0.9);
    }
}
