using System.Text.Json.Nodes;
using Plotly.NET;
using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

/// <summary>A Plotly.NET chart read back from the plotly JSON Plotly.NET writes for it — what plotly.js will get.</summary>
internal sealed class ChartJson
{
    public JsonObject Root { get; }

    public ChartJson(GenericChart chart) => Root = (JsonObject)JsonNode.Parse(ChartFacts.Json(chart))!;

    public JsonArray Data => (JsonArray)Root["data"]!;
    public JsonObject Layout => (JsonObject)Root["layout"]!;
    public IReadOnlyList<JsonObject> Traces => Data.Select(t => (JsonObject)t!).ToArray();
    public string? Title => (string?)Layout["title"]?["text"];

    /// <summary>The trace named <paramref name="name"/> (exactly one).</summary>
    public JsonObject Trace(string name) => Traces.Single(t => (string?)t["name"] == name);

    /// <summary>The title of layout axis <paramref name="key"/> ("xaxis", "yaxis2", …).</summary>
    public string? AxisTitle(string key) => (string?)Layout[key]?["title"]?["text"];

    public static double?[] Numbers(JsonObject trace, string key) =>
        ((JsonArray)trace[key]!).Select(v => v is null ? (double?)null : v.GetValue<double>()).ToArray();

    public static string?[] Strings(JsonObject trace, string key) => ((JsonArray)trace[key]!).Select(v => (string?)v).ToArray();
}
