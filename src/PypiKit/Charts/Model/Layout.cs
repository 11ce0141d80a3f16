using System.Text.Json.Serialization;

namespace PypiKit.Charts;

/// <summary>
/// plotly <c>layout</c>: title, axes, legend, subplot grid, shapes and annotations. The first x/y axes are
/// <see cref="XAxis"/>/<see cref="YAxis"/>; further ones go in <see cref="Axes"/> under plotly's keys
/// (<c>xaxis2</c>, <c>yaxis2</c>, …) and traces refer to them as <c>x2</c>/<c>y2</c>.
/// </summary>
public sealed record Layout
{
    public Title? Title { get; init; }
    public Axis? XAxis { get; init; }
    public Axis? YAxis { get; init; }

    /// <summary>More axes keyed <c>xaxis2</c>, <c>yaxis3</c>, … (written as top-level layout attributes).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, Axis>? Axes { get; init; }

    public bool? ShowLegend { get; init; }
    public Legend? Legend { get; init; }

    /// <summary>Subplot grid (<c>rows</c> × <c>columns</c>); traces pick their cell with <see cref="Trace.XAxis"/>/<see cref="Trace.YAxis"/>.</summary>
    public Grid? Grid { get; init; }

    public IReadOnlyList<Shape>? Shapes { get; init; }
    public IReadOnlyList<Annotation>? Annotations { get; init; }

    public BarMode? BarMode { get; init; }
    public HoverMode? HoverMode { get; init; }

    /// <summary>Pixels; null lets the page size it (the HTML writer gives figures a default height).</summary>
    public int? Width { get; init; }
    public int? Height { get; init; }
    public Margin? Margin { get; init; }
    public Font? Font { get; init; }

    [JsonPropertyName("paper_bgcolor")]
    public string? PaperBgColor { get; init; }

    [JsonPropertyName("plot_bgcolor")]
    public string? PlotBgColor { get; init; }

    /// <summary>Raw plotly layout attributes this model does not cover.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, object?>? Extra { get; init; }
}

/// <summary>Legend placement. <see cref="Below"/> is a horizontal legend under the plot (good for many traces).</summary>
public sealed record Legend
{
    public Orientation? Orientation { get; init; }
    public double? X { get; init; }
    public double? Y { get; init; }
    public XAnchor? XAnchor { get; init; }
    public YAnchor? YAnchor { get; init; }
    public Title? Title { get; init; }

    public static Legend Below { get; } = new() { Orientation = Charts.Orientation.H, X = 0, Y = -0.2, XAnchor = Charts.XAnchor.Left, YAnchor = Charts.YAnchor.Top };
    public static Legend TopRight { get; } = new() { X = 1, Y = 1, XAnchor = Charts.XAnchor.Right, YAnchor = Charts.YAnchor.Top };
}

/// <summary>Subplot grid: <c>rows</c>, <c>columns</c>, <c>pattern</c> (independent axes per cell, or coupled).</summary>
public sealed record Grid(int Rows, int Columns, GridPattern Pattern = GridPattern.Independent)
{
    /// <summary>Row order: <c>top to bottom</c> (plotly's default) or <c>bottom to top</c>.</summary>
    public string? RowOrder { get; init; }
}

public enum GridPattern { Independent, Coupled }

/// <summary>Margins in px: <c>l</c>, <c>r</c>, <c>t</c>, <c>b</c>.</summary>
public sealed record Margin(int? L = null, int? R = null, int? T = null, int? B = null);

public enum BarMode { Group, Stack, Overlay, Relative }

public enum HoverMode
{
    X,
    Y,
    Closest,
    [JsonStringEnumMemberName("x unified")] XUnified,
}

public enum XAnchor { Auto, Left, Center, Right }
public enum YAnchor { Auto, Top, Middle, Bottom }
