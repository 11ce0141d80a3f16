namespace PypiKit.Charts;

/// <summary>The colours PypiKit charts use, so related charts from different areas look alike.
/// The series palette is plotly's default ("D3 category 10").</summary>
public static class ChartColors
{
    public const string Blue = "#1f77b4", Orange = "#ff7f0e", Green = "#2ca02c", Red = "#d62728", Purple = "#9467bd",
        Brown = "#8c564b", Pink = "#e377c2", Gray = "#7f7f7f", Olive = "#bcbd22", Cyan = "#17becf";

    /// <summary>Alarm and limit lines.</summary>
    public const string Threshold = "#d62728";

    /// <summary>Translucent fill for threshold bands and windows.</summary>
    public const string ThresholdBand = "rgba(214, 39, 40, 0.12)";

    /// <summary>Translucent fill for time windows such as bursts (not alarms).</summary>
    public const string WindowBand = "rgba(255, 127, 14, 0.12)";

    /// <summary>Model predictions / projections drawn beside measurements.</summary>
    public const string Model = "#7f7f7f";

    public static IReadOnlyList<string> Series { get; } = [Blue, Orange, Green, Red, Purple, Brown, Pink, Gray, Olive, Cyan];

    /// <summary>The <paramref name="index"/>-th series colour (wraps around).</summary>
    public static string At(int index) => Series[((index % Series.Count) + Series.Count) % Series.Count];
}
