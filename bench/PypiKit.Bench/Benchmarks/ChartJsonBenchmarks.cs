using BenchmarkDotNet.Attributes;
using Plotly.NET;
using PypiKit.Charts;
using PypiKit.Sizing;
using PypiKit.Sizing.Reports;

namespace PypiKit.Bench.Benchmarks;

/// <summary>Plotly.NET charts to plotly JSON (what every HTML report and notebook cell pays per figure): serialising a
/// built chart, and building plus serialising the sizing report's sweep chart.</summary>
[MemoryDiagnoser]
public class ChartJsonBenchmarks
{
    private SweepResult _sweep = null!;
    private GenericChart _chart = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sweep = SizingSweep.Run(new SweepOptions
        {
            InstanceTypes = ["t3.small", "t3.medium", "c6a.large", "c6a.xlarge"], ContainerMemories = [256, 512, 1024], InstanceCount = 2,
        });
        _chart = SizingCharts.CostVsCapacity(_sweep, 15);
    }

    [Benchmark(Description = "Serialise a built chart")]
    public int Serialise() => ChartFacts.Json(_chart).Length;

    [Benchmark(Description = "Build + serialise the sweep chart")]
    public int BuildAndSerialise() => ChartFacts.Json(SizingCharts.CostVsCapacity(_sweep, 15)).Length;
}
