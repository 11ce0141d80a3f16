using System.Numerics;
using System.Text.Json.Serialization;

namespace PypiKit.Burst;

/// <summary>
/// A log-linear (HDR-style) histogram of latencies in microseconds: values below 128 µs are counted exactly, above
/// that each power of two is split into 128 linear sub-buckets, so a reported value is within 1/256 (0.4 %) of the
/// true one. Memory is constant (at most 35 × 128 counters, allocated per octave on first use), recording is O(1)
/// without allocation after warm-up, and two histograms merge exactly by adding counts — shards, workers and
/// per-second slices combine without losing accuracy. Not thread-safe: give each worker its own and merge.
/// </summary>
[JsonConverter(typeof(LatencyHistogramJsonConverter))]
public sealed class LatencyHistogram
{
    internal const int SubBucketBits = 7;
    internal const int SubBuckets = 1 << SubBucketBits;         // 128
    internal const int Octaves = 35;                             // octave 0 = [0,128) exact; octave k ≥ 1 = [2^(k+6), 2^(k+7))

    /// <summary>Largest value tracked exactly enough (≈ 12.7 days); larger values are clamped to it.</summary>
    public const long MaxTrackableMicros = (1L << (Octaves + SubBucketBits - 1)) - 1;

    private readonly long[]?[] _octaves = new long[Octaves][];

    public long Count { get; private set; }
    /// <summary>Sum of all recorded values, µs (exact, not bucketed).</summary>
    public long SumMicros { get; private set; }
    /// <summary>Smallest recorded value, µs (exact); 0 when empty.</summary>
    public long MinMicros => Count == 0 ? 0 : _min;
    /// <summary>Largest recorded value, µs (exact); 0 when empty.</summary>
    public long MaxMicros => Count == 0 ? 0 : _max;
    public double MeanMicros => Count == 0 ? 0 : (double)SumMicros / Count;

    private long _min = long.MaxValue;
    private long _max;

    /// <summary>Records one value in microseconds (negative values count as 0).</summary>
    public void Record(long micros) => Record(micros, 1);

    /// <summary>Records <paramref name="count"/> occurrences of a value in microseconds.</summary>
    public void Record(long micros, long count)
    {
        if (count <= 0) return;
        if (micros < 0) micros = 0;
        if (micros > MaxTrackableMicros) micros = MaxTrackableMicros;
        var (octave, sub) = IndexOf(micros);
        var counts = _octaves[octave] ??= new long[SubBuckets];
        counts[sub] += count;
        Count += count;
        SumMicros += micros * count;
        if (micros < _min) _min = micros;
        if (micros > _max) _max = micros;
    }

    /// <summary>Records a duration measured in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public void RecordTicks(long ticks) => Record(TicksToMicros(ticks));

    internal static long TicksToMicros(long ticks) =>
        System.Diagnostics.Stopwatch.Frequency == 1_000_000_000 ? ticks / 1000 : (long)(ticks * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    internal static (int Octave, int Sub) IndexOf(long v)
    {
        if (v < SubBuckets) return (0, (int)v);
        var e = 63 - BitOperations.LeadingZeroCount((ulong)v);     // ≥ 7
        var shift = e - SubBucketBits;
        return (e - SubBucketBits + 1, (int)(v >> shift) - SubBuckets);
    }

    /// <summary>Lowest value of a bucket and its width, µs.</summary>
    internal static (long Lower, long Width) BucketRange(int octave, int sub)
    {
        if (octave == 0) return (sub, 1);
        var shift = octave - 1;
        return ((long)(SubBuckets + sub) << shift, 1L << shift);
    }

    private static long Representative(int octave, int sub)
    {
        var (lower, width) = BucketRange(octave, sub);
        return lower + (width - 1) / 2;
    }

    /// <summary>
    /// The value at a percentile (0–100), µs, with the reference harness's rank rule <c>sorted[int(n·p/100)]</c>
    /// (nearest rank, no interpolation), clamped to the exact min and max. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0) return 0;
        if (percentile <= 0) return MinMicros;
        if (percentile >= 100) return MaxMicros;
        var index = Math.Min(Count - 1, (long)Math.Floor(Count * percentile / 100.0));
        var target = index + 1; // 1-based rank
        long seen = 0;
        for (var o = 0; o < Octaves; o++)
        {
            var counts = _octaves[o];
            if (counts is null) continue;
            for (var s = 0; s < SubBuckets; s++)
            {
                seen += counts[s];
                if (seen >= target) return Math.Clamp(Representative(o, s), MinMicros, MaxMicros);
            }
        }
        return MaxMicros;
    }

    /// <summary>The value at a percentile in milliseconds.</summary>
    public double PercentileMs(double percentile) => ValueAtPercentile(percentile) / 1000.0;

    /// <summary>Fraction (0–1) of recorded values ≤ <paramref name="micros"/> (bucket resolution).</summary>
    public double FractionAtOrBelow(long micros)
    {
        if (Count == 0) return 0;
        long seen = 0;
        foreach (var b in Buckets())
        {
            if (b.LowerMicros > micros) break;
            seen += b.Count;
        }
        return (double)seen / Count;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram (exact).</summary>
    public void Merge(LatencyHistogram other)
    {
        if (other.Count == 0) return;
        for (var o = 0; o < Octaves; o++)
        {
            var src = other._octaves[o];
            if (src is null) continue;
            var dst = _octaves[o] ??= new long[SubBuckets];
            for (var s = 0; s < SubBuckets; s++) dst[s] += src[s];
        }
        Count += other.Count;
        SumMicros += other.SumMicros;
        if (other._min < _min) _min = other._min;
        if (other._max > _max) _max = other._max;
    }

    public LatencyHistogram Clone()
    {
        var h = new LatencyHistogram();
        h.Merge(this);
        return h;
    }

    public void Reset()
    {
        Array.Clear(_octaves);
        Count = 0;
        SumMicros = 0;
        _min = long.MaxValue;
        _max = 0;
    }

    /// <summary>The non-empty buckets in increasing order: lowest value, width and count (for charts and CDFs).</summary>
    public IEnumerable<HistogramBucket> Buckets()
    {
        for (var o = 0; o < Octaves; o++)
        {
            var counts = _octaves[o];
            if (counts is null) continue;
            for (var s = 0; s < SubBuckets; s++)
                if (counts[s] != 0)
                {
                    var (lower, width) = BucketRange(o, s);
                    yield return new HistogramBucket(lower, width, counts[s]);
                }
        }
    }

    /// <summary>True when both hold exactly the same counts, sum, min and max.</summary>
    public bool ContentEquals(LatencyHistogram other)
    {
        if (Count != other.Count || SumMicros != other.SumMicros || MinMicros != other.MinMicros || MaxMicros != other.MaxMicros)
            return false;
        for (var o = 0; o < Octaves; o++)
        {
            var a = _octaves[o];
            var b = other._octaves[o];
            for (var s = 0; s < SubBuckets; s++)
                if ((a?[s] ?? 0) != (b?[s] ?? 0)) return false;
        }
        return true;
    }

    /// <summary>Sparse form used by the JSON converter: flat pairs (bucket index, count).</summary>
    internal long[] ToSparsePairs()
    {
        var list = new List<long>();
        for (var o = 0; o < Octaves; o++)
        {
            var counts = _octaves[o];
            if (counts is null) continue;
            for (var s = 0; s < SubBuckets; s++)
                if (counts[s] != 0) { list.Add(o * SubBuckets + s); list.Add(counts[s]); }
        }
        return list.ToArray();
    }

    internal static LatencyHistogram FromSparse(long[] pairs, long sum, long min, long max)
    {
        var h = new LatencyHistogram();
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            var index = pairs[i];
            if (index < 0 || index >= Octaves * SubBuckets) throw new FormatException($"histogram bucket index {index} out of range");
            var o = (int)(index / SubBuckets);
            var counts = h._octaves[o] ??= new long[SubBuckets];
            counts[index % SubBuckets] += pairs[i + 1];
            h.Count += pairs[i + 1];
        }
        h.SumMicros = sum;
        if (h.Count > 0) { h._min = min; h._max = max; }
        return h;
    }
}

/// <summary>One histogram bucket: values in [LowerMicros, LowerMicros + WidthMicros).</summary>
public readonly record struct HistogramBucket(long LowerMicros, long WidthMicros, long Count);
