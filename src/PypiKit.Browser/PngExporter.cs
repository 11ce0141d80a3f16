using Plotly.NET;
using PypiKit.Charts;

namespace PypiKit.Browser;

/// <summary>
/// Renders chart pages and figures to PNG in headless Chromium (<see cref="HeadlessChromium"/>: Debian's chromium
/// driven by Playwright; no browser download). Start once, export many, dispose:
/// <code>
/// await using var png = await PngExporter.StartAsync();
/// await png.ExportFigureAsync(figure, "out/efs.png");
/// await png.ExportPageAsync("out/sizing.html", "out/sizing.png");
/// </code>
/// Exports fail with <see cref="ChartRenderException"/> when a figure does not draw or the page logs errors.
/// </summary>
public sealed class PngExporter : IAsyncDisposable
{
    private readonly HeadlessChromium _browser;
    private readonly HtmlReportOptions _html;

    private PngExporter(HeadlessChromium browser, HtmlReportOptions html)
    {
        _browser = browser;
        _html = html;
    }

    /// <param name="chromium">Browser options (executable, viewport, timeout).</param>
    /// <param name="html">How figure pages get plotly.js (inlined by default; never the CDN — the browser is offline).</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<PngExporter> StartAsync(ChromiumOptions? chromium = null, HtmlReportOptions? html = null, CancellationToken ct = default)
    {
        var h = html ?? HtmlReportOptions.Default;
        if (h.PlotlyJs == PlotlyJsMode.Cdn) h = h with { PlotlyJs = PlotlyJsMode.Inline };
        return new PngExporter(await HeadlessChromium.LaunchAsync(chromium, ct), h);
    }

    /// <summary>One-shot: starts a browser, exports <paramref name="figure"/>, stops the browser.</summary>
    public static async Task<string> ExportAsync(GenericChart figure, string pngPath, int width = 1000, int height = 500, CancellationToken ct = default)
    {
        await using var exporter = await StartAsync(ct: ct);
        return await exporter.ExportFigureAsync(figure, pngPath, width, height, ct);
    }

    /// <summary>Screenshots a whole page (every figure on it) after all figures are drawn; returns what was drawn
    /// (<see cref="ChartPageRender.PngPath"/> is the PNG).</summary>
    public async Task<ChartPageRender> ExportPageAsync(string htmlPath, string pngPath, CancellationToken ct = default)
    {
        var render = await _browser.RenderAsync(htmlPath, pngPath, ct: ct);
        ThrowIfFailed(htmlPath, render);
        return render;
    }

    /// <summary>Draws <paramref name="figure"/> at <paramref name="width"/> × <paramref name="height"/> px (static,
    /// no toolbar) and saves it as a PNG; returns the PNG's full path.</summary>
    public async Task<string> ExportFigureAsync(GenericChart figure, string pngPath, int width = 1000, int height = 500, CancellationToken ct = default)
    {
        var dir = Directory.CreateTempSubdirectory("pypikit-png-").FullName;
        try
        {
            var page = Path.Combine(dir, "figure.html");
            var fixedSize = Plotly.NET.CSharp.GenericChartExtensions.WithSize(figure, width, height);
            var title = ChartFacts.Title(figure) ?? "figure";
            var report = new HtmlReport(title, [new RawHtmlBlock("<style>main{padding:0;max-width:none}h1{display:none}figure{margin:0}</style>"), new FigureBlock(fixedSize)]);
            await new HtmlReportWriter(_html with { StaticPlot = true }).WriteAsync(report, page, ct);
            var render = await _browser.RenderAsync(page, pngPath, ".pypikit-figure", ct);
            ThrowIfFailed(title, render);
            return render.PngPath!;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static void ThrowIfFailed(string what, ChartPageRender render)
    {
        if (render.Ok) return;
        var problems = render.ChartErrors.Concat(render.ConsoleErrors).ToList();
        if (!render.SvgRootPresent) problems.Insert(0, "a figure has no plotly SVG root");
        throw new ChartRenderException($"{what} did not render cleanly: {string.Join("; ", problems)}");
    }

    public ValueTask DisposeAsync() => _browser.DisposeAsync();
}
