using Plotly.NET;
using Plotly.NET.LayoutObjects;

namespace PypiKit.Charts;

/// <summary>Plotly.NET axes as PypiKit's charts use them: titled "Label (unit)", linear, log, category or dates in UTC.</summary>
public static class Axes
{
    /// <summary>"Latency (ms)": the label and, when given, the unit in brackets.</summary>
    public static string Label(string label, string? unit) => string.IsNullOrEmpty(unit) ? label : $"{label} ({unit})";

    public static LinearAxis Linear(string label, string? unit = null) => Of("linear", Label(label, unit));
    public static LinearAxis Log(string label, string? unit = null) => Of("log", Label(label, unit));
    public static LinearAxis Category(string label) => Of("category", label);
    public static LinearAxis Date(string label = "Time (UTC)") => Of("date", label);

    /// <summary>A plotly title object.</summary>
    public static Title Title(string text) => new Title().With("text", text);

    /// <summary>Starts at zero unless the data goes below it.</summary>
    public static LinearAxis ToZero(this LinearAxis axis) => axis.With("rangemode", "tozero");

    /// <summary>A fixed range [<paramref name="from"/>, <paramref name="to"/>] (for a log axis, give log10 values).</summary>
    public static LinearAxis Range(this LinearAxis axis, object from, object to) => axis.With("range", new[] { from, to });

    private static LinearAxis Of(string type, string title) => new LinearAxis().With("type", type).With("title", Title(title));
}
