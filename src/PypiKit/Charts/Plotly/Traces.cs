using Plotly.NET;
using Plotly.NET.TraceObjects;

namespace PypiKit.Charts;

/// <summary>
/// The traces PypiKit's charts are made of, as Plotly.NET <see cref="Trace2D"/>s: lines, markers, bars, step lines.
/// x values are numbers, category names or times already written by <see cref="PlotlyProps.Times"/>.
/// Further attributes with <see cref="PlotlyProps.With{T}"/> (e.g. <c>.With("yaxis", "y2")</c>).
/// </summary>
public static class Traces
{
    /// <summary>A line; <paramref name="dash"/> is plotly's <c>dash</c> ("dash", "dot", …).</summary>
    public static Trace2D Lines(string name, System.Collections.IEnumerable x, IEnumerable<double> y, string? color = null, string? dash = null) =>
        Scatter(name, x, y, "lines").With("line", Line(color, dash));

    /// <summary>A line through visible markers (for sparse points, e.g. model predictions at a few levels).</summary>
    public static Trace2D LinesMarkers(string name, System.Collections.IEnumerable x, IEnumerable<double> y, string? color = null, string? dash = null) =>
        Scatter(name, x, y, "lines+markers").With("line", Line(color, dash)).With("marker", Marker(color));

    /// <summary>A line drawn as steps that hold each value until the next x (per-interval counts).</summary>
    public static Trace2D Steps(string name, System.Collections.IEnumerable x, IEnumerable<double> y, string? color = null) =>
        Scatter(name, x, y, "lines").With("line", Line(color, null).With("shape", "hv"));

    /// <summary>Markers only.</summary>
    public static Trace2D Markers(string name, System.Collections.IEnumerable x, IEnumerable<double> y, string? color = null) =>
        Scatter(name, x, y, "markers").With("marker", Marker(color).With("size", 9));

    /// <summary>Bars of <paramref name="y"/> at <paramref name="x"/> (categories or numbers).</summary>
    public static Trace2D Bars(string name, System.Collections.IEnumerable x, IEnumerable<double> y, string? color = null) =>
        new Trace2D("bar").With("name", name).With("x", x).With("y", PlotlyProps.Numbers(y)).With("marker", Marker(color));

    private static Trace2D Scatter(string name, System.Collections.IEnumerable x, IEnumerable<double> y, string mode) =>
        new Trace2D("scatter").With("name", name).With("x", x).With("y", PlotlyProps.Numbers(y)).With("mode", mode);

    /// <summary>A plotly <c>line</c> object (colour, width 2, dash).</summary>
    public static Line Line(string? color, string? dash, double width = 2) =>
        new Line().With("color", color).With("width", width).With("dash", dash);

    /// <summary>A plotly <c>marker</c> object of one colour.</summary>
    public static Marker Marker(string? color) => new Marker().With("color", color);
}
