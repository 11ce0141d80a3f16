using System.Text.Json.Serialization;
using HdrHistogram;

namespace PypiKit.Burst;

/// <summary>
/// Latencies in microseconds, counted by an HdrHistogram <see cref="LongHistogram"/> (1 µs resolution, 3 significant
/// digits, so a reported value is within 0.1 % of the true one) plus the exact count, sum, min and max. This class only
/// fixes the configuration and the units; the counting, percentiles, merging (<see cref="HistogramBase.Add"/>) and
/// encoding are HdrHistogram's. The HdrHistogram is created on the first record, so the many per-second, per-target
/// and per-operation tallies that stay empty cost nothing. Slices of a run (<see cref="ForSlice"/>: per second, per
/// iteration, scheduler wake-ups) keep <see cref="SliceDigits"/> digits instead: an HdrHistogram allocates its whole
/// range at once (about 190 KB at 3 digits up to an hour), and a 24-minute run has 1,440 seconds. Not thread-safe:
/// give each worker its own and merge.
/// </summary>
[JsonConverter(typeof(LatencyHistogramJsonConverter))]
public sealed class LatencyHistogram
{
    /// <summary>Decimal digits of precision kept at every magnitude.</summary>
    public const int SignificantDigits = 3;

    /// <summary>Digits of the per-second and per-iteration slices (1 %: about 24 KB each up to an hour).</summary>
    public const int SliceDigits = 2;

    /// <summary>Range when none is given: one hour (results of tools and tests that know no request timeout).</summary>
    public const long DefaultHighestMicros = 3_600_000_000;

    private HistogramBase? _hdr;
    private long _min = long.MaxValue;
    private long _max;

    /// <param name="highestTrackableMicros">Largest value counted exactly enough; larger values are counted as this
    /// value (the exact <see cref="MaxMicros"/> still shows them). A run passes its request timeout plus its hard time
    /// limit (see <see cref="BurstOptions.HighestLatencyMicros"/>).</param>
    /// <param name="digits">Significant digits, 1–5 (default <see cref="SignificantDigits"/>).</param>
    public LatencyHistogram(long highestTrackableMicros = DefaultHighestMicros, int digits = SignificantDigits)
    {
        if (highestTrackableMicros < 2) throw new ArgumentOutOfRangeException(nameof(highestTrackableMicros), "must be ≥ 2 µs");
        if (digits is < 1 or > 5) throw new ArgumentOutOfRangeException(nameof(digits), "must be 1–5");
        HighestTrackableMicros = highestTrackableMicros;
        Digits = digits;
    }

    /// <summary>A histogram for a slice of a run (one second, one iteration): <see cref="SliceDigits"/> digits.</summary>
    public static LatencyHistogram ForSlice(long highestTrackableMicros) => new(highestTrackableMicros, SliceDigits);

    /// <summary>Significant digits of the HdrHistogram (taken from the first histogram merged into an empty one).</summary>
    public int Digits { get; private set; }

    /// <summary>The HdrHistogram's highest trackable value, µs (grows when a histogram of a wider range is merged in).</summary>
    public long HighestTrackableMicros { get; private set; }

    public long Count { get; private set; }
    /// <summary>Sum of all recorded values, µs (exact, not bucketed).</summary>
    public long SumMicros { get; private set; }
    /// <summary>Smallest recorded value, µs (exact); 0 when empty.</summary>
    public long MinMicros => Count == 0 ? 0 : _min;
    /// <summary>Largest recorded value, µs (exact); 0 when empty.</summary>
    public long MaxMicros => Count == 0 ? 0 : _max;
    public double MeanMicros => Count == 0 ? 0 : (double)SumMicros / Count;

    /// <summary>The underlying HdrHistogram (null while empty) — for HdrHistogram's own tools: logs, encodings, iterators.</summary>
    public HistogramBase? Hdr => _hdr;

    /// <summary>Records one value in microseconds (negative values count as 0).</summary>
    /// <remarks>Compiled optimized at once: log aggregation calls it millions of times from its first line.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        (_hdr ??= Create(HighestTrackableMicros, Digits)).RecordValue(Math.Min(micros, HighestTrackableMicros));
        Count++;
        SumMicros += micros;
        if (micros < _min) _min = micros;
        if (micros > _max) _max = micros;
    }

    /// <summary>Records a duration measured in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public void RecordTicks(long ticks) => Record(TicksToMicros(ticks));

    internal static long TicksToMicros(long ticks) =>
        System.Diagnostics.Stopwatch.Frequency == 1_000_000_000 ? ticks / 1000 : (long)(ticks * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>A histogram of this library's configuration (1 µs to <paramref name="highestMicros"/>, 3 digits unless told).</summary>
    internal static HistogramBase Create(long highestMicros, int digits = SignificantDigits) => new LongHistogram(1, highestMicros, digits);

    /// <summary>
    /// The value at a percentile (0–100), µs, by HdrHistogram's rule (the highest value equivalent to the recorded one
    /// at that rank), clamped to the exact min and max. 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (_hdr is null || Count == 0) return 0;
        if (percentile <= 0) return MinMicros;
        if (percentile >= 100) return MaxMicros;
        return Math.Clamp(_hdr.GetValueAtPercentile(percentile), MinMicros, MaxMicros);
    }

    /// <summary>The value at a percentile in milliseconds.</summary>
    public double PercentileMs(double percentile) => ValueAtPercentile(percentile) / 1000.0;

    /// <summary>Fraction (0–1) of recorded values ≤ <paramref name="micros"/> (at the histogram's resolution).</summary>
    public double FractionAtOrBelow(long micros)
    {
        if (_hdr is null || Count == 0) return 0;
        long seen = 0;
        foreach (var v in _hdr.RecordedValues())
        {
            if (_hdr.LowestEquivalentValue(v.ValueIteratedTo) > micros) break;
            seen += v.CountAtValueIteratedTo;
        }
        return (double)seen / Count;
    }

    /// <summary>Adds every count of <paramref name="other"/> to this histogram (exact: HdrHistogram's Add).</summary>
    public void Merge(LatencyHistogram other)
    {
        if (other.Count == 0 || other._hdr is null) return;
        if (_hdr is null)
        {
            // An empty histogram takes the configuration of what is merged into it (so merged slices stay slices).
            HighestTrackableMicros = Math.Max(HighestTrackableMicros, other.HighestTrackableMicros);
            Digits = other.Digits;
            _hdr = Create(HighestTrackableMicros, Digits);
        }
        else if (other.HighestTrackableMicros > HighestTrackableMicros)
        {
            // HdrHistogram adds only into a histogram of at least the same range: widen this one first.
            var wider = Create(other.HighestTrackableMicros, Digits);
            wider.Add(_hdr);
            _hdr = wider;
            HighestTrackableMicros = other.HighestTrackableMicros;
        }
        _hdr.Add(other._hdr);
        Count += other.Count;
        SumMicros += other.SumMicros;
        if (other._min < _min) _min = other._min;
        if (other._max > _max) _max = other._max;
    }

    public LatencyHistogram Clone()
    {
        var h = new LatencyHistogram(HighestTrackableMicros, Digits);
        h.Merge(this);
        return h;
    }

    public void Reset()
    {
        _hdr?.Reset();
        Count = 0;
        SumMicros = 0;
        _min = long.MaxValue;
        _max = 0;
    }

    /// <summary>The non-empty buckets in increasing order: lowest value, width and count (for charts and CDFs).</summary>
    public IEnumerable<HistogramBucket> Buckets()
    {
        if (_hdr is null) yield break;
        foreach (var v in _hdr.RecordedValues())
        {
            var lower = _hdr.LowestEquivalentValue(v.ValueIteratedTo);
            yield return new HistogramBucket(lower, _hdr.SizeOfEquivalentValueRange(lower), v.CountAtValueIteratedTo);
        }
    }

    /// <summary>True when both hold exactly the same counts, sum, min and max.</summary>
    public bool ContentEquals(LatencyHistogram other) =>
        Count == other.Count && SumMicros == other.SumMicros && MinMicros == other.MinMicros && MaxMicros == other.MaxMicros
        && Buckets().SequenceEqual(other.Buckets());

    /// <summary>HdrHistogram's compressed encoding (V2, deflated), base64 — what <c>.hlog</c> lines carry.</summary>
    public string? ToCompressedBase64() => _hdr is null ? null : HdrEncoding.ToCompressedBase64(_hdr);

    internal static LatencyHistogram FromParts(long highest, string? compressed, long count, long sum, long min, long max)
    {
        var h = new LatencyHistogram(Math.Max(2, highest));
        if (compressed is null) return h;
        var decoded = HdrEncoding.FromCompressedBase64(compressed, h.HighestTrackableMicros);
        if (decoded.TotalCount != count)
            throw new FormatException($"histogram holds {decoded.TotalCount} values but its count says {count}");
        h.HighestTrackableMicros = Math.Max(h.HighestTrackableMicros, decoded.HighestTrackableValue);
        h.Digits = decoded.NumberOfSignificantValueDigits;
        h._hdr = Create(h.HighestTrackableMicros, h.Digits);
        h._hdr.Add(decoded);
        h.Count = count;
        h.SumMicros = sum;
        if (count > 0) { h._min = min; h._max = max; }
        return h;
    }
}

/// <summary>One histogram bucket: values in [LowerMicros, LowerMicros + WidthMicros).</summary>
public readonly record struct HistogramBucket(long LowerMicros, long WidthMicros, long Count);
