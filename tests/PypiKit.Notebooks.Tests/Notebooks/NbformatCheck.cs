using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PypiKit.Notebooks.Tests.Notebooks;

/// <summary>
/// Checks a notebook against the structure nbformat 4.5 requires (the rules of its JSON schema, written out by hand:
/// required keys, types, allowed keys, cell id pattern, MIME bundles). Returns one message per problem.
/// </summary>
internal static partial class NbformatCheck
{
    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex CellId();

    [GeneratedRegex(@"^[a-zA-Z0-9\-]+/[a-zA-Z0-9\-\+\.]+$")]
    private static partial Regex MimeType();

    [GeneratedRegex(@"^application/(.*\+)?json$")]
    private static partial Regex JsonMime();

    public static List<string> Validate(JsonObject nb)
    {
        var problems = new List<string>();
        void Fail(string where, string what) => problems.Add($"{where}: {what}");

        Keys(nb, "notebook", ["metadata", "nbformat_minor", "nbformat", "cells"], ["metadata", "nbformat_minor", "nbformat", "cells"], problems);
        if ((int?)nb["nbformat"] != 4) Fail("notebook", "nbformat must be 4");
        if (nb["nbformat_minor"] is not JsonValue minor || minor.GetValueKind() != JsonValueKind.Number || (int)minor < 5) Fail("notebook", "nbformat_minor must be an integer >= 5");
        if (nb["metadata"] is JsonObject meta)
        {
            if (meta["kernelspec"] is { } ks && (ks is not JsonObject k || !IsString(k["name"]) || !IsString(k["display_name"])))
                Fail("metadata.kernelspec", "needs string name and display_name");
            if (meta["language_info"] is { } li && (li is not JsonObject l || !IsString(l["name"])))
                Fail("metadata.language_info", "needs a string name");
        }
        else Fail("notebook", "metadata must be an object");

        if (nb["cells"] is not JsonArray cells) { Fail("notebook", "cells must be an array"); return problems; }
        var ids = new HashSet<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var where = $"cells[{i}]";
            if (cells[i] is not JsonObject cell) { Fail(where, "not an object"); continue; }
            var type = (string?)cell["cell_type"];
            string[] required = type == "code"
                ? ["id", "cell_type", "metadata", "source", "outputs", "execution_count"]
                : ["id", "cell_type", "metadata", "source"];
            string[] allowed = type == "code" ? required : [.. required, "attachments"];
            if (type is not ("code" or "markdown" or "raw")) { Fail(where, $"unknown cell_type '{type}'"); continue; }
            Keys(cell, where, required, allowed, problems);
            if (cell["id"] is not JsonValue idv || !IsString(idv) || !CellId().IsMatch((string)idv!)) Fail(where, "id must match ^[a-zA-Z0-9-_]{1,64}$");
            else if (!ids.Add((string)idv!)) Fail(where, "id is not unique");
            if (cell["metadata"] is not JsonObject cm) Fail(where, "metadata must be an object");
            else if (cm["tags"] is { } tags && (tags is not JsonArray ta || ta.Any(t => !IsString(t)))) Fail(where, "metadata.tags must be strings");
            if (!IsMultiline(cell["source"])) Fail(where, "source must be a string or a list of strings");
            if (type != "code") continue;
            if (!IsCount(cell["execution_count"])) Fail(where, "execution_count must be null or a non-negative integer");
            if (cell["outputs"] is not JsonArray outputs) { Fail(where, "outputs must be an array"); continue; }
            for (var j = 0; j < outputs.Count; j++)
                Output(outputs[j] as JsonObject, $"{where}.outputs[{j}]", problems);
        }
        return problems;
    }

    private static void Output(JsonObject? o, string where, List<string> problems)
    {
        if (o is null) { problems.Add($"{where}: not an object"); return; }
        switch ((string?)o["output_type"])
        {
            case "stream":
                Keys(o, where, ["output_type", "name", "text"], ["output_type", "name", "text"], problems);
                if (!IsString(o["name"])) problems.Add($"{where}: name must be a string");
                if (!IsMultiline(o["text"])) problems.Add($"{where}: text must be multiline text");
                break;
            case "display_data":
                Keys(o, where, ["output_type", "data", "metadata"], ["output_type", "data", "metadata"], problems);
                Bundle(o, where, problems);
                break;
            case "execute_result":
                Keys(o, where, ["output_type", "data", "metadata", "execution_count"], ["output_type", "data", "metadata", "execution_count"], problems);
                if (!IsCount(o["execution_count"])) problems.Add($"{where}: execution_count must be null or a non-negative integer");
                Bundle(o, where, problems);
                break;
            case "error":
                Keys(o, where, ["output_type", "ename", "evalue", "traceback"], ["output_type", "ename", "evalue", "traceback"], problems);
                if (!IsString(o["ename"]) || !IsString(o["evalue"])) problems.Add($"{where}: ename and evalue must be strings");
                if (o["traceback"] is not JsonArray tb || tb.Any(t => !IsString(t))) problems.Add($"{where}: traceback must be a list of strings");
                break;
            default:
                problems.Add($"{where}: unknown output_type '{o["output_type"]}'");
                break;
        }
    }

    private static void Bundle(JsonObject o, string where, List<string> problems)
    {
        if (o["metadata"] is not JsonObject) problems.Add($"{where}: metadata must be an object");
        if (o["data"] is not JsonObject data) { problems.Add($"{where}: data must be an object"); return; }
        foreach (var (mime, value) in data)
        {
            if (!MimeType().IsMatch(mime)) problems.Add($"{where}: '{mime}' is not a MIME type");
            else if (!JsonMime().IsMatch(mime) && !IsMultiline(value)) problems.Add($"{where}: {mime} must be multiline text");
        }
    }

    private static void Keys(JsonObject o, string where, string[] required, string[] allowed, List<string> problems)
    {
        foreach (var r in required)
            if (!o.ContainsKey(r)) problems.Add($"{where}: missing '{r}'");
        foreach (var (k, _) in o)
            if (!allowed.Contains(k)) problems.Add($"{where}: unexpected key '{k}'");
    }

    private static bool IsString(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static bool IsMultiline(JsonNode? n) => IsString(n) || (n is JsonArray a && a.All(IsString));

    private static bool IsCount(JsonNode? n) => n is null || (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && (int)v >= 0);
}
