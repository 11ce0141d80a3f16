using System.Text.Json.Serialization;

namespace PypiKit.Charts;

/// <summary>
/// One plotly trace (a series drawn on the figure). Concrete traces: <see cref="ScatterTrace"/> (lines and markers),
/// <see cref="BarTrace"/>, <see cref="HistogramTrace"/>, <see cref="BoxTrace"/>, <see cref="HeatmapTrace"/>.
/// All are immutable records: derive variants with <c>with { … }</c>.
/// </summary>
public abstract record Trace
{
    /// <summary>plotly's trace type (<c>scatter</c>, <c>bar</c>, …).</summary>
    [JsonPropertyOrder(-10)]
    public abstract string Type { get; }

    /// <summary>Legend and hover label.</summary>
    [JsonPropertyOrder(-9)]
    public string? Name { get; init; }

    public bool? ShowLegend { get; init; }
    public string? LegendGroup { get; init; }

    /// <summary>The x axis this trace uses: <c>x</c> (default), <c>x2</c>, … (subplots).</summary>
    public string? XAxis { get; init; }

    /// <summary>The y axis this trace uses: <c>y</c> (default), <c>y2</c>, … (subplots, secondary axes).</summary>
    public string? YAxis { get; init; }

    public double? Opacity { get; init; }

    /// <summary>plotly hover template, e.g. <c>"%{y:.1f} ms&lt;extra&gt;&lt;/extra&gt;"</c>.</summary>
    public string? HoverTemplate { get; init; }

    public Marker? Marker { get; init; }

    /// <summary>Raw plotly attributes this model does not cover (written as given; they win over modelled ones).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, object?>? Extra { get; init; }
}

/// <summary>Line style of a scatter trace or shape: <c>color</c>, <c>width</c> (px), <c>dash</c>.</summary>
public sealed record Line(string? Color = null, double? Width = null, Dash? Dash = null)
{
    /// <summary><c>linear</c> (default), <c>hv</c> (step), <c>spline</c>.</summary>
    public string? Shape { get; init; }
}

/// <summary>Marker style: <c>color</c>, <c>size</c> (px), <c>symbol</c>.</summary>
public sealed record Marker(string? Color = null, double? Size = null)
{
    public string? Symbol { get; init; }

    /// <summary>One color per point (bar charts coloured by category).</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? Colors { get; init; }

    [JsonPropertyName("color")]
    [JsonInclude]
    internal object? ColorJson => (object?)Colors ?? Color;

    [JsonIgnore]
    public string? Color { get; init; } = Color;

    public Line? Line { get; init; }

    /// <summary>One size per point (px); overrides <see cref="Size"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<double>? Sizes { get; init; }

    [JsonPropertyName("size")]
    [JsonInclude]
    internal object? SizeJson => (object?)Sizes ?? Size;

    [JsonIgnore]
    public double? Size { get; init; } = Size;
}

public enum Dash { Solid, Dot, Dash, DashDot, LongDash }

/// <summary>Scatter <c>mode</c>.</summary>
public enum ScatterMode
{
    Lines,
    Markers,
    [JsonStringEnumMemberName("lines+markers")] LinesMarkers,
    Text,
    [JsonStringEnumMemberName("markers+text")] MarkersText,
    [JsonStringEnumMemberName("lines+markers+text")] LinesMarkersText,
}

/// <summary>Scatter <c>fill</c>.</summary>
public enum Fill { None, ToZeroY, ToNextY, ToSelf }

public enum Orientation { V, H }
