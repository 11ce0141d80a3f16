using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using PypiKit.Notebooks.Kernels;
using PypiKit.Notebooks.Format;

namespace PypiKit.Notebooks.Export;

/// <summary>How plotly.js gets into an exported page.</summary>
public enum PlotlyScriptMode
{
    /// <summary>Inline plotly.min.js (<see cref="PypiKit.Charts.PlotlyJs.Resolve(string?, string?)"/>: npm's, else the copy inside Plotly.NET) — the page works offline.</summary>
    Inline,
    /// <summary>A <c>&lt;script src&gt;</c> to cdn.plot.ly (small page, needs the network).</summary>
    Cdn,
}

/// <summary>Options of the HTML export. <see cref="PlotlyJsPath"/> overrides where plotly.min.js is read from.</summary>
public sealed record NotebookHtmlOptions
{
    public PlotlyScriptMode PlotlyScript { get; init; } = PlotlyScriptMode.Inline;
    public string? PlotlyJsPath { get; init; }
    /// <summary>Show code cells' source (false: a report of markdown and outputs only).</summary>
    public bool IncludeCode { get; init; } = true;
    /// <summary>Page title; defaults to the notebook's first heading or file name.</summary>
    public string? Title { get; init; }
}

/// <summary>
/// Writes a notebook (usually an executed one) as one HTML page: markdown cells through Markdig, code cells with
/// their outputs (streams, HTML, markdown, images, errors), Plotly figures drawn by plotly.js embedded once.
/// </summary>
public static class NotebookHtmlExporter
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static void Export(NotebookDocument notebook, string path, NotebookHtmlOptions? options = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToHtml(notebook, options), new UTF8Encoding(false));
    }

    public static string ToHtml(NotebookDocument notebook, NotebookHtmlOptions? options = null)
    {
        options ??= new NotebookHtmlOptions();
        var cells = notebook.Cells;
        var body = new StringBuilder();
        var plotCount = 0;
        foreach (var cell in cells)
        {
            switch (cell.Type)
            {
                case CellType.Markdown:
                    body.Append("<section class=\"cell markdown\">").Append(Markdown.ToHtml(cell.Source, Pipeline)).Append("</section>\n");
                    break;
                case CellType.Code:
                    body.Append("<section class=\"cell code\">");
                    if (options.IncludeCode && cell.Source.Trim().Length > 0)
                    {
                        var count = cell.Json["execution_count"]?.ToString();
                        body.Append($"<div class=\"prompt\">In [{WebUtility.HtmlEncode(count ?? " ")}]:</div>")
                            .Append("<pre class=\"source\"><code class=\"language-csharp\">")
                            .Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>");
                    }
                    foreach (var output in cell.Outputs.OfType<JsonObject>())
                        body.Append(RenderOutput(output, ref plotCount));
                    body.Append("</section>\n");
                    break;
                default:
                    body.Append("<pre class=\"cell raw\">").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre>\n");
                    break;
            }
        }

        var title = options.Title ?? FirstHeading(cells) ?? (notebook.Path is { } p ? Path.GetFileNameWithoutExtension(p) : "notebook");
        var head = new StringBuilder();
        head.Append("<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n").Append(Style);
        if (plotCount > 0) head.Append(PlotlyScriptTag(options, notebook.Path));
        var status = (string?)(notebook.Metadata["pypikit"] as JsonObject)?["status"];
        var banner = status is null ? "" :
            $"<p class=\"run {status}\">Executed by pypikit notebook run: {WebUtility.HtmlEncode(status)}" +
            $"{((notebook.Metadata["pypikit"] as JsonObject)?["failed_cell"] is { } f ? " — " + WebUtility.HtmlEncode((string?)f) : "")}</p>\n";
        return $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n{head}</head>\n<body>\n<main>\n{banner}{body}</main>\n</body>\n</html>\n";
    }

    private static string RenderOutput(JsonObject output, ref int plotCount)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                var name = (string?)output["name"] ?? "stdout";
                return $"<pre class=\"output stream {WebUtility.HtmlEncode(name)}\">{WebUtility.HtmlEncode(NotebookDocument.JoinText(output["text"]))}</pre>";
            case "error":
                var lines = (output["traceback"] as JsonArray)?.Select(l => (string?)l ?? "") ?? [];
                return $"<pre class=\"output error\">{WebUtility.HtmlEncode(string.Join("\n", lines))}</pre>";
            case "display_data" or "execute_result":
                if (output["data"] is not JsonObject data) return "";
                if (data[MimeTypes.Plotly] is JsonObject figure)
                {
                    var id = $"pk-figure-{++plotCount}";
                    var config = figure["config"]?.ToJsonString() ?? "{\"responsive\": true}";
                    return $"<div class=\"output plot\" id=\"{id}\"></div>\n<script>Plotly.newPlot(\"{id}\", {Script(figure["data"])}, {Script(figure["layout"])}, {config});</script>";
                }
                if (data[MimeTypes.Html] is { } html) return $"<div class=\"output html\">{NotebookDocument.JoinText(html)}</div>";
                if (data["image/svg+xml"] is { } svg) return $"<div class=\"output svg\">{NotebookDocument.JoinText(svg)}</div>";
                if (data["image/png"] is { } png) return $"<img class=\"output\" alt=\"output\" src=\"data:image/png;base64,{NotebookDocument.JoinText(png).Replace("\n", "")}\">";
                if (data[MimeTypes.Markdown] is { } md) return $"<div class=\"output markdown\">{Markdown.ToHtml(NotebookDocument.JoinText(md), Pipeline)}</div>";
                if (data["application/javascript"] is { } js) return $"<script>{NotebookDocument.JoinText(js)}</script>";
                if (data[MimeTypes.Plain] is { } text) return $"<pre class=\"output text\">{WebUtility.HtmlEncode(NotebookDocument.JoinText(text))}</pre>";
                return "";
            default:
                return "";
        }
    }

    /// <summary>JSON safe inside a script element.</summary>
    private static string Script(JsonNode? node) => (node?.ToJsonString() ?? "null").Replace("</", "<\\/");

    private static string? FirstHeading(IEnumerable<NotebookCell> cells) =>
        cells.Where(c => c.Type == CellType.Markdown)
            .SelectMany(c => c.Source.Split('\n'))
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim();

    private static string PlotlyScriptTag(NotebookHtmlOptions options, string? notebookPath)
    {
        if (options.PlotlyScript == PlotlyScriptMode.Inline)
            return "<script>" + PlotlyScript.Resolve(options.PlotlyJsPath, notebookPath).ReadText().Replace("</script", "<\\/script") + "</script>\n";
        return $"<script src=\"https://cdn.plot.ly/plotly-{PypiKit.Charts.PlotlyJs.Version}.min.js\" charset=\"utf-8\"></script>\n";
    }

    private const string Style = """
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fff; }
        main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
        .cell { margin: 1rem 0; }
        .prompt { color: #6e7781; font: 12px ui-monospace, monospace; }
        pre { background: #f6f8fa; padding: .6rem .8rem; overflow-x: auto; border-radius: 6px; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
        pre.source { border-left: 3px solid #0969da; }
        pre.output { background: #fff; border: 1px solid #d0d7de; }
        pre.stderr { background: #fff8e6; }
        pre.error { background: #ffebe9; border-color: #ff8182; }
        .output.plot { width: 100%; min-height: 460px; }
        table.pk-table { border-collapse: collapse; font-size: 13px; }
        table.pk-table th, table.pk-table td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: right; }
        p.run { font-size: 13px; padding: .4rem .8rem; border-radius: 6px; background: #dafbe1; }
        p.run.failed { background: #ffebe9; }
        </style>

        """;
}

/// <summary>plotly.min.js for a notebook's page: the charts' rule (<c>PYPIKIT_PLOTLY_JS</c>, node_modules above the working or app directory, then Plotly.NET's copy), with node_modules above the notebook searched too.</summary>
public static class PlotlyScript
{
    /// <summary>
    /// What an inlined page gets: <paramref name="explicitPath"/> if given (bad input when missing), else
    /// <see cref="PypiKit.Charts.PlotlyJs.Resolve(string?, string?)"/> with the notebook's folder searched as well.
    /// </summary>
    public static PypiKit.Charts.PlotlyJsSource Resolve(string? explicitPath = null, string? notebookPath = null) =>
        !string.IsNullOrEmpty(explicitPath)
            ? PypiKit.Charts.PlotlyJsSource.FromFile(Find(explicitPath)!)
            : PypiKit.Charts.PlotlyJs.Resolve(null, notebookPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(notebookPath)));

    /// <summary>
    /// <paramref name="explicitPath"/> if given, else what <see cref="PypiKit.Charts.PlotlyJs.TryLocate"/> finds, else
    /// <c>node_modules/plotly.js-dist-min/plotly.min.js</c> above the notebook; null when none.
    /// </summary>
    public static string? Find(string? explicitPath = null, string? notebookPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath)
                : throw new InvalidInputException("plotly_js", $"plotly.js file '{explicitPath}' does not exist.");
        return notebookPath is null
            ? PypiKit.Charts.PlotlyJs.TryLocate()
            : PypiKit.Charts.PlotlyJs.TryLocate(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!);
    }
}
