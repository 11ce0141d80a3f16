using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

/// <summary>Small figures that exercise every part of the model.</summary>
internal static class SampleFigures
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset[] Times(int n) => Enumerable.Range(0, n).Select(i => Start.AddMinutes(5 * i)).ToArray();

    /// <summary>A time series with a threshold line, a band and a secondary axis: 3 traces.</summary>
    public static Figure TimeSeriesWithThreshold() =>
        Figure.Build("Latency over time")
            .XAxis(Axis.Date())
            .YAxis(Axis.Linear("p95 latency", "ms") with { RangeMode = RangeMode.ToZero })
            .SecondaryYAxis(Axis.Linear("Throughput", "req/s"))
            .Add(ScatterTrace.Lines("p95", Times(12), new[] { 120.0, 130, 150, 900, 1800, 2500, 2100, 800, 300, 200, 150, 140 }))
            .Add(ScatterTrace.Lines("p50", Times(12), new[] { 60.0, 62, 70, 300, double.NaN, 900, 700, 300, 100, 80, 70, 65 }, ChartColors.Orange, Dash.Dot))
            .Add(ScatterTrace.Lines("throughput", Times(12), new[] { 50.0, 52, 60, 200, 260, 240, 230, 120, 70, 55, 50, 50 }, ChartColors.Green) with { YAxis = "y2" })
            .HorizontalLine(2000, "target (burst) 2000 ms")
            .HorizontalBand(0, 500, "normal")
            .VerticalBand(Start.AddMinutes(15), Start.AddMinutes(35))
            .Legend(Legend.Below)
            .Build();

    /// <summary>A 2 × 2 grid with a bar, a histogram, a box and a heatmap: 5 traces (two bars).</summary>
    public static Figure GridOfKinds()
    {
        var rnd = new Random(7);
        var samples = Enumerable.Range(0, 400).Select(_ => Math.Exp(rnd.NextDouble() * 3)).ToArray();
        return Figure.Build("Every trace kind")
            .Grid(2, 2)
            .XAxis(Axis.Category("Instance type"))
            .YAxis(Axis.Linear("Tasks per instance", "tasks"))
            .Axis('x', 2, Axis.Log("Latency", "ms"))
            .Axis('y', 2, Axis.Linear("Share", "%"))
            .Axis('x', 3, Axis.Category("Target"))
            .Axis('y', 3, Axis.Linear("Latency", "ms"))
            .Axis('x', 4, Axis.Category("Hour"))
            .Axis('y', 4, Axis.Category("Day"))
            .BarMode(BarMode.Group)
            .Add(BarTrace.Of("RAM limit", new[] { "t3.small", "c6a.xlarge" }, new[] { 2.0, 14 }, ChartColors.Blue))
            .Add(BarTrace.Of("CPU limit", new[] { "t3.small", "c6a.xlarge" }, new[] { 3.0, 12 }, ChartColors.Orange))
            .Add(new HistogramTrace { Name = "latency", X = samples, NBinsX = 30, HistNorm = HistNorm.Percent, XAxis = "x2", YAxis = "y2" })
            .Add(new BoxTrace { Name = "per target", X = samples.Select((_, i) => i % 2 == 0 ? "a" : "b").ToArray(), Y = samples, BoxPoints = "outliers", BoxMean = true, XAxis = "x3", YAxis = "y3" })
            .Add(new HeatmapTrace
            {
                Name = "errors", X = new[] { "00", "01", "02" }, Y = new[] { "Mon", "Tue" },
                Z = [[1, 2, 3], [4, 5, 6]], ColorScale = "YlOrRd", ColorBar = new ColorBar(new Title("errors (count)")),
                XAxis = "x4", YAxis = "y4",
            })
            .Size(null, 700)
            .Build();
    }
}
