using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

/// <summary>
/// Coordinated omission, measured against a server that holds every response for 500 ms once every 5 s: the
/// open-model executor (latency from each request's intended start) must report wrk2's corrected figures
/// (p95 ≈ 277 ms, p99 ≈ 458 ms, within ±5 %), while a naive closed loop over the same server reports a p99 of a
/// few milliseconds.
/// </summary>
[Collection(TimingCollection.Name)]
[Trait("Category", "Slow")]
public class CoordinatedOmissionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Constant_arrival_rate_counts_the_stall_and_a_naive_closed_loop_hides_it()
    {
        await using var server = await FreezeServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        // Warm-up (JIT, thread pool, sockets), like wrk2's calibration second; not measured.
        server.FixedDelay = TimeSpan.Zero;
        await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "warm-up", Executor = ExecutorKind.ConstantArrivalRate, Rate = 2000, Connections = 50,
                DurationSeconds = 1.5, Mix = WorkloadMix.GetOnly, Path = "/delay",
            },
        }, null, ct);

        server.ResetClock();
        var open = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "co-open", Executor = ExecutorKind.ConstantArrivalRate, Rate = 2000, Connections = 50,
                DurationSeconds = 15, Mix = WorkloadMix.GetOnly, Path = "/",
            },
        }, null, ct);
        foreach (var s in open.PerSecond) output.WriteLine($"  t={s.Offset} n={s.Requests} p50={s.P50Ms} p99={s.P99Ms}");
        output.WriteLine($"sched: {open.SchedulerLateness}");
        output.WriteLine($"open: n={open.TotalRequests} rps={open.RequestsPerSecond} p50={open.Latency.P50} p90={open.Latency.P90} p95={open.Latency.P95} p99={open.Latency.P99} p99.9={open.Latency.P999} max={open.Latency.Max} late={open.LateSendFraction} service p99={open.ServiceTime.P99}");

        server.ResetClock();
        var closed = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "co-closed", Executor = ExecutorKind.ConstantVus, Connections = 50, DurationSeconds = 6,
                Mix = WorkloadMix.GetOnly, Path = "/",
            },
            MaxRequests = 300_000,
        }, null, ct);
        output.WriteLine($"closed: n={closed.TotalRequests} rps={closed.RequestsPerSecond} p50={closed.Latency.P50} p95={closed.Latency.P95} p99={closed.Latency.P99} max={closed.Latency.Max}");

        if (open.GeneratorLimited)
            Assert.Skip($"this machine was too busy to keep the schedule (generator-limited run: scheduler p99 {open.SchedulerLateness?.P99} ms); " +
                        $"measured p95 {open.Latency.P95} ms, p99 {open.Latency.P99} ms");
        Assert.Equal(0, open.FailedRequests);
        Assert.InRange(open.TotalRequests, 29_000, 30_000);
        Assert.InRange(open.Latency.P95, 277 * 0.95, 277 * 1.05);
        Assert.InRange(open.Latency.P99, 458 * 0.95, 458 * 1.05);
        // Generator health is measured (whether it is "limited" depends on how busy this machine is, so not asserted).
        Assert.True(open.SchedulerLateness is { Count: > 0 });
        // The naive loop sees the freeze only as a handful of slow samples: p99 stays tiny though max shows the stall.
        Assert.True(closed.Latency.P99 < 50, $"closed-loop p99 {closed.Latency.P99} ms");
        Assert.True(closed.Latency.Max > 400, $"closed-loop max {closed.Latency.Max} ms");
    }
}
