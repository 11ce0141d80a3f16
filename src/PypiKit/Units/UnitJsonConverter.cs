using System.Text.Json;
using System.Text.Json.Serialization;

namespace PypiKit.Units;

/// <summary>Writes a unit as the plain number it holds, and reads it back from one.</summary>
internal sealed class UnitJsonConverter<T> : JsonConverter<T> where T : struct, IUnit<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new JsonException($"Expected a number for {typeof(T).Name}, found {reader.TokenType}.");
        return T.FromMagnitude(reader.GetDouble());
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        double m = value.Magnitude;
        if (m == Math.Floor(m) && Math.Abs(m) < 9e15) writer.WriteNumberValue((long)m);
        else writer.WriteNumberValue(m);
    }
}
