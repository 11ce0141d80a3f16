using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;

namespace PypiKit.Charts;

/// <summary>
/// Writes an <see cref="HtmlReport"/> (or a single Plotly.NET <see cref="GenericChart"/>) as an HTML page that draws its
/// charts with the npm package's plotly.js, or Plotly.NET's own copy where npm's is missing (<see cref="PlotlyJs.Resolve(string?, string?)"/>)
/// — inlined (the default), beside the page, or from the CDN only when asked (<see cref="PlotlyJsMode"/>). Every figure is a
/// <c>div.pypikit-figure</c> drawn by <c>Plotly.newPlot</c>; the page keeps a tally in <c>window.PypiKitCharts</c>
/// (<c>expected</c>, <c>rendered</c>, <c>errors</c>) that tests and PypiKit.Browser's <c>PngExporter</c> wait on.
/// <see cref="FigureFragment"/> gives the HTML of one figure for notebooks.
/// </summary>
public sealed class HtmlReportWriter(HtmlReportOptions? options = null)
{
    private static readonly ConcurrentDictionary<string, string> ScriptCache = new();

    public HtmlReportOptions Options { get; } = options ?? HtmlReportOptions.Default;

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> (creating its directory); in
    /// <see cref="PlotlyJsMode.Beside"/> mode also copies plotly.min.js into that directory.</summary>
    public async Task WriteAsync(HtmlReport report, string path, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        if (Options.PlotlyJs == PlotlyJsMode.Beside)
        {
            PlotlyJs.Resolve(Options.PlotlyJsPath).CopyTo(Path.Combine(dir, PlotlyJs.FileName));
        }
        await File.WriteAllTextAsync(full, Render(report), new UTF8Encoding(false), ct);
    }

    /// <summary>Writes a page holding just <paramref name="figure"/>.</summary>
    public Task WriteAsync(GenericChart figure, string path, CancellationToken ct = default) =>
        WriteAsync(HtmlReport.Create(ChartFacts.Title(figure) ?? "Chart").Figure(figure).Build(), path, ct);

    /// <summary>The page as a string (in <see cref="PlotlyJsMode.Beside"/> mode it refers to <c>plotly.min.js</c>
    /// in the same directory, which <see cref="WriteAsync(HtmlReport,string,CancellationToken)"/> copies there).</summary>
    public string Render(HtmlReport report)
    {
        var figureCount = report.Blocks.OfType<FigureBlock>().Count();
        var html = new StringBuilder(figureCount == 0 ? 4096 : 5_000_000);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"PypiKit\">\n")
            .Append("<title>").Append(Encode(report.Title)).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n");
        if (figureCount > 0)
        {
            html.Append(PlotlyScriptTag());
            html.Append("<script>\n").Append(TallyScript(figureCount)).Append("</script>\n");
        }
        html.Append("</head>\n<body>\n<main>\n<h1>").Append(Encode(report.Title)).Append("</h1>\n");

        var figureIndex = 0;
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    var level = Math.Clamp(h.Level, 2, 6);
                    html.Append($"<h{level}>").Append(Encode(h.Text)).Append($"</h{level}>\n");
                    break;
                case TextBlock t:
                    html.Append("<div class=\"pypikit-text\">\n").Append(MarkdownLite.ToHtml(t.Markdown)).Append("</div>\n");
                    break;
                case FigureBlock f:
                    figureIndex++;
                    html.Append("<figure>\n").Append(FigureDiv(f.Figure, $"pypikit-figure-{figureIndex}"));
                    if (f.Caption is not null) html.Append("<figcaption>").Append(MarkdownLite.Inline(f.Caption)).Append("</figcaption>\n");
                    html.Append("</figure>\n");
                    break;
                case TableBlock t:
                    AppendTable(html, t);
                    break;
                case RawHtmlBlock r:
                    html.Append(r.Html).Append('\n');
                    break;
                default:
                    throw new NotSupportedException($"Unknown report block {block.GetType().Name}.");
            }
        }
        if (Options.Footer is not null)
            html.Append("<footer>").Append(MarkdownLite.Inline(Options.Footer)).Append("</footer>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The HTML of one chart for a notebook cell or another page: a div and the script that draws it. In
    /// <see cref="PlotlyJsMode.Inline"/> mode (the default) the fragment carries plotly.js itself (large, works offline);
    /// in <see cref="PlotlyJsMode.Cdn"/> mode plotly.js is loaded from the CDN once, when the page has none.
    /// </summary>
    public static string FigureFragment(GenericChart figure, PlotlyJsMode mode = PlotlyJsMode.Inline, string? divId = null, HtmlReportOptions? options = null)
    {
        if (mode == PlotlyJsMode.Beside) throw new ArgumentException("A fragment cannot refer to a file beside it; use Cdn or Inline.", nameof(mode));
        var o = (options ?? HtmlReportOptions.Default) with { PlotlyJs = mode };
        var id = divId ?? "pypikit-figure-" + Guid.NewGuid().ToString("N")[..12];
        var json = ScriptSafe(ChartFacts.Json(figure));
        var sb = new StringBuilder();
        if (mode == PlotlyJsMode.Inline) sb.Append(new HtmlReportWriter(o).PlotlyScriptTag());
        sb.Append($"<div id=\"{id}\" class=\"pypikit-figure\" style=\"{DivStyle(figure, o)}\"></div>\n")
          .Append("<script>\n(function () {\n")
          .Append($"  var fig = {json};\n")
          .Append($"  var config = {o.ConfigJson};\n")
          .Append($"  function draw() {{ window.Plotly.newPlot(\"{id}\", fig.data, fig.layout, config); }}\n")
          .Append("  if (window.Plotly) { draw(); return; }\n")
          .Append("  var s = document.querySelector(\"script[data-pypikit-plotly]\");\n")
          .Append("  if (!s) { s = document.createElement(\"script\"); s.src = ")
          .Append(JsString(o.CdnUrl ?? PlotlyJs.CdnUrl))
          .Append("; s.setAttribute(\"data-pypikit-plotly\", \"\"); document.head.appendChild(s); }\n")
          .Append("  s.addEventListener(\"load\", draw);\n")
          .Append("})();\n</script>\n");
        return sb.ToString();
    }

    private string FigureDiv(GenericChart figure, string id)
    {
        return $"<div id=\"{id}\" class=\"pypikit-figure\" style=\"{DivStyle(figure, Options)}\"></div>\n" +
               $"<script>PypiKitCharts.plot(\"{id}\", {ScriptSafe(ChartFacts.Json(figure))});</script>\n";
    }

    /// <summary>JSON made safe inside a &lt;script&gt; element: <c>&lt;/</c> becomes <c>&lt;\/</c> (the same string to JSON).</summary>
    internal static string ScriptSafe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);

    /// <summary>The layout's size in px when it sets one, else full width and the default height.</summary>
    private static string DivStyle(GenericChart figure, HtmlReportOptions o)
    {
        var (w, h) = ChartFacts.Size(figure);
        var width = w is { } px ? px.ToString(CultureInfo.InvariantCulture) + "px" : "100%";
        var height = (h ?? o.DefaultFigureHeight).ToString(CultureInfo.InvariantCulture) + "px";
        return $"width:{width};height:{height}";
    }

    private string PlotlyScriptTag() => Options.PlotlyJs switch
    {
        PlotlyJsMode.Inline => "<script>\n" + InlineScript(PlotlyJs.Resolve(Options.PlotlyJsPath)) + "\n</script>\n",
        PlotlyJsMode.Beside => $"<script src=\"{PlotlyJs.FileName}\"></script>\n",
        _ => $"<script src=\"{WebUtility.HtmlEncode(Options.CdnUrl ?? PlotlyJs.CdnUrl)}\" charset=\"utf-8\"></script>\n",
    };

    /// <summary>plotly.min.js made safe to sit inside a &lt;script&gt; element (no literal <c>&lt;/script</c>).</summary>
    private static string InlineScript(PlotlyJsSource source) => ScriptCache.GetOrAdd(source.ToString(), _ =>
        source.ReadText().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));

    /// <summary>Draws each figure and counts successes and failures, so a headless browser can tell when the page is done.</summary>
    private string TallyScript(int expected) =>
        "window.PypiKitCharts = { expected: " + expected.ToString(CultureInfo.InvariantCulture) + ", rendered: 0, errors: [], config: " + Options.ConfigJson + ",\n" +
        "  plot: function (id, fig) {\n" +
        "    var tally = this;\n" +
        "    try {\n" +
        "      if (!window.Plotly) throw new Error(\"plotly.js did not load\");\n" +
        "      window.Plotly.newPlot(id, fig.data, fig.layout, tally.config).then(\n" +
        "        function () { tally.rendered++; },\n" +
        "        function (e) { tally.errors.push(id + \": \" + e); console.error(\"PypiKit: \" + id + \": \" + e); });\n" +
        "    } catch (e) { tally.errors.push(id + \": \" + e); console.error(\"PypiKit: \" + id + \": \" + e); }\n" +
        "  } };\n";

    private static void AppendTable(StringBuilder html, TableBlock t)
    {
        html.Append("<table>\n");
        if (t.Caption is not null) html.Append("<caption>").Append(MarkdownLite.Inline(t.Caption)).Append("</caption>\n");
        html.Append("<thead><tr>");
        foreach (var h in t.Headers) html.Append("<th>").Append(Encode(h)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
                html.Append(LooksNumeric(cell) ? "<td class=\"num\">" : "<td>").Append(Encode(cell)).Append("</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static bool LooksNumeric(string cell)
    {
        var s = cell.Trim().TrimStart('$').TrimEnd('%', ' ');
        return s.Length > 0 && double.TryParse(s.Split(' ')[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);

    private static string JsString(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    private const string Css = """
        body { font-family: -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fff; }
        main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 1.7em; border-bottom: 1px solid #ddd; padding-bottom: 6px; }
        h2 { font-size: 1.35em; margin-top: 1.6em; }
        figure { margin: 12px 0 28px; }
        figcaption { color: #555; font-size: 0.92em; margin-top: 4px; }
        code { background: #f3f3f3; padding: 1px 4px; border-radius: 3px; }
        table { border-collapse: collapse; margin: 12px 0 24px; font-size: 0.93em; }
        caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
        th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: left; }
        th { background: #f6f6f6; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        footer { color: #777; font-size: 0.85em; margin-top: 32px; border-top: 1px solid #eee; padding-top: 8px; }

        """;
}
