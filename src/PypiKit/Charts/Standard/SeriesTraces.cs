using PypiKit.Series;

namespace PypiKit.Charts;

/// <summary>Traces made from <see cref="TimeSeries"/> (the common currency of Telemetry, Incidents and Charts).</summary>
public static class SeriesTraces
{
    /// <summary>A line of <paramref name="series"/> over time, its values divided by <paramref name="scale"/>'s divisor
    /// (or as they are); named after the series unless <paramref name="name"/> is given. Hover shows the value and unit.</summary>
    public static ScatterTrace Line(TimeSeries series, UnitScale? scale = null, string? name = null, string? color = null, Dash? dash = null)
    {
        var s = scale ?? UnitScale.Identity(series.Unit);
        return new ScatterTrace
        {
            Name = name ?? series.Name,
            X = PlotValues.Of(series.Points.Select(p => p.Time)),
            Y = PlotValues.Of(series.Points.Select(p => s.Apply(p.Value))),
            Mode = series.Points.Count == 1 ? ScatterMode.LinesMarkers : ScatterMode.Lines,
            Line = new Line(color, 2, dash),
            HoverTemplate = "%{y:.3~f} " + s.Unit + "<extra>%{fullData.name}</extra>",
        };
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
