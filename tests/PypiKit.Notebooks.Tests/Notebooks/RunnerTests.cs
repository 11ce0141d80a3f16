using System.Text.Json.Nodes;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Format;

namespace PypiKit.Notebooks.Tests.Notebooks;

public class RunnerTests
{
    private static NotebookDocument Build(params string[] codeCells)
    {
        var nb = NotebookDocument.CreateCSharp();
        foreach (var c in codeCells) nb.AddCode(c);
        return nb;
    }

    private static string Text(JsonNode? node) => node is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)node ?? "";

    private static IEnumerable<JsonObject> Outputs(NotebookRunResult r, int cell) =>
        r.Notebook.Cells[cell].Outputs.OfType<JsonObject>();

    [Fact]
    public async Task State_is_shared_across_cells_and_outputs_are_captured()
    {
        var nb = Build("var x = 20;", "int Twice(int v) => v * 2;\nConsole.WriteLine($\"x={x}\");", "Twice(x) + 2");
        var r = await NotebookRunner.RunAsync(nb, new NotebookRunOptions(), ct: TestContext.Current.CancellationToken);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var stream = Assert.Single(Outputs(r, 1));
        Assert.Equal("stream", (string?)stream["output_type"]);
        Assert.Equal("stdout", (string?)stream["name"]);
        Assert.Equal("x=20\n", Text(stream["text"]));
        var result = Assert.Single(Outputs(r, 2));
        Assert.Equal("execute_result", (string?)result["output_type"]);
        Assert.Equal("42", Text(result["data"]!["text/plain"]));
        Assert.Equal(3, (int?)r.Notebook.Cells[2].Json["execution_count"]);
    }
}
