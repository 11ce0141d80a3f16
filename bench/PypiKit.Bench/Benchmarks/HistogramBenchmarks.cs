using BenchmarkDotNet.Attributes;
using PypiKit.Burst;

namespace PypiKit.Bench.Benchmarks;

/// <summary>Recording latencies into the burst's HdrHistogram wrapper (every request records one value), and merging
/// per-user histograms into a result.</summary>
[MemoryDiagnoser]
public class HistogramBenchmarks
{
    /// <summary>Values recorded per invocation.</summary>
    public const int Values = 100_000;

    private long[] _micros = null!;
    private LatencyHistogram _full = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        // a log-normal spread around 30 ms with a tail to seconds, as a loaded server answers
        _micros = Enumerable.Range(0, Values)
            .Select(_ => (long)(30_000 * Math.Exp(0.9 * Gauss(rng))))
            .ToArray();
        _full = new LatencyHistogram();
        foreach (var m in _micros) _full.Record(m);
    }

    private static double Gauss(Random r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Benchmark(Description = "Record 100k values", OperationsPerInvoke = Values)]
    public long Record()
    {
        var h = new LatencyHistogram();
        foreach (var m in _micros) h.Record(m);
        return h.Count;
    }

    [Benchmark(Description = "Merge a 100k-value histogram")]
    public long Merge()
    {
        var h = new LatencyHistogram();
        h.Merge(_full);
        return h.Count;
    }

    [Benchmark(Description = "p50/p95/p99 of a 100k-value histogram")]
    public long Percentiles() =>
        _full.ValueAtPercentile(50) + _full.ValueAtPercentile(95) + _full.ValueAtPercentile(99);
}
