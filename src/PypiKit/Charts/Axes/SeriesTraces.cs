using Plotly.NET;
using PypiKit.Series;

namespace PypiKit.Charts;

/// <summary>Plotly.NET traces made from <see cref="TimeSeries"/> (the common currency of Telemetry, Incidents and Charts).</summary>
public static class SeriesTraces
{
    /// <summary>A line of <paramref name="series"/> over time, its values divided by <paramref name="scale"/>'s divisor
    /// (or as they are); named after the series unless <paramref name="name"/> is given. Hover shows the value and unit.
    /// A single point is drawn as a marker (a line needs two).</summary>
    public static Trace2D Line(TimeSeries series, UnitScale? scale = null, string? name = null, string? color = null, string? dash = null)
    {
        var s = scale ?? UnitScale.Identity(series.Unit);
        var x = PlotlyProps.Times(series.Points.Select(p => p.Time));
        var y = series.Points.Select(p => s.Apply(p.Value));
        var trace = series.Points.Count == 1
            ? Traces.LinesMarkers(name ?? series.Name, x, y, color, dash)
            : Traces.Lines(name ?? series.Name, x, y, color, dash);
        return trace.With("hovertemplate", "%{y:.3~f} " + s.Unit + "<extra>%{fullData.name}</extra>");
    }

    /// <summary>First and last time over the non-empty series, as plotly date strings (for lines drawn across a chart).</summary>
    public static (string From, string To) Extent(params TimeSeries?[] series)
    {
        var times = series.Where(s => s is { IsEmpty: false }).SelectMany(s => s!.Points.Select(p => p.Time)).ToArray();
        if (times.Length == 0) throw new ArgumentException("No points to chart.", nameof(series));
        return (PlotlyProps.Time(times.Min()), PlotlyProps.Time(times.Max()));
    }

    /// <summary>The typical spacing of the points (median gap), or null with fewer than two points.</summary>
    public static TimeSpan? Interval(TimeSeries series)
    {
        if (series.Points.Count < 2) return null;
        var gaps = series.Points.Zip(series.Points.Skip(1), (a, b) => (b.Time - a.Time).Ticks).Where(t => t > 0).Order().ToArray();
        return gaps.Length == 0 ? null : TimeSpan.FromTicks(gaps[gaps.Length / 2]);
    }

    /// <summary>"5-min", "1-h", "30-s" — for axis titles like "I/O per 5-min interval".</summary>
    public static string DescribeInterval(TimeSpan interval) =>
        interval.TotalHours >= 1 && interval.TotalHours == Math.Floor(interval.TotalHours) ? $"{interval.TotalHours:0}-h"
        : interval.TotalMinutes >= 1 && interval.TotalMinutes == Math.Floor(interval.TotalMinutes) ? $"{interval.TotalMinutes:0}-min"
        : $"{interval.TotalSeconds:0.#}-s";
}
