namespace PypiKit.Series;

/// <summary>One observation of a time series.</summary>
public readonly record struct TimePoint(DateTimeOffset Time, double Value);

/// <summary>
/// A named series of observations in one unit: a CloudWatch metric, a vmstat column, a burst's p95 per second.
/// The common currency between Telemetry, Incidents and Charts. <see cref="Unit"/> is free text such as
/// "Bytes", "Percent", "KB/s", "ms", "Count" (CloudWatch's unit names where the data came from CloudWatch).
/// </summary>
public sealed record TimeSeries(string Name, string Unit, IReadOnlyList<TimePoint> Points)
{
    public static TimeSeries Empty(string name, string unit) => new(name, unit, Array.Empty<TimePoint>());

    public bool IsEmpty => Points.Count == 0;
    public double Max => Points.Count == 0 ? double.NaN : Points.Max(p => p.Value);
    public double Min => Points.Count == 0 ? double.NaN : Points.Min(p => p.Value);

    /// <summary>The same series restricted to [from, to).</summary>
    public TimeSeries Between(DateTimeOffset from, DateTimeOffset to) =>
        this with { Points = Points.Where(p => p.Time >= from && p.Time < to).ToArray() };
}
