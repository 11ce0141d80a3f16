using BenchmarkDotNet.Attributes;
using PypiKit.Incidents;
using PypiKit.Incidents.Datasets;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Bench.Benchmarks;

/// <summary>The ALB fast path over a seeded synthetic log held in memory (so the figure is parsing, not the disk):
/// counts only, and the full aggregation (per-client-minute and per-minute latency).</summary>
[MemoryDiagnoser]
public class AlbAggregationBenchmarks
{
    /// <summary>Size of the generated log.</summary>
    public const long LogBytes = 32_000_000;

    private byte[] _log = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pypikit-bench-alb-{Environment.ProcessId}.log");
        try
        {
            SyntheticAlbLog.Write(path, LogBytes, seed: 42);
            _log = File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private long Aggregate(AlbAggregationOptions options)
    {
        var aggregator = new AlbTrafficAggregator(options);
        using var stream = new MemoryStream(_log, writable: false);
        aggregator.AddStream(stream, new ParseDiagnostics("bench.log", "alb"));
        return aggregator.ToSummary().Requests;
    }

    [Benchmark(Description = "32 MB log, counts")]
    public long Counts() => Aggregate(AlbAggregationOptions.Counts);

    [Benchmark(Description = "32 MB log, full", Baseline = true)]
    public long Full() => Aggregate(AlbAggregationOptions.Full);
}
