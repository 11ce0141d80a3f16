using PypiKit.Burst;
using PypiKit.Sizing.Model;

namespace PypiKit.Tests.Burst;

/// <summary>How a paced run is set beside the latency model: each level predicted from a given demand, warm-up left out.</summary>
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

    private static readonly BurstModelInputs Sixteen = new()
    {
        Clients = 1, Tasks = 4, WorkersPerTask = 4, VcpusPerHost = 8, Demand = ServiceDemand.FromMeasured(0.03, 0.004, 0.2),
    };

    [Fact]
    public async Task Each_level_is_predicted_from_the_given_demand_and_nothing_is_fitted_to_the_run()
    {
        var result = await PacedHistoryAsync(
            new BurstIteration(0, true, 60, 180, 0, 0, 1.2) { Latency = Latencies(180, 40_000, 100) },
            new BurstIteration(1, false, 3, 9, 0, 5, 0.2) { Latency = Latencies(9, 20_000, 10) });
        var c = BurstModelComparison.Compare(result, Sixteen, "a probe");

        Assert.Equal(16, c.Workers);
        Assert.Equal(8, c.Cores);
        Assert.Equal(0.03, c.ServiceTimeSeconds);
        Assert.Equal("K = 16 workers on C = 8 cores, S = 30 ms (a probe)", c.Describe());
        var burst = c.Levels.Single(l => l.Concurrency == 60);
        Assert.Equal(180 / 1.2, burst.MeasuredThroughputRps, 3);
        // 60 clients × 3 requests each start together: the model's completion time, not the run's, sets the prediction
        var p = BurstModel.Predict(Sixteen with { Clients = 60, RequestsPerClient = 3 });
        Assert.Equal(Math.Round(180 / p.BurstCompletionSeconds, 3), burst.PredictedThroughputRps);
        Assert.Equal(Math.Round(p.P95LatencySeconds * 1000, 3), burst.PredictedP95Ms);
        // another run with other measurements leaves every prediction as it was: the run is not an input
        var other = BurstModelComparison.Compare(await PacedHistoryAsync(
            new BurstIteration(0, true, 60, 180, 0, 0, 9.0) { Latency = Latencies(180, 900_000, 100) },
            new BurstIteration(1, false, 3, 9, 0, 5, 2.0) { Latency = Latencies(9, 200_000, 10) }), Sixteen, "a probe");
        Assert.Equal(c.Levels.Select(l => l.PredictedThroughputRps), other.Levels.Select(l => l.PredictedThroughputRps));
        Assert.NotEqual(c.Levels.Select(l => l.MeasuredThroughputRps), other.Levels.Select(l => l.MeasuredThroughputRps));
        // the 0.2 s iterations are too short for a steady state, and the comparison says so; the 1.2 s ones are not
        var note = Assert.Single(c.Notes);
        Assert.StartsWith("the 3-client iterations completed in 0.2 s on average", note);
    }

    [Fact]
    public async Task The_cold_first_burst_is_left_out_only_when_a_later_burst_ran_at_the_same_level()
    {
        var cold = new BurstIteration(0, true, 60, 180, 0, 0, 3.0) { Latency = Latencies(180, 400_000, 1000) };
        var warm = new BurstIteration(2, true, 60, 180, 0, 10, 1.0) { Latency = Latencies(180, 40_000, 100) };
        var normal = new BurstIteration(1, false, 3, 9, 0, 5, 0.2) { Latency = Latencies(9, 20_000, 10) };

        var both = BurstModelComparison.Compare(await PacedHistoryAsync(cold, normal, warm), Sixteen, "a probe", excludeWarmUp: true);
        var level = both.Levels.Single(l => l.Concurrency == 60);
        Assert.Equal(1, level.Iterations);
        Assert.Equal(180.0, level.MeasuredThroughputRps, 3);

        var kept = BurstModelComparison.Compare(await PacedHistoryAsync(cold, normal, warm), Sixteen, "a probe");
        Assert.Equal(2, kept.Levels.Single(l => l.Concurrency == 60).Iterations);

        var onlyCold = BurstModelComparison.Compare(await PacedHistoryAsync(cold, normal), Sixteen, "a probe", excludeWarmUp: true);
        Assert.Equal(1, onlyCold.Levels.Single(l => l.Concurrency == 60).Iterations);
    }
}
