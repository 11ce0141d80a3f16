using System.Diagnostics;
using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

/// <summary>Hard time limits and the open model's schedule: a run ends on time whatever the server does; nothing is sent early.</summary>
[Trait("Category", "Slow")]
public class TimeLimitTests
{
    [Theory]
    [InlineData(ExecutorKind.ConstantArrivalRate)]
    [InlineData(ExecutorKind.ConstantVus)]
    [InlineData(ExecutorKind.PacedClosedLoop)]
    public async Task A_server_that_never_answers_cannot_stretch_the_run_past_its_duration_and_grace(ExecutorKind executor)
    {
        await using var server = new SilentServer();
        var profile = executor == ExecutorKind.PacedClosedLoop
            ? new BurstProfile { Name = "hung", Executor = executor, Clients = 3, PacingSeconds = 5, DurationSeconds = 2, Packages = 5, Mix = WorkloadMix.PipOnly }
            : new BurstProfile { Name = "hung", Executor = executor, Rate = 50, Connections = 4, DurationSeconds = 2, Mix = WorkloadMix.GetOnly, Path = "/x" };
        var clock = Stopwatch.StartNew();
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url, Profile = profile, RequestTimeout = TimeSpan.FromSeconds(60), StopGrace = TimeSpan.FromSeconds(1),
        }, null, TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.Equal(StopReasons.DurationLimit, r.StopReason);
        // The limit is duration + grace = 3 s; the request timeout (60 s) must not matter. Slack for a loaded machine.
        Assert.InRange(r.DurationSeconds, 2.9, 15);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the run took {clock.Elapsed.TotalSeconds:0.0} s");
        // Every request was still in flight at the limit: each counts, as a timeout.
        Assert.True(r.TotalRequests > 0);
        Assert.Equal(r.TotalRequests, r.FailedRequests);
        Assert.Equal(r.TotalRequests, r.ErrorClasses["timeout"]);
        Assert.Contains("still in flight at the duration limit", r.ErrorSamples[0].ErrorDetail);
        var md = MarkdownBurstReport.Render(r);
        Assert.Contains("stopped at the duration limit", md);
    }

    [Fact]
    public async Task Waiting_for_a_due_time_never_returns_before_it()
    {
        var random = new Random(3);
        var ct = TestContext.Current.CancellationToken;
        var worstEarly = long.MaxValue;
        for (var i = 0; i < 300; i++)
        {
            // Due times from 20 µs to 3 ms ahead: below, around and above the timer's 1 ms granularity.
            var due = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * (20e-6 + random.NextDouble() * 3e-3));
            await BurstExecutors.WaitUntilAsync(due, ct);
            worstEarly = Math.Min(worstEarly, Stopwatch.GetTimestamp() - due);
        }
        Assert.True(worstEarly >= 0, $"returned {worstEarly} ticks before the due time");
    }

    [Fact]
    public async Task Against_a_fixed_delay_server_latency_from_the_intended_start_is_never_below_the_service_time()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(2);
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "fixed", Executor = ExecutorKind.ConstantArrivalRate, Rate = 400, Connections = 16, DurationSeconds = 2,
                Mix = WorkloadMix.GetOnly, Path = "/delay",
            },
        }, null, TestContext.Current.CancellationToken);
        Assert.Equal(0, r.FailedRequests);
        // Lateness is signed: a request sent before its time would make the minimum negative.
        Assert.True(r.SendLateness.Min >= 0, $"a request was sent {-r.SendLateness.Min} ms early");
        Assert.True(r.SchedulerLateness is { Count: > 0, Min: >= 0 }, $"scheduler woke early: {r.SchedulerLateness}");
        Assert.True(r.Latency.P50 >= r.ServiceTime.P50, $"p50 from intended start {r.Latency.P50} ms < p50 service time {r.ServiceTime.P50} ms");
        Assert.True(r.ServiceTime.P50 >= 2, $"service p50 {r.ServiceTime.P50} ms below the server's 2 ms hold");
    }
}
