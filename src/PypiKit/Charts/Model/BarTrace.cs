namespace PypiKit.Charts;

/// <summary>plotly <c>bar</c>: one bar per category; several bar traces are grouped or stacked by <see cref="Layout.BarMode"/>.</summary>
public sealed record BarTrace : Trace
{
    public override string Type => "bar";

    public PlotValues? X { get; init; }
    public PlotValues? Y { get; init; }
    public Orientation? Orientation { get; init; }

    /// <summary>Labels written on the bars (see <see cref="TextPosition"/>).</summary>
    public PlotValues? Text { get; init; }

    /// <summary><c>inside</c>, <c>outside</c>, <c>auto</c>, <c>none</c>.</summary>
    public string? TextPosition { get; init; }

    public static BarTrace Of(string name, PlotValues categories, PlotValues values, string? color = null) =>
        new() { Name = name, X = categories, Y = values, Marker = color is null ? null : new Marker(color) };
}
