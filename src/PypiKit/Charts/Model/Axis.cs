using System.Text.Json.Serialization;

namespace PypiKit.Charts;

/// <summary>
/// A plotly axis (<c>layout.xaxis</c>, <c>layout.yaxis2</c>, …). Build with <see cref="Linear"/>, <see cref="Log"/>,
/// <see cref="Date"/> or <see cref="Category"/>, which write the unit into the title as "Label (unit)" — every
/// PypiKit chart says what its numbers are — and keep it in <see cref="Unit"/> for checks.
/// </summary>
public sealed record Axis
{
    public Title? Title { get; init; }
    public AxisType? Type { get; init; }

    /// <summary>The unit shown in the title (not a plotly attribute).</summary>
    [JsonIgnore]
    public string? Unit { get; init; }

    /// <summary>Fixed range [min, max] (for log axes: log10 of the values).</summary>
    public IReadOnlyList<PlotValue>? Range { get; init; }
    public RangeMode? RangeMode { get; init; }

    /// <summary>d3 format, e.g. <c>".2s"</c> (SI), <c>",.0f"</c>, <c>"%H:%M"</c> for dates.</summary>
    public string? TickFormat { get; init; }

    /// <summary><c>auto</c>, <c>linear</c> (every <see cref="DTick"/> from <see cref="Tick0"/>), <c>array</c>, or
    /// <c>sync</c> (align with the axis this one overlays).</summary>
    public string? TickMode { get; init; }
    public double? DTick { get; init; }
    public double? Tick0 { get; init; }
    public string? TickSuffix { get; init; }
    public bool? ShowGrid { get; init; }
    public bool? ZeroLine { get; init; }

    /// <summary>Part of the plotting area [from, to] in 0–1 this axis spans (manual subplots).</summary>
    public IReadOnlyList<double>? Domain { get; init; }

    /// <summary>The axis this one crosses (<c>y2</c>, <c>x</c>, or <c>free</c>).</summary>
    public string? Anchor { get; init; }

    /// <summary>Draw on top of another axis (<c>y</c>) — a secondary axis; pair it with <see cref="Side"/> = <c>right</c>.</summary>
    public string? Overlaying { get; init; }
    public string? Side { get; init; }

    /// <summary>Share zoom/range with another axis (<c>x</c>).</summary>
    public string? Matches { get; init; }

    /// <summary>"Label (unit)", or just the label when <paramref name="unit"/> is empty.</summary>
    public static string Label(string label, string? unit) => string.IsNullOrEmpty(unit) ? label : $"{label} ({unit})";

    public static Axis Linear(string label, string? unit = null) => new() { Title = Label(label, unit), Unit = unit, Type = AxisType.Linear };
    public static Axis Log(string label, string? unit = null) => new() { Title = Label(label, unit), Unit = unit, Type = AxisType.Log };
    public static Axis Category(string label, string? unit = null) => new() { Title = Label(label, unit), Unit = unit, Type = AxisType.Category };

    /// <summary>A time axis; times are written in UTC, so the default label says so.</summary>
    public static Axis Date(string label = "Time (UTC)") => new() { Title = label, Type = AxisType.Date };
}

public enum AxisType { Linear, Log, Date, Category }

public enum RangeMode { Normal, ToZero, NonNegative }
