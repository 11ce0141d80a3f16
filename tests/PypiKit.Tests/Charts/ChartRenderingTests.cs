using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

/// <summary>The figure model and page writer produce pages plotly.js draws in headless Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public class ChartRenderingTests(ChromiumRenderer chromium)
{
    [Fact]
    public async Task A_report_with_every_trace_kind_renders_without_errors()
    {
        var report = HtmlReport.Create("Model showcase")
            .Text("All trace kinds, a secondary axis, a grid, threshold lines and bands.")
            .Figure(SampleFigures.TimeSeriesWithThreshold())
            .Figure(SampleFigures.GridOfKinds())
            .Build();
        var r = await chromium.RenderAsync(report, "model-showcase");

        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal(2, r.FigureCount);
        Assert.Equal(8, r.TraceCount);
        Assert.Equal([3, 5], r.Figures.Select(f => f.DrawnTraceCount));
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
        Assert.Equal(3, r.TraceCount);
    }

    [Fact]
    public async Task A_figure_fragment_draws_inside_another_page()
    {
        var html = Path.Combine(ChromiumRenderer.OutputDirectory, "fragment-page.html");
        var fragment = SampleFigures.GridOfKinds().ToHtmlFragment(PlotlyJsMode.Inline);
        await File.WriteAllTextAsync(html, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>notebook cell</p>{fragment}</body></html>",
            TestContext.Current.CancellationToken);
        var r = await chromium.RenderAsync(html);
        Assert.Empty(r.AllErrors);
        Assert.Equal(1, r.FigureCount);
        Assert.Equal(5, r.TraceCount);
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
        var fig = SampleFigures.TimeSeriesWithThreshold();
        fig = fig with { Traces = [fig.Traces[0] with { Extra = new Dictionary<string, object?> { ["notaplotlyattribute"] = 1 } }] };
        var r = await chromium.RenderAsync(fig, "invalid-attribute");
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
