namespace PypiKit.Charts;

/// <summary>
/// A plotly layout shape: a line or rectangle in data or paper coordinates. Threshold lines and bands are built with
/// <see cref="HorizontalLine"/>, <see cref="HorizontalBand"/>, <see cref="VerticalLine"/> and <see cref="VerticalBand"/>.
/// <c>xref</c>/<c>yref</c>: <c>x</c>/<c>y</c> (data of the first axes), <c>x2</c>…, or <c>paper</c> (0–1 of the plot area).
/// </summary>
public sealed record Shape
{
    /// <summary><c>line</c> or <c>rect</c>.</summary>
    public string Type { get; init; } = "line";
    public string? XRef { get; init; }
    public string? YRef { get; init; }
    public PlotValue? X0 { get; init; }
    public PlotValue? X1 { get; init; }
    public PlotValue? Y0 { get; init; }
    public PlotValue? Y1 { get; init; }
    public Line? Line { get; init; }
    public string? FillColor { get; init; }
    public double? Opacity { get; init; }

    /// <summary><c>below</c> draws under the traces.</summary>
    public string? Layer { get; init; }

    /// <summary>A line across the whole width at <paramref name="y"/> (data units of axis <paramref name="yRef"/>).</summary>
    public static Shape HorizontalLine(double y, string color = ChartColors.Threshold, Dash dash = Dash.Dash, string yRef = "y", string xRef = "paper") =>
        new() { Type = "line", XRef = xRef, X0 = 0, X1 = 1, YRef = yRef, Y0 = y, Y1 = y, Line = new Line(color, 2, dash) };

    /// <summary>A shaded band between <paramref name="y0"/> and <paramref name="y1"/> across the whole width.</summary>
    public static Shape HorizontalBand(double y0, double y1, string fillColor = ChartColors.ThresholdBand, string yRef = "y", string xRef = "paper") =>
        new() { Type = "rect", XRef = xRef, X0 = 0, X1 = 1, YRef = yRef, Y0 = y0, Y1 = y1, FillColor = fillColor, Line = new Line(Width: 0), Layer = "below" };

    /// <summary>A line over the whole height at <paramref name="x"/> (a number, category or time).</summary>
    public static Shape VerticalLine(PlotValue x, string color = ChartColors.Threshold, Dash dash = Dash.Dash, string xRef = "x", string yRef = "paper") =>
        new() { Type = "line", XRef = xRef, X0 = x, X1 = x, YRef = yRef, Y0 = 0, Y1 = 1, Line = new Line(color, 2, dash) };

    /// <summary>A shaded band between <paramref name="x0"/> and <paramref name="x1"/> over the whole height (e.g. a burst window).</summary>
    public static Shape VerticalBand(PlotValue x0, PlotValue x1, string fillColor = ChartColors.ThresholdBand, string xRef = "x", string yRef = "paper") =>
        new() { Type = "rect", XRef = xRef, X0 = x0, X1 = x1, YRef = yRef, Y0 = 0, Y1 = 1, FillColor = fillColor, Line = new Line(Width: 0), Layer = "below" };
}
