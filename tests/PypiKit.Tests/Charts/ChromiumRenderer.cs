using PypiKit.Browser;
using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

/// <summary>What headless Chromium drew for one page (see <see cref="ChromiumRenderer"/>).</summary>
public sealed record RenderResult(
    bool SvgRootPresent,
    int FigureCount,
    int TraceCount,
    int DrawnTraceCount,
    IReadOnlyList<string> ConsoleErrors,
    IReadOnlyList<string> ChartErrors,
    IReadOnlyList<string> ValidationErrors,
    IReadOnlyList<FigureRender> Figures,
    string? PngPath)
{
    /// <summary>Data drawn outside its axis range, per figure ("figure id: trace: y=… outside y [lo, hi]").</summary>
    public IReadOnlyList<string> OutsideAxisRange => Figures.SelectMany(f => f.OutsideAxisRange.Select(e => $"{f.Id}: {e}")).ToArray();

    /// <summary>Every error of any kind (console, drawing, Plotly.validate, data outside its axis), for assertion messages.</summary>
    public IReadOnlyList<string> AllErrors => [.. ConsoleErrors, .. ChartErrors, .. ValidationErrors, .. OutsideAxisRange];
}

/// <summary>
/// Test fixture that renders chart pages in headless Chromium (the machine's /usr/bin/chromium via Playwright,
/// fresh profile, no network, no browser download) — one browser per test class:
/// <code>
/// public class MyChartTests(ChromiumRenderer chromium) : IClassFixture&lt;ChromiumRenderer&gt;
/// {
///     [Fact] public async Task Draws()
///     {
///         var r = await chromium.RenderAsync(myFigure, "my-chart");   // or RenderAsync(htmlPath) / RenderAsync(report, name)
///         Assert.True(r.SvgRootPresent);
///         Assert.Equal(3, r.TraceCount);
///         Assert.Empty(r.AllErrors);
///     }
/// }
/// </code>
/// Or share one browser with other classes: <c>[Collection(ChromiumCollection.Name)]</c> on the class and the same
/// constructor parameter (the classes of the collection then run one after another).
/// Pages and PNGs go to <see cref="OutputDirectory"/> (under the test output, not committed). When Chromium is
/// missing, starting the fixture fails with a message saying how to install it (CI installs it).
/// </summary>
public sealed class ChromiumRenderer : IAsyncLifetime
{
    private HeadlessChromium? _browser;

    /// <summary>Where rendered pages and PNGs are written: <c>chart-renders/</c> beside the test assembly.</summary>
    public static string OutputDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "chart-renders");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(OutputDirectory);
        _browser = await HeadlessChromium.LaunchAsync(ChromiumOptions.Default with { RenderTimeout = TimeSpan.FromSeconds(90) });
    }

    /// <summary>Renders an existing page; saves a full-page PNG as <c>&lt;page name&gt;.png</c> in <see cref="OutputDirectory"/>
    /// unless <paramref name="pngPath"/> says otherwise.</summary>
    public async Task<RenderResult> RenderAsync(string htmlPath, string? pngPath = null)
    {
        var browser = _browser ?? throw new InvalidOperationException("ChromiumRenderer was not initialized.");
        pngPath ??= Path.Combine(OutputDirectory, Path.GetFileNameWithoutExtension(htmlPath) + ".png");
        var r = await browser.RenderAsync(htmlPath, pngPath, ct: TestContext.Current.CancellationToken);
        return new RenderResult(r.SvgRootPresent, r.FigureCount, r.TraceCount, r.DrawnTraceCount, r.ConsoleErrors, r.ChartErrors,
            r.Figures.SelectMany(f => f.ValidationErrors.Select(e => $"{f.Id}: {e}")).ToArray(), r.Figures, r.PngPath);
    }

    /// <summary>Writes <paramref name="report"/> as <c>&lt;name&gt;.html</c> (plotly.js beside it) and renders it.</summary>
    public async Task<RenderResult> RenderAsync(HtmlReport report, string name)
    {
        var html = Path.Combine(OutputDirectory, name + ".html");
        await new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = PlotlyJsMode.Beside }).WriteAsync(report, html, TestContext.Current.CancellationToken);
        return await RenderAsync(html);
    }

    /// <summary>Writes a page holding just <paramref name="figure"/> as <c>&lt;name&gt;.html</c> and renders it.</summary>
    public Task<RenderResult> RenderAsync(Plotly.NET.GenericChart figure, string name) =>
        RenderAsync(HtmlReport.Create(ChartFacts.Title(figure) ?? name).Figure(figure).Build(), name);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
    }
}
