using Microsoft.Playwright;

namespace PypiKit.Notebooks.Tests.Notebooks;

/// <summary>What headless Chromium saw on a page: how many Plotly plots were drawn (an SVG root present) and the errors it logged.</summary>
internal sealed record RenderedPage(int Plots, int DrawnPlots, IReadOnlyList<string> Errors);

/// <summary>Opens a local HTML file in Debian's headless Chromium (through Playwright, no browser download).</summary>
internal static class ChromiumPage
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool Available => File.Exists(ChromiumPath);

    public static async Task<RenderedPage> RenderAsync(string htmlPath, string? screenshotPath = null)
    {
        using var playwright = await Playwright.CreateAsync();
        using var userData = new TempDir("pypikit-chromium-");
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(userData.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
        var plots = await page.EvaluateAsync<int>("document.querySelectorAll('.output.plot').length");
        if (plots > 0)
            await page.WaitForFunctionAsync(
                "n => document.querySelectorAll('.output.plot svg.main-svg').length >= n", plots,
                new PageWaitForFunctionOptions { Timeout = 30_000 });
        var drawn = await page.EvaluateAsync<int>(
            "Array.from(document.querySelectorAll('.output.plot')).filter(p => p.querySelector('svg.main-svg')).length");
        if (screenshotPath is not null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = true });
        return new RenderedPage(plots, drawn, errors);
    }
}
