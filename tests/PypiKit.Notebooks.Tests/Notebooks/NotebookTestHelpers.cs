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

    public static string Text(JsonNode? node) => node is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : (string?)node ?? "";

    public static JsonObject[] Outputs(this NotebookRunResult r, int cell) =>
        r.Notebook.Cells[cell].Outputs.OfType<JsonObject>().ToArray();

    public static string Stdout(this NotebookRunResult r, int cell) =>
        string.Concat(r.Outputs(cell).Where(o => (string?)o["output_type"] == "stream" && (string?)o["name"] == "stdout")
            .Select(o => Text(o["text"])));

    public static Task<NotebookRunResult> RunAsync(NotebookDocument nb, NotebookRunOptions? options = null) =>
        NotebookRunner.RunAsync(nb, options ?? new NotebookRunOptions(), ct: TestContext.Current.CancellationToken);

    /// <summary>A fresh temporary directory, deleted on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("pypikit-nb-").FullName;
        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
