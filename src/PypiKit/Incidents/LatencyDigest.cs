namespace PypiKit.Incidents;

/// <summary>
/// A fixed-size log-linear histogram of durations in microseconds (64 sub-buckets per power of two: ≤ 1.6 % error),
/// from 1 µs to ~36 minutes. Adding is one array increment; merging is element-wise addition.
/// </summary>
public sealed class LatencyDigest
{
    private const int Sub = 64;
    private const int Buckets = 128 + 40 * Sub;
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }
    public long MaxMicros { get; private set; }
    public double SumMicros { get; private set; }

    public void Add(long micros)
    {
        if (micros < 0) micros = 0;
        _counts[Index(micros)]++;
        Count++;
        SumMicros += micros;
        if (micros > MaxMicros) MaxMicros = micros;
    }

    public void Merge(LatencyDigest other)
    {
        for (int i = 0; i < Buckets; i++) _counts[i] += other._counts[i];
        Count += other.Count;
        SumMicros += other.SumMicros;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    private static int Index(long v)
    {
        if (v < 128) return (int)v;
        int log = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)v);
        int shift = log - 6;
        int idx = 128 + (shift - 1) * Sub + (int)((v >> shift) - Sub);
        return Math.Min(idx, Buckets - 1);
    }

    private static double Value(int idx)
    {
        if (idx < 128) return idx;
        int shift = (idx - 128) / Sub + 1;
        long mant = (idx - 128) % Sub + Sub;
        return (mant << shift) + (1L << shift) / 2.0;
    }

    /// <summary>The q-quantile (0..1) in microseconds; NaN when empty. The top quantile reports the exact maximum.</summary>
    public double QuantileMicros(double q)
    {
        if (Count == 0) return double.NaN;
        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(Value(i), MaxMicros);
        }
        return MaxMicros;
    }

    public double QuantileSeconds(double q) => QuantileMicros(q) / 1e6;
    public double MeanSeconds => Count == 0 ? double.NaN : SumMicros / Count / 1e6;
}
