using BenchmarkDotNet.Attributes;
using PypiKit.Sizing;

namespace PypiKit.Bench.Benchmarks;

/// <summary>The latency model's exact product-form solve: one prediction, and the 1–200 client curve the sizing
/// report and the lab's model comparison draw.</summary>
[MemoryDiagnoser]
public class LatencyModelBenchmarks
{
    private LatencyModelInputs _inputs = null!;
    private readonly int[] _clients = Enumerable.Range(1, 200).ToArray();

    [GlobalSetup]
    public void Setup()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "c6a.xlarge", InstanceCount = 2 });
        _inputs = LatencyModelInputs.FromPlan(plan, clients: 100, serviceTimeSeconds: 0.05, thinkTimeSeconds: 0.5);
    }

    [Benchmark(Description = "Predict, 100 clients")]
    public LatencyPrediction Predict() => LatencyModel.Predict(_inputs);

    [Benchmark(Description = "PredictRange, 1..200 clients")]
    public int PredictRange() => LatencyModel.PredictRange(_inputs, _clients).Count;
}
