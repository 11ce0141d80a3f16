using System.Text.Json.Nodes;

namespace PypiKit.Notebooks.Display;

/// <summary>
/// A Plotly figure given as plotly.js JSON (<c>{"data": [...], "layout": {...}}</c>). Displays as
/// <c>application/vnd.plotly.v1+json</c> (JupyterLab and VS Code render it) plus an HTML fragment that loads
/// plotly.js from its CDN (classic Jupyter, GitHub); the HTML export draws it with the plotly.js it embeds.
/// </summary>
public sealed record PlotlyFigureJson(string Json)
{
    public override string ToString() => "(plotly figure)";
}

/// <summary>Builds the MIME bundle of a Plotly figure.</summary>
public static class PlotlyDisplay
{
    /// <summary>plotly.js version the CDN fragment loads (the one package.json pins).</summary>
    public const string CdnVersion = PypiKit.Charts.PlotlyJs.Version;

    /// <summary>
    /// The bundle of a PypiKit figure: its plotly.js JSON, and the charts writer's HTML fragment (plotly.js from the
    /// CDN when the page has none), so it renders in Polyglot, Jupyter and VS Code.
    /// </summary>
    public static MimeBundle Bundle(Plotly.NET.GenericChart figure) =>
        Bundle(PypiKit.Charts.ChartFacts.Json(figure), PypiKit.Charts.HtmlReportWriter.FigureFragment(figure, PypiKit.Charts.PlotlyJsMode.Cdn),
            PypiKit.Charts.ChartFacts.Title(figure) ?? "(plotly figure)");

    /// <summary>
    /// The bundle for a figure's JSON: the Plotly MIME type and an HTML fragment. <paramref name="htmlFragment"/>
    /// overrides the built-in fragment (the charts writer's, when available).
    /// </summary>
    public static MimeBundle Bundle(string figureJson, string? htmlFragment = null, string? title = null)
    {
        var node = JsonNode.Parse(figureJson) as JsonObject
                   ?? throw new ArgumentException("a Plotly figure must be a JSON object with 'data' and 'layout'.", nameof(figureJson));
        var figure = new JsonObject
        {
            ["data"] = node["data"]?.DeepClone() ?? new JsonArray(),
            ["layout"] = node["layout"]?.DeepClone() ?? new JsonObject(),
        };
        if (node["config"] is { } config) figure["config"] = config.DeepClone();
        return new MimeBundle()
            .Set(MimeBundle.Plotly, figure)
            .Set(MimeBundle.Html, htmlFragment ?? CdnFragment(figure))
            .Set(MimeBundle.Plain, title ?? TitleOf(figure) ?? "(plotly figure)");
    }

    private static string? TitleOf(JsonObject figure) =>
        figure["layout"]?["title"] switch
        {
            JsonValue v => (string?)v,
            JsonObject o => (string?)o["text"],
            _ => null,
        };

    /// <summary>A self-loading fragment: a div plus a script that fetches plotly.js from the CDN when the page lacks it.</summary>
    public static string CdnFragment(JsonObject figure)
    {
        var id = "pk-plot-" + Guid.NewGuid().ToString("N")[..10];
        var data = figure["data"]!.ToJsonString();
        var layout = figure["layout"]!.ToJsonString();
        return $$"""
            <div id="{{id}}" style="width:100%;height:460px;"></div>
            <script type="text/javascript">
            (function () {
              var draw = function () { Plotly.newPlot("{{id}}", {{data}}, {{layout}}, {responsive: true}); };
              if (typeof Plotly !== "undefined") { draw(); return; }
              var s = document.createElement("script");
              s.src = "https://cdn.plot.ly/plotly-{{CdnVersion}}.min.js";
              s.onload = draw;
              document.head.appendChild(s);
            })();
            </script>
            """;
    }
}
