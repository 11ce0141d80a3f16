using System.Globalization;

namespace PypiKit.Charts;

/// <summary>
/// Sets plotly attributes on Plotly.NET objects (traces, layout, axes, shapes, annotations — all
/// <see cref="DynamicObj.DynamicObj"/>s), for the attributes Plotly.NET's C# bindings do not expose. This is how
/// Plotly.NET's own F# <c>init</c>/<c>style</c> functions fill those objects; the JSON is Plotly.NET's.
/// </summary>
public static class PlotlyProps
{
    /// <summary>Sets <paramref name="name"/> (the plotly attribute, e.g. <c>hovertemplate</c>) unless <paramref name="value"/> is null.</summary>
    public static T With<T>(this T target, string name, object? value) where T : DynamicObj.DynamicObj
    {
        if (value is not null) target.SetProperty(name, value);
        return target;
    }

    /// <summary>Numbers for a data array: NaN and infinities become null (a gap), as plotly expects.</summary>
    public static object?[] Numbers(IEnumerable<double> values) =>
        values.Select(v => double.IsFinite(v) ? (object?)v : null).ToArray();

    /// <summary>Times for a date axis, in UTC as <c>yyyy-MM-dd HH:mm:ss.fff</c> (the form plotly's date axes read).</summary>
    public static string[] Times(IEnumerable<DateTimeOffset> times) => times.Select(Time).ToArray();

    /// <summary>One time as <see cref="Times"/> writes it.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
