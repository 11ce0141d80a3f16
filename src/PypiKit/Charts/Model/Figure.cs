using System.Text.Json.Serialization;

namespace PypiKit.Charts;

/// <summary>
/// A plotly figure: <c>data</c> (traces), <c>layout</c> and <c>config</c> — the JSON that
/// <c>Plotly.newPlot(div, data, layout, config)</c>, Plotly.NET and Jupyter's plotly renderer understand.
/// Immutable; build with <see cref="Build"/> (fluent) or with object initializers and <c>with</c>.
/// <see cref="ToJson"/> gives the JSON; <see cref="HtmlReportWriter"/> puts figures on a page; <see cref="PngExporter"/> renders PNGs.
/// </summary>
public sealed record Figure
{
    [JsonPropertyName("data")]
    public IReadOnlyList<Trace> Traces { get; init; } = [];

    public Layout Layout { get; init; } = new();

    public PlotConfig? Config { get; init; } = PlotConfig.Default;

    /// <summary>Starts a fluent <see cref="FigureBuilder"/>.</summary>
    public static FigureBuilder Build(string? title = null) => new(title);

    /// <summary>The figure as plotly JSON (<c>{"data":[…],"layout":{…},"config":{…}}</c>).</summary>
    public string ToJson(bool indented = false) => PlotlyJson.Serialize(this, indented);

    /// <summary>HTML that draws this figure inside another page or a notebook cell (see
    /// <see cref="HtmlReportWriter.FigureFragment"/>; plotly.js from the CDN unless <paramref name="mode"/> is Inline).</summary>
    public string ToHtmlFragment(PlotlyJsMode mode = PlotlyJsMode.Cdn) => HtmlReportWriter.FigureFragment(this, mode);

    /// <summary>Short text for logs and notebooks: title and trace count.</summary>
    public override string ToString() => $"Figure \"{Layout.Title?.Text}\" ({Traces.Count} traces)";
}

/// <summary>plotly <c>config</c>: <c>responsive</c> resizes with the page; <c>displaylogo</c> hides the plotly logo;
/// <c>staticPlot</c> disables interaction (used for PNG export).</summary>
public sealed record PlotConfig
{
    public bool? Responsive { get; init; }
    public bool? DisplayLogo { get; init; }

    [JsonPropertyName("staticPlot")]
    public bool? StaticPlot { get; init; }

    public static PlotConfig Default { get; } = new() { Responsive = true, DisplayLogo = false };
}
