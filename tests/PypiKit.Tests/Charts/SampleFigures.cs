using Plotly.NET;
using PypiKit.Charts;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace PypiKit.Tests.Charts;

/// <summary>Small charts that exercise the chart builder and Plotly.NET's own chart kinds.</summary>
internal static class SampleFigures
{
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 0, 0, TimeSpan.Zero);

    public static string[] Times(int n) => PlotlyProps.Times(Enumerable.Range(0, n).Select(i => Start.AddMinutes(5 * i)));

    /// <summary>A time series with a secondary axis, a threshold line and a shaded band: 5 traces (3 series, the line, the band).</summary>
    public static GenericChart TimeSeriesWithThreshold()
    {
        var t = Times(12);
        return new ChartBuilder("Latency over time")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("p95 latency", "ms").ToZero())
            .SecondaryYAxis(Axes.Linear("Throughput", "req/s"))
            .Band(t[3], t[7], 0, 2500, "burst window", ChartColors.WindowBand)
            .Add(Traces.Lines("p95", t, [120.0, 130, 150, 900, 1800, 2500, 2100, 800, 300, 200, 150, 140]))
            .Add(Traces.Lines("p50", t, [60.0, 62, 70, 300, double.NaN, 900, 700, 300, 100, 80, 70, 65], ChartColors.Orange, "dot"))
            .Add(Traces.Lines("throughput (right)", t, [50.0, 52, 60, 200, 260, 240, 230, 120, 70, 55, 50, 50], ChartColors.Green).With("yaxis", "y2"))
            .HorizontalLine(t[0], t[^1], 2000, "target (burst) 2000 ms")
            .Legend(ChartBuilder.LegendBelow())
            .Build();
    }

    /// <summary>A 2 × 2 grid of Plotly.NET's own chart kinds (C# bindings): columns, a histogram, a box plot and a
    /// heatmap — 5 traces (two column series).</summary>
    public static GenericChart GridOfKinds()
    {
        var rnd = new Random(7);
        var samples = Enumerable.Range(0, 400).Select(_ => Math.Exp(rnd.NextDouble() * 3)).ToArray();
        string[] types = ["t3.small", "c6a.xlarge"];
        var columns = CSharpChart.Combine([
            CSharpChart.Column<double, string, string>(new[] { 2.0, 14 }, types, Name: "RAM limit"),
            CSharpChart.Column<double, string, string>(new[] { 3.0, 12 }, types, Name: "CPU limit"),
        ]);
        var histogram = CSharpChart.Histogram<double, double, string>(X: samples, Name: "latency", NBinsX: 30);
        var box = CSharpChart.BoxPlot<string, double, string>(X: samples.Select((_, i) => i % 2 == 0 ? "a" : "b").ToArray(), Y: samples, Name: "per target");
        var heatmap = CSharpChart.Heatmap<int, string, string, string>(
            zData: new[] { new[] { 1, 2, 3 }, new[] { 4, 5, 6 } }, X: new[] { "00", "01", "02" }, Y: new[] { "Mon", "Tue" }, Name: "errors");
        var grid = CSharpChart.Grid([columns, histogram, box, heatmap], 2, 2);
        var layout = GenericChart.getLayout(grid).With("title", Axes.Title("Every trace kind")).With("height", 700);
        return GenericChart.setLayout(layout, grid);
    }
}
