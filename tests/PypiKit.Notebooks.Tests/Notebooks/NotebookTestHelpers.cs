using System.Text.Json.Nodes;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Format;

namespace PypiKit.Notebooks.Tests.Notebooks;

internal static class NotebookTestHelpers
{
    public static NotebookDocument Build(params string[] codeCells)
    {
        var nb = NotebookDocument.CreateCSharp();
        foreach (var c in codeCells) nb.AddCode(c);
        return nb;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PypiKit.slnx"))) return dir.FullName;
        throw new InvalidOperationException("PypiKit.slnx not found above the test assembly");
    }

    /// <summary>
    /// A first cell that references the PypiKit assembly under test and runs PypiKit's notebook extension (the chart
    /// formatters the package carries), as <c>#r "nuget: PypiKit"</c> does from the feed.
    /// </summary>
    public static string PypiKitCell() =>
        $"#r \"{typeof(InvalidInputException).Assembly.Location}\"\n" +
        $"#!import {Path.Combine(RepoRoot(), "src", "PypiKit.Notebooks", "Extension", "extension.dib")}\n" +
        "using PypiKit.Charts;";

    public static string Text(JsonNode? node) => node is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)node ?? "";

    /// <summary>The executed notebook as it is written to disk.</summary>
    public static NotebookDocument Executed(this NotebookRunResult r) => NotebookDocument.Parse(r.ToJson());

    public static JsonObject[] Outputs(this NotebookRunResult r, int cell) =>
        r.Executed().Cells[cell].Outputs.OfType<JsonObject>().ToArray();

    public static string Stdout(this NotebookRunResult r, int cell) =>
        string.Concat(r.Outputs(cell).Where(o => (string?)o["output_type"] == "stream" && (string?)o["name"] == "stdout")
            .Select(o => Text(o["text"])));

    public static Task<NotebookRunResult> RunAsync(NotebookDocument nb, NotebookRunOptions? options = null, CancellationToken? ct = null) =>
        NotebookRunner.RunAsync(NotebookFile.Parse(nb.ToJson()), options ?? new NotebookRunOptions(), ct: ct ?? TestContext.Current.CancellationToken);
}
