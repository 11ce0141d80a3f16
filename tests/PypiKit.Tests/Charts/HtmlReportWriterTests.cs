using System.Text.Json;
using PypiKit.Browser;
using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

public class HtmlReportWriterTests
{
    private static HtmlReport Report() => HtmlReport.Create("Sizing <report>")
        .Heading("Charts")
        .Text("Two **c6a.xlarge** instances.\n\n- first\n- second")
        .Figure(SampleFigures.TimeSeriesWithThreshold(), "p95 against the *burst* target")
        .Figure(SampleFigures.GridOfKinds())
        .Table(["Instance", "Tasks", "Cost"], [["t3.small", "2", "$15.18"], ["c6a.xlarge", "14", "$110.16"]], "Plans")
        .Build();

    [Fact]
    public void Inline_mode_makes_one_self_contained_page()
    {
        var html = new HtmlReportWriter().Render(Report());
        Assert.Contains($"plotly.js v{PlotlyJs.Version}", html);
        Assert.DoesNotContain("<script src=", html);
        Assert.Contains("expected: 2", html);
        Assert.Contains("PypiKitCharts.plot(\"pypikit-figure-1\"", html);
        Assert.Contains("PypiKitCharts.plot(\"pypikit-figure-2\"", html);
        Assert.Contains("<title>Sizing &lt;report&gt;</title>", html);
        Assert.Contains("<strong>c6a.xlarge</strong>", html);
        Assert.Contains("<li>second</li>", html);
        Assert.Contains("<figcaption>p95 against the <em>burst</em> target</figcaption>", html);
        Assert.Contains("<td class=\"num\">$110.16</td>", html);
        Assert.Contains("height:700px", html);
    }

    [Fact]
    public async Task Beside_mode_writes_plotly_next_to_the_page()
    {
        using var temp = new TempDir("pypikit-html-test-");
        var dir = temp.Path;
        var page = Path.Combine(dir, "sub", "report.html");
        await new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = PlotlyJsMode.Beside }).WriteAsync(Report(), page, TestContext.Current.CancellationToken);
        Assert.True(File.Exists(Path.Combine(dir, "sub", "plotly.min.js")));
        var html = await File.ReadAllTextAsync(page, TestContext.Current.CancellationToken);
        Assert.Contains("<script src=\"plotly.min.js\"></script>", html);
        Assert.True(html.Length < 100_000, $"page is {html.Length} chars; plotly should not be inlined");
    }

    [Fact]
    public void Cdn_mode_refers_to_the_pinned_version()
    {
        var html = new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = PlotlyJsMode.Cdn }).Render(Report());
        Assert.Contains($"<script src=\"https://cdn.plot.ly/plotly-{PlotlyJs.Version}.min.js\"", html);
    }

    [Fact]
    public void A_page_without_figures_needs_no_plotly()
    {
        var html = new HtmlReportWriter(new HtmlReportOptions { PlotlyJsPath = "/nonexistent/plotly.min.js" })
            .Render(HtmlReport.Create("Text only").Text("hello").Build());
        Assert.DoesNotContain("PypiKitCharts", html);
        Assert.Contains("<p>hello</p>", html);
    }

    [Fact]
    public void A_figure_fragment_carries_plotly_by_default_and_uses_the_cdn_only_when_asked()
    {
        var inline = HtmlReportWriter.FigureFragment(SampleFigures.TimeSeriesWithThreshold(), divId: "cell-1");
        Assert.Contains($"plotly.js v{PlotlyJs.Version}", inline);
        Assert.Contains("<div id=\"cell-1\" class=\"pypikit-figure\"", inline);
        Assert.Contains("Plotly.newPlot(\"cell-1\"", inline);
        Assert.DoesNotContain("<html", inline);

        var cdn = HtmlReportWriter.FigureFragment(SampleFigures.TimeSeriesWithThreshold(), PlotlyJsMode.Cdn, divId: "cell-2");
        Assert.Contains("data-pypikit-plotly", cdn);
        Assert.Contains(PlotlyJs.CdnUrl, cdn);
        Assert.DoesNotContain($"plotly.js v{PlotlyJs.Version}", cdn);
    }

    [Fact]
    public void The_pinned_version_matches_package_json_and_node_modules()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "package.json"))) dir = dir.Parent;
        Assert.NotNull(dir);
        using var pkg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "package.json")));
        Assert.Equal(PlotlyJs.Version, pkg.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString());

        var located = PlotlyJs.Locate();
        using var reader = new StreamReader(located);
        var head = new char[200];
        reader.ReadBlock(head);
        Assert.Contains($"plotly.js v{PlotlyJs.Version}", new string(head));
    }

    [Fact]
    public void Markdown_lite_escapes_html_and_keeps_the_small_subset()
    {
        var html = MarkdownLite.ToHtml("# Note\n<script>alert(1)</script> uses `x < y` and [docs](https://example.org) and [bad](javascript:alert(1))");
        Assert.Contains("<h2>Note</h2>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<code>x &lt; y</code>", html);
        Assert.Contains("<a href=\"https://example.org\">docs</a>", html);
        Assert.DoesNotContain("href=\"javascript", html);
    }
}

[Trait("Category", "Slow")]
public class PlotlyJsLocatorTests
{
    [Fact]
    public void The_environment_variable_wins_and_a_wrong_path_finds_nothing()
    {
        using var temp = new TempDir("pypikit-plotly-");
        var dir = temp.Path;
        var own = Path.Combine(dir, "my-plotly.js");
        File.WriteAllText(own, "/* plotly */");
        Assert.Equal(own, PlotlyJs.TryLocate(own, [AppContext.BaseDirectory]));
        Assert.Null(PlotlyJs.TryLocate(Path.Combine(dir, "missing.js"), [AppContext.BaseDirectory]));
    }

    [Fact]
    public void Without_the_variable_it_walks_up_to_node_modules()
    {
        using var temp = new TempDir("pypikit-plotly-");
        var dir = temp.Path;
        var js = Path.Combine(dir, PlotlyJs.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(js)!);
        File.WriteAllText(js, "/* plotly */");
        var deep = Directory.CreateDirectory(Path.Combine(dir, "a", "b", "c")).FullName;
        Assert.Equal(js, PlotlyJs.TryLocate(null, [deep]));
    }

    [Fact]
    public void Plotly_net_s_own_copy_is_found_among_its_resources_and_read_whole()
    {
        Assert.Equal(("Plotly.NET.plotly-2.28.0.min.js", "2.28.0"),
            PlotlyJsSource.FindBundled(["Plotly.NET.plotly-2.28.0.min.js.LICENSE.txt", "Plotly.NET.plotly-2.28.0.min.js", "Plotly.NET.Other.js"]));
        Assert.Null(PlotlyJsSource.FindBundled(["Plotly.NET.plotly-2.28.0.min.js.LICENSE.txt", "Plotly.NET.plotly.js"]));

        var bundled = PlotlyJsSource.Bundled;
        Assert.NotNull(bundled);
        Assert.Null(bundled.FilePath);
        Assert.Matches(@"^\d+\.\d+\.\d+$", bundled.BundledVersion);
        var text = bundled.ReadText();
        Assert.Contains($"plotly.js v{bundled.BundledVersion}", text[..Math.Min(text.Length, 400)]);
        Assert.True(text.Length > 1_000_000, $"{text.Length} characters");
        Assert.Contains("inside Plotly.NET", bundled.ToString());
    }

    [Fact]
    public void Resolve_prefers_a_named_file_then_the_variable_then_node_modules_then_plotly_net_s_copy()
    {
        using var temp = new TempDir("pypikit-plotly-");
        var bare = Directory.CreateDirectory(Path.Combine(temp.Path, "no-node-modules")).FullName;
        var bundled = PlotlyJsSource.Bundled!;
        var own = Path.Combine(temp.Path, "own.js");
        File.WriteAllText(own, "/* own */");
        var npm = Path.Combine(temp.Path, "repo", PlotlyJs.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(npm)!);
        File.WriteAllText(npm, "/* npm */");
        var inRepo = Directory.CreateDirectory(Path.Combine(temp.Path, "repo", "src")).FullName;

        Assert.Same(bundled, PlotlyJs.Resolve(null, null, [bare], bundled));
        Assert.Equal(npm, PlotlyJs.Resolve(null, null, [bare, inRepo], bundled).FilePath);
        Assert.Equal(own, PlotlyJs.Resolve(null, own, [inRepo], bundled).FilePath);
        Assert.Equal(own, PlotlyJs.Resolve(own, null, [inRepo], bundled).FilePath);

        // a variable or a path set by hand is never passed over for another copy
        var wrongEnv = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Resolve(null, Path.Combine(temp.Path, "gone.js"), [inRepo], bundled));
        Assert.Contains(PlotlyJs.EnvironmentVariable, wrongEnv.Message);
        var wrongPath = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Resolve(Path.Combine(temp.Path, "gone.js"), null, [inRepo], bundled));
        Assert.Contains("gone.js", wrongPath.Message);
        // with no copy at all, the message says how to get one
        Assert.Contains("npm install", Assert.Throws<FileNotFoundException>(() => PlotlyJs.Resolve(null, null, [bare], null)).Message);
    }

    [Fact]
    public void Beside_mode_writes_plotly_net_s_copy_whole_and_once()
    {
        using var temp = new TempDir("pypikit-plotly-");
        var target = Path.Combine(temp.Path, PlotlyJs.FileName);
        var bundled = PlotlyJsSource.Bundled!;
        bundled.CopyTo(target);
        Assert.Equal(bundled.ReadText(), File.ReadAllText(target));
        var written = File.GetLastWriteTimeUtc(target);
        File.SetLastWriteTimeUtc(target, written.AddHours(-1));
        bundled.CopyTo(target); // same length: left alone
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(target));
        Assert.Equal([PlotlyJs.FileName], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_browser_fails_clearly_without_downloading_one()
    {
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            HeadlessChromium.LaunchAsync(ChromiumOptions.Default with { ExecutablePath = "/nonexistent/chromium" }, TestContext.Current.CancellationToken));
        Assert.Contains("apt-get install chromium", ex.Message);
        Assert.Contains(ChromiumOptions.EnvironmentVariable, ex.Message);
    }
}
