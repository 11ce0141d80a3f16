using System.Text.Json;
using System.Text.Json.Serialization;

namespace PypiKit.Burst;

/// <summary>
/// JSON form of a <see cref="LatencyHistogram"/>: <c>{"count", "sum_us", "min_us", "max_us", "buckets": [index, count, …]}</c>
/// with only non-empty buckets, so result files stay small and merge exactly.
/// </summary>
public sealed class LatencyHistogramJsonConverter : JsonConverter<LatencyHistogram>
{
    public override LatencyHistogram Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("histogram: object expected");
        long sum = 0, min = 0, max = 0;
        long[] pairs = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "sum_us": sum = reader.GetInt64(); break;
                case "min_us": min = reader.GetInt64(); break;
                case "max_us": max = reader.GetInt64(); break;
                case "buckets":
                    var list = new List<long>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(reader.GetInt64());
                    pairs = list.ToArray();
                    break;
                default: reader.Skip(); break;
            }
        }
        return LatencyHistogram.FromSparse(pairs, sum, min, max);
    }

    public override void Write(Utf8JsonWriter writer, LatencyHistogram value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("count", value.Count);
        writer.WriteNumber("sum_us", value.SumMicros);
        writer.WriteNumber("min_us", value.MinMicros);
        writer.WriteNumber("max_us", value.MaxMicros);
        writer.WriteStartArray("buckets");
        foreach (var v in value.ToSparsePairs()) writer.WriteNumberValue(v);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
