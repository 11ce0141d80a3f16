namespace PypiKit.Charts;

/// <summary>A plotly text annotation at (<c>x</c>, <c>y</c>) in the coordinates named by <c>xref</c>/<c>yref</c>.</summary>
public sealed record Annotation
{
    public required string Text { get; init; }
    public PlotValue? X { get; init; }
    public PlotValue? Y { get; init; }
    public string? XRef { get; init; }
    public string? YRef { get; init; }
    public bool? ShowArrow { get; init; }
    public XAnchor? XAnchor { get; init; }
    public YAnchor? YAnchor { get; init; }
    public Font? Font { get; init; }

    /// <summary>A label sitting just above a horizontal line at <paramref name="y"/>, at the right edge.</summary>
    public static Annotation ForHorizontalLine(double y, string text, string color = ChartColors.Threshold, string yRef = "y") =>
        new()
        {
            Text = text, XRef = "paper", X = 1, YRef = yRef, Y = y, ShowArrow = false,
            XAnchor = Charts.XAnchor.Right, YAnchor = Charts.YAnchor.Bottom, Font = new Font(Color: color),
        };

    /// <summary>A label just above the plot area at a vertical line at <paramref name="x"/> (clear of labels inside the plot).</summary>
    public static Annotation ForVerticalLine(PlotValue x, string text, string color = ChartColors.Threshold, string xRef = "x") =>
        new()
        {
            Text = text, XRef = xRef, X = x, YRef = "paper", Y = 1, ShowArrow = false,
            XAnchor = Charts.XAnchor.Center, YAnchor = Charts.YAnchor.Bottom, Font = new Font(Color: color),
        };
}
