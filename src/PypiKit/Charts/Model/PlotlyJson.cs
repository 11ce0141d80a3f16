using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PypiKit.Charts;

/// <summary>
/// The JSON convention of plotly.js figures — deliberately NOT <see cref="PypiKit.Json.PypiKitJson"/>: plotly's
/// attribute names are lower-case words run together (<c>showlegend</c>, <c>hovertemplate</c>, <c>xaxis2</c>,
/// <c>tickformat</c>), so C# property names are simply lower-cased; nulls are left out (plotly then uses its
/// defaults); NaN becomes <c>null</c> (a gap in a line). The few exceptions (<c>plot_bgcolor</c>) carry
/// <see cref="JsonPropertyNameAttribute"/>.
/// </summary>
public static class PlotlyJson
{
    /// <summary>Options for whole figures, traces and layouts (handles subclasses of <see cref="Trace"/> and extra attributes).</summary>
    public static JsonSerializerOptions Options { get; } = Create(withModelConverters: true);

    /// <summary>The same without the trace/layout converters (they use it to avoid calling themselves).</summary>
    internal static JsonSerializerOptions Inner { get; } = Create(withModelConverters: false);

    /// <summary>Serializes any part of the model (a <see cref="Figure"/>, a trace, a layout) to plotly JSON.
    /// The default encoder escapes <c>&lt;</c> and <c>&gt;</c>, so the text can be embedded in a &lt;script&gt;.</summary>
    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    private static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    private static JsonSerializerOptions Create(bool withModelConverters)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = LowerCaseNamingPolicy.Instance,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
        };
        o.Converters.Add(new JsonStringEnumConverter(LowerCaseNamingPolicy.Instance));
        o.Converters.Add(new PlotValuesJsonConverter());
        o.Converters.Add(new PlotValueJsonConverter());
        o.Converters.Add(new NanAsNullDoubleConverter());
        if (withModelConverters)
        {
            o.Converters.Add(new TraceJsonConverter());
            o.Converters.Add(new LayoutJsonConverter());
        }
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>Adds <paramref name="extra"/> (raw plotly attributes) to <paramref name="node"/>; extra wins.</summary>
    internal static void Merge(JsonObject node, IReadOnlyDictionary<string, object?>? extra)
    {
        if (extra is null) return;
        foreach (var (key, value) in extra)
            node[key] = value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), Options);
    }
}

/// <summary>C# <c>ShowLegend</c> → plotly <c>showlegend</c>.</summary>
internal sealed class LowerCaseNamingPolicy : JsonNamingPolicy
{
    public static LowerCaseNamingPolicy Instance { get; } = new();
    public override string ConvertName(string name) => name.ToLowerInvariant();
}

/// <summary>Writes NaN and infinities as <c>null</c> (plotly draws a gap) instead of failing.</summary>
internal sealed class NanAsNullDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

/// <summary>Serializes a trace as its concrete type (so <c>type</c> and every trace attribute is written).</summary>
internal sealed class TraceJsonConverter : JsonConverter<Trace>
{
    public override Trace Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("PypiKit writes plotly figures; it does not read them back.");

    public override void Write(Utf8JsonWriter writer, Trace value, JsonSerializerOptions options)
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), PlotlyJson.Inner)!.AsObject();
        PlotlyJson.Merge(node, value.Extra);
        node.WriteTo(writer);
    }
}

/// <summary>Writes the layout plus its extra axes (<c>xaxis2</c>, <c>yaxis3</c>, …) and raw extra attributes.</summary>
internal sealed class LayoutJsonConverter : JsonConverter<Layout>
{
    public override Layout Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("PypiKit writes plotly figures; it does not read them back.");

    public override void Write(Utf8JsonWriter writer, Layout value, JsonSerializerOptions options)
    {
        var node = JsonSerializer.SerializeToNode(value, PlotlyJson.Inner)!.AsObject();
        if (value.Axes is not null)
            foreach (var (key, axis) in value.Axes)
                node[key] = JsonSerializer.SerializeToNode(axis, PlotlyJson.Inner);
        PlotlyJson.Merge(node, value.Extra);
        node.WriteTo(writer);
    }
}
