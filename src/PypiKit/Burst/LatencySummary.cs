namespace PypiKit.Burst;

/// <summary>Latency percentiles, ms.</summary>
public sealed record LatencySummary(long Count, double Min, double Mean, double P50, double P90, double P95, double P99, double P999, double Max)
{
    public static LatencySummary Of(LatencyHistogram h) => new(h.Count, Ms(h.MinMicros), Math.Round(h.MeanMicros / 1000, 3),
        h.PercentileMs(50), h.PercentileMs(90), h.PercentileMs(95), h.PercentileMs(99), h.PercentileMs(99.9), Ms(h.MaxMicros));

    /// <summary>Signed durations (lateness): a negative minimum means something was sent before its time.</summary>
    public static LatencySummary Of(SignedLatencyHistogram h) => new(h.Count, Ms(h.MinMicros), Math.Round(h.MeanMicros / 1000, 3),
        h.PercentileMs(50), h.PercentileMs(90), h.PercentileMs(95), h.PercentileMs(99), h.PercentileMs(99.9), Ms(h.MaxMicros));

    private static double Ms(long micros) => micros / 1000.0;
}
