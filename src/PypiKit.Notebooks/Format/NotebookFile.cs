using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Notebooks.Format;

/// <summary>
/// Reads and writes <c>.ipynb</c> files with <c>Microsoft.DotNet.Interactive.Documents</c>, the reader and writer
/// Polyglot Notebooks use, so cell kernel names, ids, tags and metadata survive a run.
/// </summary>
public static class NotebookFile
{
    /// <summary>The kernels a PypiKit notebook's cells may name: C# (default), HTML and markdown.</summary>
    public static KernelInfoCollection KernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new KernelInfo(NotebookKernel.CSharp, "C#", ["c#", "C#"]),
            new KernelInfo("html", "HTML"),
            new KernelInfo("markdown", "Markdown", ["md"]),
        };
        infos.DefaultKernelName = NotebookKernel.CSharp;
        return infos;
    }

    /// <summary>Reads a notebook; a file that is not nbformat JSON is bad input naming it.</summary>
    public static InteractiveDocument Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("notebook", $"notebook '{path}' does not exist.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses notebook JSON (<paramref name="source"/> names it in errors).</summary>
    public static InteractiveDocument Parse(string json, string source = "notebook")
    {
        // The JSON-tree reader checks nbformat 4 (naming the file) and gives every cell an id (nbformat 4.5).
        var upgraded = NotebookDocument.Parse(json, source).ToJson();
        try { return Notebook.Parse(upgraded, KernelInfos()); }
        catch (JsonException ex) { throw new InvalidInputException("notebook", $"'{source}' is not a notebook: {ex.Message}"); }
    }

    /// <summary>
    /// The notebook as Jupyter JSON (one-space indent, as Jupyter and Polyglot write it). The Documents writer stores
    /// every output MIME type as lines of text; nbformat wants JSON types (<c>application/vnd.plotly.v1+json</c>,
    /// <c>application/json</c>) as JSON, so those are turned back into JSON here.
    /// </summary>
    public static string ToJson(InteractiveDocument document)
    {
        var root = JsonNode.Parse(document.ToJupyterJson())!;
        foreach (var output in (root["cells"] as JsonArray ?? []).SelectMany(c => c?["outputs"] as JsonArray ?? []))
        {
            if (output?["data"] is not JsonObject data) continue;
            foreach (var mime in data.Select(kv => kv.Key).Where(IsJsonMimeType).ToArray())
            {
                if (data[mime] is not JsonArray lines) continue;
                try { data[mime] = JsonNode.Parse(string.Concat(lines.Select(l => (string?)l))); }
                catch (JsonException) { }
            }
        }
        return NotebookDocument.Parse(root.ToJsonString()).ToJson();
    }

    /// <summary>Whether nbformat stores this MIME type as JSON (<c>application/json</c>, <c>application/…+json</c>).</summary>
    public static bool IsJsonMimeType(string mimeType) =>
        mimeType == "application/json" || (mimeType.StartsWith("application/", StringComparison.Ordinal) && mimeType.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>Writes the notebook, creating the folder.</summary>
    public static void Write(InteractiveDocument document, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToJson(document), new UTF8Encoding(false));
    }

    /// <summary>The cell's tags (<c>metadata.tags</c>).</summary>
    public static IReadOnlyList<string> Tags(InteractiveDocumentElement element) =>
        element.Metadata is { } m && m.TryGetValue("tags", out var tags) ? tags switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(t => t.ToString()).ToArray(),
            IEnumerable<object> list => list.Select(t => t?.ToString() ?? "").ToArray(),
            _ => [],
        } : [];

    /// <summary>Whether the element is a code cell PypiKit runs (not markdown).</summary>
    public static bool IsCode(InteractiveDocumentElement element) =>
        !string.Equals(element.KernelName, "markdown", StringComparison.OrdinalIgnoreCase);
}
