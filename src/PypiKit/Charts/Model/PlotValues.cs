using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PypiKit.Charts;

/// <summary>
/// The values of one trace coordinate (<c>x</c>, <c>y</c>, <c>text</c>): numbers, category strings or times.
/// Times are written in UTC as <c>yyyy-MM-dd HH:mm:ss.fff</c>, the form plotly's date axes read; NaN becomes a gap.
/// Arrays convert implicitly: <c>X = new[] { 1.0, 2.0 }</c>, <c>X = times</c>, <c>X = new[] { "a", "b" }</c>.
/// </summary>
public sealed class PlotValues
{
    private PlotValues(IReadOnlyList<double>? numbers, IReadOnlyList<string?>? strings, IReadOnlyList<DateTimeOffset>? times)
    {
        Numbers = numbers;
        Strings = strings;
        Times = times;
    }

    public IReadOnlyList<double>? Numbers { get; }
    public IReadOnlyList<string?>? Strings { get; }
    public IReadOnlyList<DateTimeOffset>? Times { get; }

    public int Count => Numbers?.Count ?? Strings?.Count ?? Times!.Count;

    public static PlotValues Of(IEnumerable<double> numbers) => new(numbers.ToArray(), null, null);
    public static PlotValues Of(IEnumerable<string?> strings) => new(null, strings.ToArray(), null);
    public static PlotValues Of(IEnumerable<DateTimeOffset> times) => new(null, null, times.ToArray());

    public static implicit operator PlotValues(double[] numbers) => Of(numbers);
    public static implicit operator PlotValues(List<double> numbers) => Of(numbers);
    public static implicit operator PlotValues(string[] strings) => Of(strings);
    public static implicit operator PlotValues(List<string> strings) => Of(strings);
    public static implicit operator PlotValues(DateTimeOffset[] times) => Of(times);
    public static implicit operator PlotValues(List<DateTimeOffset> times) => Of(times);

    internal static string FormatTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

/// <summary>One coordinate of a shape or annotation (<c>x0</c>, <c>y1</c>, …): a number, a category or a time.</summary>
public readonly record struct PlotValue
{
    private PlotValue(double? number, string? text, DateTimeOffset? time)
    {
        Number = number;
        Text = text;
        Time = time;
    }

    public double? Number { get; }
    public string? Text { get; }
    public DateTimeOffset? Time { get; }

    public static implicit operator PlotValue(double number) => new(number, null, null);
    public static implicit operator PlotValue(int number) => new(number, null, null);
    public static implicit operator PlotValue(string text) => new(null, text, null);
    public static implicit operator PlotValue(DateTimeOffset time) => new(null, null, time);

    public override string ToString() =>
        Time is { } t ? PlotValues.FormatTime(t) : Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? "";
}

internal sealed class PlotValuesJsonConverter : JsonConverter<PlotValues>
{
    public override PlotValues Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException();

    public override void Write(Utf8JsonWriter writer, PlotValues value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        if (value.Numbers is { } numbers)
            foreach (var n in numbers)
                if (double.IsFinite(n)) writer.WriteNumberValue(n); else writer.WriteNullValue();
        else if (value.Strings is { } strings)
            foreach (var s in strings) writer.WriteStringValue(s);
        else
            foreach (var t in value.Times!) writer.WriteStringValue(PlotValues.FormatTime(t));
        writer.WriteEndArray();
    }
}

internal sealed class PlotValueJsonConverter : JsonConverter<PlotValue>
{
    public override PlotValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException();

    public override void Write(Utf8JsonWriter writer, PlotValue value, JsonSerializerOptions options)
    {
        if (value.Time is { } t) writer.WriteStringValue(PlotValues.FormatTime(t));
        else if (value.Text is { } s) writer.WriteStringValue(s);
        else if (value.Number is { } n && double.IsFinite(n)) writer.WriteNumberValue(n);
        else writer.WriteNullValue();
    }
}
