namespace PypiKit.Burst;

/// <summary>
/// Signed durations in µs — lateness (actual − intended send time) — kept without clamping: values ≥ 0 in
/// <see cref="Late"/>, values &lt; 0 by magnitude in <see cref="Early"/> (HdrHistogram counts only non-negative
/// values). A request sent before its time therefore shows as a negative minimum instead of disappearing into 0.
/// </summary>
public sealed class SignedLatencyHistogram
{
    public SignedLatencyHistogram() { }

    public SignedLatencyHistogram(long highestTrackableMicros, int digits = LatencyHistogram.SignificantDigits)
    {
        Late = new LatencyHistogram(highestTrackableMicros, digits);
        Early = new LatencyHistogram(highestTrackableMicros, digits);
    }

    /// <summary>Values ≥ 0.</summary>
    public LatencyHistogram Late { get; set; } = new();
    /// <summary>Magnitudes of the values &lt; 0.</summary>
    public LatencyHistogram Early { get; set; } = new();

    public long Count => Late.Count + Early.Count;
    public long MinMicros => Early.Count > 0 ? -Early.MaxMicros : Late.MinMicros;
    public long MaxMicros => Late.Count > 0 ? Late.MaxMicros : -Early.MinMicros;
    public double MeanMicros => Count == 0 ? 0 : (double)(Late.SumMicros - Early.SumMicros) / Count;

    public void Record(long micros)
    {
        if (micros < 0) Early.Record(-micros);
        else Late.Record(micros);
    }

    public void RecordTicks(long ticks) => Record(LatencyHistogram.TicksToMicros(ticks));

    /// <summary>The signed value at a percentile (0–100): the early values occupy the lowest ranks, largest magnitude first.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0) return 0;
        if (Early.Count == 0) return Late.ValueAtPercentile(percentile);
        if (Late.Count == 0) return -Early.ValueAtPercentile(100 - percentile);
        var rank = Math.Clamp(percentile, 0, 100) / 100 * Count;
        return rank <= Early.Count
            ? -Early.ValueAtPercentile(100 * (1 - rank / Early.Count))
            : Late.ValueAtPercentile(100 * (rank - Early.Count) / Late.Count);
    }

    public double PercentileMs(double percentile) => ValueAtPercentile(percentile) / 1000.0;

    /// <summary>Fraction (0–1) of values ≤ <paramref name="micros"/>.</summary>
    public double FractionAtOrBelow(long micros)
    {
        if (Count == 0) return 0;
        var atOrBelow = micros >= 0
            ? Early.Count + Late.Count * Late.FractionAtOrBelow(micros)
            : Early.Count * (1 - Early.FractionAtOrBelow(-micros - 1));
        return atOrBelow / Count;
    }

    public void Merge(SignedLatencyHistogram other)
    {
        Late.Merge(other.Late);
        Early.Merge(other.Early);
    }

    public SignedLatencyHistogram Clone()
    {
        var h = new SignedLatencyHistogram();
        h.Merge(this);
        return h;
    }

    public bool ContentEquals(SignedLatencyHistogram other) => Late.ContentEquals(other.Late) && Early.ContentEquals(other.Early);
}
