using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PypiKit.Notebooks.Format;

/// <summary>Whether a cell holds code, markdown or raw text (nbformat's <c>cell_type</c>).</summary>
public enum CellType { Code, Markdown, Raw }

/// <summary>
/// One cell of an nbformat 4 notebook. The JSON object is kept as read, so metadata written by Polyglot, VS Code or
/// Jupyter survives a run untouched; the typed members read and write the parts the runner needs.
/// </summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json) => Json = json;

    /// <summary>The cell as JSON (nbformat 4): <c>cell_type</c>, <c>id</c>, <c>metadata</c>, <c>source</c>, …</summary>
    public JsonObject Json { get; }

    public CellType Type => (string?)Json["cell_type"] switch
    {
        "code" => CellType.Code,
        "markdown" => CellType.Markdown,
        _ => CellType.Raw,
    };

    /// <summary>nbformat 4.5 cell id (generated when a file written by an older tool has none).</summary>
    public string Id => (string?)Json["id"] ?? "";

    /// <summary>The cell text; nbformat stores it as a string or as a list of lines, both are read.</summary>
    public string Source
    {
        get => NotebookDocument.JoinText(Json["source"]);
        set => Json["source"] = NotebookDocument.SplitLines(value);
    }

    public JsonObject Metadata => Json["metadata"] as JsonObject ?? (JsonObject)(Json["metadata"] = new JsonObject());

    /// <summary>The cell's tags (<c>metadata.tags</c>), e.g. <c>parameters</c>.</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray a ? a.Select(t => (string?)t ?? "").ToArray() : [];

    /// <summary>The outputs of a code cell (empty for other cells).</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? (JsonArray)(Json["outputs"] = new JsonArray());

    /// <summary>
    /// The kernel Polyglot would run this cell with: <c>metadata.polyglot_notebook.kernelName</c>, else
    /// <c>metadata.dotnet_interactive.language</c>, else null (the notebook's default, or a <c>#!</c> selector line).
    /// </summary>
    public string? KernelName =>
        (string?)(Metadata["polyglot_notebook"] as JsonObject)?["kernelName"]
        ?? (string?)(Metadata["dotnet_interactive"] as JsonObject)?["language"];
}

/// <summary>
/// An nbformat 4 notebook (<c>.ipynb</c>) read into a JSON tree. <see cref="Load"/> accepts 4.0–4.5 and upgrades to
/// 4.5 (cell ids); <see cref="Save"/> writes what Jupyter, VS Code and Polyglot open: one-space indent, sources as
/// line lists.
/// </summary>
public sealed class NotebookDocument
{
    private NotebookDocument(JsonObject json, string? path)
    {
        Json = json;
        Path = path;
    }

    public JsonObject Json { get; }

    /// <summary>Where the notebook was read from (null for one built in memory).</summary>
    public string? Path { get; }

    public JsonObject Metadata => Json["metadata"] as JsonObject ?? (JsonObject)(Json["metadata"] = new JsonObject());

    public IReadOnlyList<NotebookCell> Cells =>
        ((JsonArray)Json["cells"]!).Select(c => new NotebookCell((JsonObject)c!)).ToArray();

    /// <summary>
    /// The notebook's default kernel: <c>metadata.polyglot_notebook.kernelInfo.defaultKernelName</c>, else from the
    /// kernelspec (<c>.net-csharp</c> → csharp), else csharp.
    /// </summary>
    public string DefaultKernelName
    {
        get
        {
            var polyglot = (string?)((Metadata["polyglot_notebook"] as JsonObject)?["kernelInfo"] as JsonObject)?["defaultKernelName"];
            if (!string.IsNullOrEmpty(polyglot)) return polyglot;
            var spec = (string?)(Metadata["kernelspec"] as JsonObject)?["name"];
            return spec switch
            {
                ".net-fsharp" => "fsharp",
                ".net-pwsh" or ".net-powershell" => "pwsh",
                _ => "csharp",
            };
        }
    }

    /// <summary>Reads a notebook file. Throws <see cref="InvalidInputException"/> naming the file if it is not nbformat 4.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException(path, $"notebook '{path}' does not exist.");
        return Parse(File.ReadAllText(path), System.IO.Path.GetFullPath(path));
    }

    /// <summary>Parses notebook JSON (<paramref name="path"/> only names it in messages and anchors relative paths).</summary>
    public static NotebookDocument Parse(string json, string? path = null)
    {
        var name = path ?? "notebook";
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject
                   ?? throw new InvalidInputException(name, $"notebook '{name}' is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException(name, $"notebook '{name}' is not valid JSON: {ex.Message}", ex);
        }
        if ((int?)root["nbformat"] is not 4)
            throw new InvalidInputException(name, $"notebook '{name}' is not nbformat 4 (nbformat = {root["nbformat"]?.ToJsonString() ?? "missing"}).");
        if (root["cells"] is not JsonArray cells)
            throw new InvalidInputException(name, $"notebook '{name}' has no 'cells' list.");

        // Upgrade to 4.5: every cell gets a unique id, metadata and (code cells) outputs/execution_count.
        var seen = new HashSet<string>();
        foreach (var node in cells)
        {
            if (node is not JsonObject cell)
                throw new InvalidInputException(name, $"notebook '{name}' has a cell that is not a JSON object.");
            var id = (string?)cell["id"];
            if (string.IsNullOrEmpty(id) || !seen.Add(id))
            {
                id = NewCellId();
                cell["id"] = id;
                seen.Add(id);
            }
            cell["metadata"] ??= new JsonObject();
            cell["source"] ??= new JsonArray();
            if ((string?)cell["cell_type"] == "code")
            {
                cell["outputs"] ??= new JsonArray();
                if (!cell.ContainsKey("execution_count")) cell["execution_count"] = null;
            }
        }
        root["metadata"] ??= new JsonObject();
        root["nbformat_minor"] = Math.Max(5, (int?)root["nbformat_minor"] ?? 5);
        return new NotebookDocument(root, path);
    }

    /// <summary>A new empty C# notebook with the metadata Polyglot/VS Code and Jupyter recognise (kernelspec .net-csharp).</summary>
    public static NotebookDocument CreateCSharp() => Parse(
        """
        {
          "cells": [],
          "metadata": {
            "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" },
            "language_info": { "name": "polyglot-notebook" },
            "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "csharp", "items": [ { "aliases": [], "name": "csharp" } ] } }
          },
          "nbformat": 4,
          "nbformat_minor": 5
        }
        """);

    /// <summary>A deep copy (the runner executes a copy, never the document it was given).</summary>
    public NotebookDocument Clone() => new((JsonObject)Json.DeepClone(), Path);

    /// <summary>Appends a C# code cell with Polyglot cell metadata; returns it.</summary>
    public NotebookCell AddCode(string source, params string[] tags) => Insert(Cells.Count, NewCodeCell(source, tags));

    /// <summary>Appends a markdown cell; returns it.</summary>
    public NotebookCell AddMarkdown(string source) => Insert(Cells.Count, new JsonObject
    {
        ["cell_type"] = "markdown",
        ["id"] = NewCellId(),
        ["metadata"] = new JsonObject(),
        ["source"] = SplitLines(source),
    });

    /// <summary>Inserts a cell at <paramref name="index"/>; returns it.</summary>
    public NotebookCell Insert(int index, JsonObject cell)
    {
        ((JsonArray)Json["cells"]!).Insert(index, cell);
        return new NotebookCell(cell);
    }

    /// <summary>A C# code cell as Polyglot writes it (kernel name in the cell metadata).</summary>
    public static JsonObject NewCodeCell(string source, params string[] tags)
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        return new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = NewCellId(),
            ["metadata"] = metadata,
            ["outputs"] = new JsonArray(),
            ["source"] = SplitLines(source),
        };
    }

    /// <summary>The notebook as nbformat JSON (one-space indent like Jupyter, trailing newline).</summary>
    public string ToJson()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 1,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return Json.ToJsonString(options) + "\n";
    }

    public void Save(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
    }

    internal static string NewCellId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>nbformat multiline text: a string or a list of strings joined as they are.</summary>
    internal static string JoinText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray a => string.Concat(a.Select(x => (string?)x ?? "")),
        _ => (string?)node ?? "",
    };

    /// <summary>Splits text into nbformat's line list: every line keeps its "\n" except the last.</summary>
    internal static JsonArray SplitLines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            array.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) array.Add(text[start..]);
        return array;
    }
}
