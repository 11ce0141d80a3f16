using System.Text.Json.Nodes;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Format;
using static PypiKit.Notebooks.Tests.Notebooks.NotebookTestHelpers;

namespace PypiKit.Notebooks.Tests.Notebooks;

/// <summary>The notebooks shipped in notebooks/: their format, and the acceptance run of the sizing explorer.</summary>
[Collection(KernelCollection.Name)]
[Trait("Category", "Slow")]
public class RepositoryNotebookTests
{
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
            Assert.NotEmpty(ParameterInjector.Declared(NotebookFile.Read(file)));
            // PypiKit comes from the checkout's feed, at the version this build packs.
            var version = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(Path.Combine(RepoRoot(), "Directory.Build.props")), "<Version>(.*)</Version>").Groups[1].Value;
            Assert.Contains(nb.Cells, c => c.Source.Contains("AddPackageSource(System.IO.Path.GetFullPath(\"../artifacts/feed\"))"));
            Assert.Contains(nb.Cells, c => c.Source.Contains($"#r \"nuget: PypiKit, {version}\""));
        }
    }

    [Fact]
    public void The_deploy_notebook_ends_with_a_destroy_cell_guarded_like_its_up_cell()
    {
        var nb = NotebookDocument.Load(Path.Combine(RepoRoot(), "notebooks", "04-deploy-and-burst.ipynb"));
        var code = nb.Cells.Where(c => c.Type == CellType.Code).ToArray();
        var up = Array.FindIndex(code, c => c.Source.Contains("UpAsync()"));
        Assert.True(up >= 0);
        Assert.Contains("if (real)", code[up].Source);
        Assert.Contains("DestroyAsync()", code[^1].Source);
        Assert.StartsWith("// Guarded like the up cell", code[^1].Source);
        Assert.Contains("if (real)", code[^1].Source);
    }

    [Fact]
    public async Task The_sizing_explorer_runs_and_its_html_charts_render_in_headless_Chromium()
    {
        if (!ChromiumPage.Available) Assert.Skip("Debian's chromium is not installed (scripts/setup.sh installs it).");
        var file = Path.Combine(RepoRoot(), "notebooks", "01-sizing-explorer.ipynb");
        Assert.True(Directory.Exists(Path.Combine(RepoRoot(), "artifacts", "feed")),
            "artifacts/feed is missing: run bash scripts/pack-feed.sh (scripts/test.sh does) so notebooks can #r \"nuget: PypiKit\"");
        var previous = Environment.CurrentDirectory;
        NotebookRunResult result;
        try
        {
            Environment.CurrentDirectory = Path.GetDirectoryName(file)!; // as Jupyter, VS Code and the CLI run a notebook
            result = await NotebookRunner.RunAsync(file, new NotebookRunOptions
            {
                Parameters = new Dictionary<string, string> { ["instances"] = "3", ["clients"] = "300" },
            }, ct: TestContext.Current.CancellationToken);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var charts = result.Executed().Cells.SelectMany(c => c.Outputs).OfType<JsonObject>()
            .Count(o => o["data"]?["application/vnd.plotly.v1+json"] is JsonObject);
        Assert.True(charts >= 4, $"{charts} Plotly outputs");

        using var dir = new TempDir("pypikit-nb-");
        var html = Path.Combine(dir.Path, "sizing.html");
        NotebookHtmlExporter.Export(result.Executed(), html);
        var page = await ChromiumPage.RenderAsync(html, Path.Combine(dir.Path, "sizing.png"));
        Assert.True(page.Plots >= 3, $"{page.Plots} plots in the page");
        Assert.Equal(page.Plots, page.DrawnPlots);
        Assert.Empty(page.Errors);
    }
}
