using System.Text.Json;
using Microsoft.Playwright;
using PypiKit.Charts;

namespace PypiKit.Browser;

/// <summary>
/// A headless Chromium (Microsoft.Playwright driving the machine's own browser, see <see cref="ChromiumOptions"/>)
/// that opens chart pages, waits until every figure is drawn, reports what it saw and takes screenshots.
/// Launch once and reuse for many pages; dispose to stop the browser and delete its fresh profile directory.
/// Used by <see cref="PngExporter"/> and by the tests' rendering fixture.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profileDir;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string profileDir, ChromiumOptions options)
    {
        _playwright = playwright;
        _context = context;
        _profileDir = profileDir;
        Options = options;
    }

    public ChromiumOptions Options { get; }

    /// <summary>Starts the browser. Throws <see cref="FileNotFoundException"/> when the browser executable is missing
    /// (install Debian's <c>chromium</c>, or set <c>PYPIKIT_CHROMIUM</c>). Never downloads a browser.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(ChromiumOptions? options = null, CancellationToken ct = default)
    {
        options ??= ChromiumOptions.Default;
        if (!File.Exists(options.ExecutablePath))
            throw new FileNotFoundException(
                $"Chromium not found at '{options.ExecutablePath}'. Install it (Debian: apt-get install chromium) " +
                $"or set {ChromiumOptions.EnvironmentVariable} to a Chromium executable. PypiKit never downloads a browser.",
                options.ExecutablePath);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        ct.ThrowIfCancellationRequested();
        var profileDir = Directory.CreateTempSubdirectory("pypikit-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profileDir, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = options.ExecutablePath,
                Headless = true,
                Args = options.Arguments,
                ViewportSize = new ViewportSize { Width = options.ViewportWidth, Height = options.ViewportHeight },
                Timeout = (float)options.RenderTimeout.TotalMilliseconds,
                Offline = false,
            });
            return new HeadlessChromium(playwright, context, profileDir, options);
        }
        catch
        {
            playwright.Dispose();
            TryDelete(profileDir);
            throw;
        }
    }

    /// <summary>Opens <paramref name="htmlPath"/>, waits until its figures are drawn (or failed), reports what was drawn
    /// and, when <paramref name="pngPath"/> is given, saves a PNG there: the full page, or only the first element
    /// matching <paramref name="screenshotSelector"/>.</summary>
    public async Task<ChartPageRender> RenderAsync(string htmlPath, string? pngPath = null, string? screenshotSelector = null, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(htmlPath);
        if (!File.Exists(full)) throw new FileNotFoundException($"No page at '{full}'.", full);
        var page = await _context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, msg) => { if (msg.Type == "error") lock (consoleErrors) consoleErrors.Add(msg.Text); };
        page.PageError += (_, error) => { lock (consoleErrors) consoleErrors.Add("uncaught: " + error); };
        try
        {
            ct.ThrowIfCancellationRequested();
            var timeout = (float)Options.RenderTimeout.TotalMilliseconds;
            await page.GotoAsync(new Uri(full).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = timeout });
            await page.WaitForFunctionAsync(DoneScript, null, new PageWaitForFunctionOptions { Timeout = timeout, PollingInterval = 50 });
            var json = await page.EvaluateAsync<JsonElement>(InspectScript);
            string? png = null;
            if (pngPath is not null)
            {
                png = Path.GetFullPath(pngPath);
                Directory.CreateDirectory(Path.GetDirectoryName(png)!);
                if (screenshotSelector is null)
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = png, FullPage = true, Timeout = timeout });
                else
                    await page.Locator(screenshotSelector).First.ScreenshotAsync(new LocatorScreenshotOptions { Path = png, Timeout = timeout });
            }
            var figures = json.GetProperty("figures").EnumerateArray().Select(f => new FigureRender(
                f.GetProperty("id").GetString() ?? "",
                f.GetProperty("svg").GetBoolean(),
                f.GetProperty("traces").GetInt32(),
                f.GetProperty("drawn").GetInt32(),
                f.GetProperty("title").GetString(),
                f.GetProperty("invalid").EnumerateArray().Select(e => e.GetString() ?? "").ToArray(),
                f.GetProperty("outside").EnumerateArray().Select(e => e.GetString() ?? "").ToArray())
            {
                TraceNames = f.GetProperty("names").EnumerateArray().Select(e => e.GetString() ?? "").ToArray(),
            }).ToArray();
            var chartErrors = json.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            string[] console;
            lock (consoleErrors) console = consoleErrors.ToArray();
            return new ChartPageRender(
                figures.Length,
                figures.Length > 0 && figures.All(f => f.SvgRootPresent),
                figures.Sum(f => f.TraceCount),
                figures.Sum(f => f.DrawnTraceCount),
                figures, chartErrors, console, png);
        }
        catch (TimeoutException ex)
        {
            throw new ChartRenderException($"'{full}' did not finish drawing within {Options.RenderTimeout.TotalSeconds:0} s " +
                                           $"(console errors: {string.Join(" | ", consoleErrors)}): {ex.Message}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Pages written by <see cref="HtmlReportWriter"/> keep a tally; pages holding figure fragments are done
    /// when every fragment has plotly's SVG; other pages once loaded.</summary>
    private const string DoneScript = """
        () => {
          const t = window.PypiKitCharts;
          if (t && typeof t.expected === 'number') return t.rendered + t.errors.length >= t.expected;
          if (document.readyState !== 'complete') return false;
          return Array.from(document.querySelectorAll('.pypikit-figure')).every(f => !!f.querySelector('svg.main-svg'));
        }
        """;

    /// <summary>For every drawn cartesian trace, the data values that fall outside the range plotly gave their axis
    /// (<c>gd._fullLayout</c>, in the axis's linearized units: dates in ms, categories by index, log axes in log10);
    /// stacked traces are checked at their stacked height, histograms by their samples only.</summary>
    private const string InspectScript = """
        () => {
          const outside = gd => {
            const found = [];
            const layout = gd._fullLayout || {};
            const stacks = {};
            (gd._fullData || []).forEach(tr => {
              if (tr.visible !== true || !tr.xaxis || !tr.yaxis) return;
              const stackKey = tr.stackgroup ? tr.yaxis + '/' + tr.stackgroup : null;
              const base = stackKey ? (stacks[stackKey] = stacks[stackKey] || []) : null;
              [['x', tr.xaxis], ['y', tr.yaxis]].forEach(([dim, id]) => {
                if (tr.type === 'histogram' && dim === (tr.orientation === 'h' ? 'x' : 'y')) return;
                const ax = layout[id.replace(/^([xy])/, '$1axis')];
                const values = tr[dim];
                if (!ax || !ax.range || !values || typeof values.length !== 'number') return;
                const r = ax.range.map(v => ax.r2l(v));
                const lo = Math.min(r[0], r[1]), hi = Math.max(r[0], r[1]);
                const eps = (hi - lo) * 1e-9;
                for (let i = 0; i < values.length; i++) {
                  let v = values[i];
                  if (v === null || v === undefined || v === '' || (typeof v === 'number' && !isFinite(v))) continue;
                  if (dim === 'y' && base) { v = (base[i] || 0) + Number(v); base[i] = v; }
                  const l = ax.d2l(v);
                  if (typeof l !== 'number' || !isFinite(l)) continue;
                  if (l < lo - eps || l > hi + eps) {
                    found.push(`${tr.name || 'trace ' + tr.index}: ${dim}=${v} outside ${id} [${ax.range[0]}, ${ax.range[1]}]`);
                    if (found.length > 20) return;
                  }
                }
              });
            });
            return found;
          };
          const gds = Array.from(document.querySelectorAll('.js-plotly-plot'));
          const figures = gds.map(gd => ({
            id: gd.id || '',
            svg: !!gd.querySelector('svg.main-svg'),
            traces: Array.isArray(gd.data) ? gd.data.length : 0,
            drawn: gd.querySelectorAll('.cartesianlayer g.trace, .heatmaplayer g.hm, .pielayer g.trace').length,
            title: (gd.querySelector('.gtitle') || {}).textContent || null,
            invalid: (window.Plotly && window.Plotly.validate ? (window.Plotly.validate(gd.data, gd.layout) || []) : [])
              .map(e => e.msg || String(e)),
            outside: outside(gd),
            names: (gd._fullData || []).filter(tr => tr.visible === true).map(tr => String(tr.name || '')),
          }));
          const t = window.PypiKitCharts;
          return { figures, errors: t && Array.isArray(t.errors) ? t.errors.map(String) : [] };
        }
        """;

    public async ValueTask DisposeAsync()
    {
        try { await _context.CloseAsync(); }
        finally
        {
            _playwright.Dispose();
            TryDelete(_profileDir);
        }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
