using PypiKit.Burst;
using PypiKit.Sizing;

namespace PypiKit.Tests.Burst;

/// <summary>How a paced run is set beside the latency model: calibration on the burst level, warm-up left out.</summary>
[Trait("Category", "Slow")]
public class ModelComparisonTests
{
    private static async Task<BurstResult> PacedHistoryAsync(params BurstIteration[] iterations)
    {
        await using var server = await FreezeServer.StartAsync();
        var run = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "tiny", Executor = ExecutorKind.ConstantArrivalRate, Rate = 50, Connections = 2, DurationSeconds = 0.5,
                Mix = WorkloadMix.GetOnly, Path = "/delay",
            },
        }, null, TestContext.Current.CancellationToken);
        return run with { Bursts = [.. iterations] };
    }

    private static LatencyHistogram Latencies(int count, long fromMicros, long stepMicros)
    {
        var h = new LatencyHistogram();
        for (var i = 0; i < count; i++) h.Record(fromMicros + i * stepMicros);
        return h;
    }

    [Fact]
    public async Task The_service_time_is_fitted_to_the_burst_level_and_reproduces_its_throughput()
    {
        var result = await PacedHistoryAsync(
            new BurstIteration(0, true, 60, 180, 0, 0, 1.2) { Latency = Latencies(180, 40_000, 100) },
            new BurstIteration(1, false, 3, 9, 0, 5, 0.2) { Latency = Latencies(9, 20_000, 10) });
        var c = BurstModelComparison.Compare(result, workers: 16);

        var burst = c.Levels.Single(l => l.Concurrency == 60);
        Assert.Equal(180 / 1.2, burst.MeasuredThroughputRps, 3);
        Assert.Equal(burst.MeasuredThroughputRps, burst.PredictedThroughputRps, 1);
        Assert.Contains("60-client", c.Calibration);
        var model = LatencyModel.Predict(new LatencyModelInputs { Workers = 16, Clients = 3, ServiceTimeSeconds = c.ServiceTimeSeconds });
        Assert.Equal(Math.Round(model.ThroughputRps, 3), c.Levels.Single(l => l.Concurrency == 3).PredictedThroughputRps);
    }

    [Fact]
    public async Task The_cold_first_burst_is_left_out_only_when_a_later_burst_ran_at_the_same_level()
    {
        var cold = new BurstIteration(0, true, 60, 180, 0, 0, 3.0) { Latency = Latencies(180, 400_000, 1000) };
        var warm = new BurstIteration(2, true, 60, 180, 0, 10, 1.0) { Latency = Latencies(180, 40_000, 100) };
        var normal = new BurstIteration(1, false, 3, 9, 0, 5, 0.2) { Latency = Latencies(9, 20_000, 10) };

        var both = BurstModelComparison.Compare(await PacedHistoryAsync(cold, normal, warm), workers: 16, excludeWarmUp: true);
        var level = both.Levels.Single(l => l.Concurrency == 60);
        Assert.Equal(1, level.Iterations);
        Assert.Equal(180.0, level.MeasuredThroughputRps, 3);

        var kept = BurstModelComparison.Compare(await PacedHistoryAsync(cold, normal, warm), workers: 16);
        Assert.Equal(2, kept.Levels.Single(l => l.Concurrency == 60).Iterations);

        var onlyCold = BurstModelComparison.Compare(await PacedHistoryAsync(cold, normal), workers: 16, excludeWarmUp: true);
        Assert.Equal(1, onlyCold.Levels.Single(l => l.Concurrency == 60).Iterations);
    }
}
