using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Format;
using static PypiKit.Notebooks.Tests.Notebooks.NotebookTestHelpers;

namespace PypiKit.Notebooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
[Trait("Category", "Slow")]
public class ExportTests
{
    private static NotebookDocument ChartNotebook()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddMarkdown("# Export check\n\nThe **capacity** formula: `tasks = floor(ram / task_ram)`.\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        nb.AddCode("Console.WriteLine(\"<not html>\");\nvar ys = new[] { 3, 1, 2 };");
        nb.AddCode(PypiKitCell());
        nb.AddCode("display(new ChartBuilder(\"Two traces\").Add(Traces.Lines(\"a\", new[] { 1.0, 2, 3 }, new[] { 3.0, 1, 2 })).Add(Traces.Bars(\"b\", new[] { \"x\", \"y\", \"z\" }, new[] { 1.0, 2, 3 })).Build());");
        nb.AddCode("new ChartBuilder(\"Second\").Add(Traces.Bars(\"c\", new[] { \"x\" }, new[] { 5.0 })).Build()");
        return nb;
    }

    [Fact]
    public async Task The_html_export_renders_markdown_outputs_and_escapes_text()
    {
        var r = await RunAsync(ChartNotebook());
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var html = NotebookHtmlExporter.ToHtml(r.Executed(), new NotebookHtmlOptions { PlotlyScript = PlotlyScriptMode.Cdn });
        Assert.Contains("<h1", html);
        Assert.Contains("<strong>capacity</strong>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("&lt;not html&gt;", html);
        Assert.Contains("cdn.plot.ly", html);
        Assert.Equal(2, html.Split("class=\"output plot\"").Length - 1);
        Assert.Contains("<title>Export check</title>", html);
    }

    [Fact]
    public async Task Charts_of_an_exported_notebook_render_in_headless_Chromium()
    {
        if (!ChromiumPage.Available) Assert.Skip("Debian's chromium is not installed (scripts/setup.sh installs it).");
        using var dir = new TempDir("pypikit-nb-");
        var r = await RunAsync(ChartNotebook());
        var path = Path.Combine(dir.Path, "report.html");
        NotebookHtmlExporter.Export(r.Executed(), path);
        Assert.DoesNotContain("cdn.plot.ly/plotly", File.ReadAllText(path)[..2000]); // inlined, works offline
        var page = await ChromiumPage.RenderAsync(path, Path.Combine(dir.Path, "report.png"));
        Assert.Equal(2, page.Plots);
        Assert.Equal(2, page.DrawnPlots);
        Assert.Empty(page.Errors);
        Assert.True(new FileInfo(Path.Combine(dir.Path, "report.png")).Length > 10_000);
    }
}
