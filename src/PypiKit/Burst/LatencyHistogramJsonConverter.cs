using System.Text.Json;
using System.Text.Json.Serialization;

namespace PypiKit.Burst;

/// <summary>
/// JSON form of a <see cref="LatencyHistogram"/>: <c>{"count", "sum_us", "min_us", "max_us", "highest_trackable_us",
/// "hdr"}</c>, where <c>hdr</c> is HdrHistogram's compressed encoding in base64 (null when empty) — the same payload as
/// an <c>.hlog</c> line, so any HdrHistogram port reads it, and merged files add exactly.
/// </summary>
internal sealed class LatencyHistogramJsonConverter : JsonConverter<LatencyHistogram>
{
    public override LatencyHistogram Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("histogram: object expected");
        long count = 0, sum = 0, min = 0, max = 0, highest = LatencyHistogram.DefaultHighestMicros;
        string? hdr = null;
        var sawHdr = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "count": count = reader.GetInt64(); break;
                case "sum_us": sum = reader.GetInt64(); break;
                case "min_us": min = reader.GetInt64(); break;
                case "max_us": max = reader.GetInt64(); break;
                case "highest_trackable_us": highest = reader.GetInt64(); break;
                case "hdr": hdr = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); sawHdr = true; break;
                default: reader.Skip(); break;
            }
        }
        if (!sawHdr && count > 0)
            throw new JsonException("histogram without an 'hdr' field (written by an older PypiKit): rerun the burst to get an HdrHistogram result");
        try { return LatencyHistogram.FromParts(highest, hdr, count, sum, min, max); }
        catch (FormatException e) { throw new JsonException($"histogram: {e.Message}", e); }
    }

    public override void Write(Utf8JsonWriter writer, LatencyHistogram value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("count", value.Count);
        writer.WriteNumber("sum_us", value.SumMicros);
        writer.WriteNumber("min_us", value.MinMicros);
        writer.WriteNumber("max_us", value.MaxMicros);
        writer.WriteNumber("highest_trackable_us", value.HighestTrackableMicros);
        var hdr = value.ToCompressedBase64();
        if (hdr is null) writer.WriteNull("hdr");
        else writer.WriteString("hdr", hdr);
        writer.WriteEndObject();
    }
}
