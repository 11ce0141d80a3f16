namespace PypiKit.Charts;

/// <summary>plotly <c>scatter</c>: lines, markers or both; filled areas; time series (give <see cref="X"/> as times).</summary>
public sealed record ScatterTrace : Trace
{
    public override string Type => "scatter";

    public PlotValues? X { get; init; }
    public PlotValues? Y { get; init; }
    public ScatterMode? Mode { get; init; } = ScatterMode.Lines;
    public Line? Line { get; init; }
    public Fill? Fill { get; init; }
    public string? FillColor { get; init; }

    /// <summary>Traces with the same stack group are stacked (areas).</summary>
    public string? StackGroup { get; init; }

    /// <summary>Per-point labels (hover or shown with <see cref="ScatterMode.MarkersText"/>).</summary>
    public PlotValues? Text { get; init; }

    /// <summary><c>top center</c>, <c>middle right</c>, …</summary>
    public string? TextPosition { get; init; }

    /// <summary><c>false</c> leaves gaps at nulls/NaN (the default); <c>true</c> joins over them.</summary>
    public bool? ConnectGaps { get; init; }

    /// <summary>A line through (x, y) points.</summary>
    public static ScatterTrace Lines(string name, PlotValues x, PlotValues y, string? color = null, Dash? dash = null) =>
        new() { Name = name, X = x, Y = y, Mode = ScatterMode.Lines, Line = new Line(color, 2, dash) };

    /// <summary>Markers at (x, y) points.</summary>
    public static ScatterTrace Markers(string name, PlotValues x, PlotValues y, string? color = null) =>
        new() { Name = name, X = x, Y = y, Mode = ScatterMode.Markers, Marker = new Marker(color, 8) };
}
