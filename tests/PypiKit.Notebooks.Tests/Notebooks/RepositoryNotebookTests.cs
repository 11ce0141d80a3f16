using System.Text.Json.Nodes;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Format;

namespace PypiKit.Notebooks.Tests.Notebooks;

/// <summary>The notebooks shipped in notebooks/: their format, and the acceptance run of the sizing explorer.</summary>
public class RepositoryNotebookTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PypiKit.slnx"))) return dir.FullName;
        throw new InvalidOperationException("PypiKit.slnx not found above the test assembly");
    }

    private static string[] NotebookFiles() => Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "*.ipynb").Order().ToArray();

    [Fact]
    public void Every_notebook_is_nbformat_4_5_with_Polyglot_and_Jupyter_metadata_and_a_parameters_cell()
    {
        var files = NotebookFiles();
        Assert.True(files.Length >= 4, "notebooks/ should hold the four notebooks");
        foreach (var file in files)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var problems = NbformatCheck.Validate(json);
            Assert.True(problems.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", problems)}");
            Assert.Equal(".net-csharp", (string?)json["metadata"]!["kernelspec"]!["name"]);
            Assert.Equal("csharp", (string?)json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
            var nb = NotebookDocument.Parse(File.ReadAllText(file), file);
            Assert.All(nb.Cells.Where(c => c.Type == CellType.Code), c => Assert.Equal("csharp", c.KernelName));
            Assert.All(nb.Cells.Where(c => c.Type == CellType.Code), c => Assert.Empty(c.Outputs)); // committed clean
            Assert.NotEmpty(ParameterInjector.Declared(nb));
        }
    }

    [Fact]
    public async Task The_sizing_explorer_runs_and_its_html_charts_render_in_headless_Chromium()
    {
        if (!ChromiumPage.Available) Assert.Skip("Debian's chromium is not installed (scripts/setup.sh installs it).");
        if (PlotlyScript.Find() is null) Assert.Skip("node_modules/plotly.js-dist-min is not installed (scripts/setup.sh runs npm install).");
        var file = Path.Combine(RepoRoot(), "notebooks", "01-sizing-explorer.ipynb");
        var result = await NotebookRunner.RunAsync(file, new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { ["instances"] = "3", ["clients"] = "300" },
        }, ct: TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Failure?.ToString());

        using var dir = new NotebookTestHelpers.TempDir();
        var html = Path.Combine(dir.Path, "sizing.html");
        NotebookHtmlExporter.Export(result.Notebook, html);
        var page = await ChromiumPage.RenderAsync(html, Path.Combine(dir.Path, "sizing.png"));
        Assert.True(page.Plots >= 3, $"{page.Plots} plots in the page");
        Assert.Equal(page.Plots, page.DrawnPlots);
        Assert.Empty(page.Errors);
    }
}
