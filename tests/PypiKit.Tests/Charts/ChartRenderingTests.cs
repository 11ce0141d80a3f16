using PypiKit.Browser;
using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

/// <summary>Plotly.NET charts, built with <see cref="ChartBuilder"/> or Plotly.NET's own C# bindings, and the page writer
/// produce pages plotly.js (the npm package) draws in headless Chromium.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Slow")]
public class ChartRenderingTests(ChromiumRenderer chromium)
{
    [Fact]
    public async Task A_report_with_every_trace_kind_renders_without_errors()
    {
        var report = HtmlReport.Create("Chart showcase")
            .Text("Lines, a secondary axis, a threshold line and a band; a grid of Plotly.NET chart kinds.")
            .Figure(SampleFigures.TimeSeriesWithThreshold())
            .Figure(SampleFigures.GridOfKinds())
            .Build();
        var r = await chromium.RenderAsync(report, "chart-showcase");

        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal(2, r.FigureCount);
        Assert.Equal(10, r.TraceCount);
        Assert.Equal([5, 5], r.Figures.Select(f => f.DrawnTraceCount));
        Assert.Equal("Latency over time", r.Figures[0].Title);
        Assert.True(new FileInfo(r.PngPath!).Length > 10_000);
    }

    [Fact]
    public async Task The_default_inline_page_renders_on_its_own()
    {
        var html = Path.Combine(ChromiumRenderer.OutputDirectory, "inline-page.html");
        await new HtmlReportWriter().WriteAsync(SampleFigures.TimeSeriesWithThreshold(), html, TestContext.Current.CancellationToken);
        var r = await chromium.RenderAsync(html);
        Assert.Empty(r.AllErrors);
        Assert.Equal(5, r.TraceCount);
    }

    [Fact]
    public async Task Plotly_net_s_own_plotly_js_draws_every_trace_kind_where_npm_s_is_missing()
    {
        // the copy a machine without node_modules gets (PlotlyJs.Resolve): the figures must draw and validate under it too
        var bundled = PlotlyJsSource.Bundled;
        Assert.NotNull(bundled);
        using var temp = new TempDir("pypikit-bundled-plotly-");
        var script = Path.Combine(temp.Path, PlotlyJs.FileName);
        bundled.CopyTo(script);
        var html = Path.Combine(ChromiumRenderer.OutputDirectory, "bundled-plotly-page.html");
        var report = HtmlReport.Create("Chart showcase, Plotly.NET's plotly.js")
            .Figure(SampleFigures.TimeSeriesWithThreshold())
            .Figure(SampleFigures.GridOfKinds())
            .Build();
        await new HtmlReportWriter(new HtmlReportOptions { PlotlyJsPath = script }).WriteAsync(report, html, TestContext.Current.CancellationToken);
        Assert.Contains($"plotly.js v{bundled.BundledVersion}", await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken));
        var r = await chromium.RenderAsync(html);
        Assert.Empty(r.AllErrors);
        Assert.Equal(2, r.FigureCount);
        Assert.Equal(10, r.TraceCount);
        Assert.Equal([5, 5], r.Figures.Select(f => f.DrawnTraceCount));
    }

    [Fact]
    public async Task A_figure_fragment_draws_inside_another_page()
    {
        var html = Path.Combine(ChromiumRenderer.OutputDirectory, "fragment-page.html");
        var fragment = HtmlReportWriter.FigureFragment(SampleFigures.GridOfKinds());
        await File.WriteAllTextAsync(html, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>notebook cell</p>{fragment}</body></html>",
            TestContext.Current.CancellationToken);
        var r = await chromium.RenderAsync(html);
        Assert.Empty(r.AllErrors);
        Assert.Equal(1, r.FigureCount);
        Assert.Equal(5, r.TraceCount);
    }

    [Fact]
    public async Task Plotly_net_save_html_still_writes_a_page_of_the_chart()
    {
        // Plotly.NET's own output (SaveHtml, and Show, which writes the same page and opens it) works on PypiKit's charts.
        using var temp = new TempDir("pypikit-savehtml-");
        var dir = temp.Path;
        var path = Path.Combine(dir, "latency.html");
        Plotly.NET.CSharp.GenericChartExtensions.SaveHtml(SampleFigures.TimeSeriesWithThreshold(), path);
        var html = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains("Latency over time", html);
        Assert.Contains("target (burst) 2000 ms", html);
        Assert.Contains("Plotly.newPlot", html);
    }

    [Fact]
    public async Task The_renderer_reports_page_errors()
    {
        var report = HtmlReport.Create("Broken")
            .Html("<script>throw new Error('boom');</script>")
            .Figure(SampleFigures.TimeSeriesWithThreshold())
            .Build();
        var r = await chromium.RenderAsync(report, "broken-page");
        Assert.Contains(r.ConsoleErrors, e => e.Contains("boom"));
        Assert.True(r.SvgRootPresent);
    }

    [Fact]
    public async Task Plotly_validate_flags_attributes_plotly_does_not_know()
    {
        var chart = new ChartBuilder("Invalid")
            .Add(Traces.Lines("a", new[] { 1.0, 2 }, [3.0, 4]).With("notaplotlyattribute", 1))
            .Build();
        var r = await chromium.RenderAsync(chart, "invalid-attribute");
        Assert.Contains(r.ValidationErrors, e => e.Contains("notaplotlyattribute"));
    }

    [Fact]
    public async Task Png_exporter_writes_a_figure_at_the_requested_size()
    {
        var png = Path.Combine(ChromiumRenderer.OutputDirectory, "exported-figure.png");
        File.Delete(png);
        await using var exporter = await PngExporter.StartAsync(ct: TestContext.Current.CancellationToken);
        await exporter.ExportFigureAsync(SampleFigures.GridOfKinds(), png, 900, 600, TestContext.Current.CancellationToken);
        Assert.Equal((900, 600), PngFile.Size(png));
        Assert.True(new FileInfo(png).Length > 10_000);
    }
}
