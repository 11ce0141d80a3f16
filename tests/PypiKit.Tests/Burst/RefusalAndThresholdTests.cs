using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

/// <summary>Refused credentials stop a run early; thresholds need successes and show their units.</summary>
[Trait("Category", "Slow")]
public class RefusalAndThresholdTests
{
    [Fact]
    public async Task Repeated_401_answers_stop_the_run_early_and_say_to_check_the_credentials()
    {
        await using var server = await FreezeServer.StartAsync();
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url, User = "ci", Password = "wrong",
            Profile = new BurstProfile
            {
                Name = "refused", Executor = ExecutorKind.ConstantArrivalRate, Rate = 100, Connections = 4, DurationSeconds = 20,
                Mix = WorkloadMix.GetOnly, Path = "/private", Thresholds = ["p95 < 15s", "error_rate < 5%"],
            },
        }, null, TestContext.Current.CancellationToken);
        Assert.Equal(StopReasons.Unauthorized, r.StopReason);
        Assert.InRange(r.TotalRequests, BurstEngine.RefusalsToStop, 50); // 20 s at 100/s would have been 2,000
        Assert.True(r.DurationSeconds < 10, $"ran {r.DurationSeconds} s");
        Assert.Equal(r.TotalRequests, r.StatusCodeCounts["401"]);
        Assert.Contains("check --user", StopReasons.Describe(r.StopReason));
        Assert.Contains("credentials", MarkdownBurstReport.Render(r));
        // No request succeeded: the latency criterion fails rather than passing on an empty histogram.
        var p95 = r.Thresholds.Single(t => t.Expression == "p95 < 15s");
        Assert.False(p95.Passed);
        Assert.Equal("no successful request", p95.MeasuredText);
        Assert.False(r.ThresholdsPassed);
    }

    [Fact]
    public void A_success_between_refusals_resets_the_streak()
    {
        var tally = new BurstTally();
        using var engine = new BurstEngine(new BurstOptions { Target = new Uri("http://127.0.0.1:1/"), Profile = BurstProfiles.Get("light_load-local") });
        for (var i = 0; i < 3 * BurstEngine.RefusalsToStop; i++) engine.NoteStatus(i % 5 == 4 ? 200 : 403, success: i % 5 == 4);
        Assert.False(engine.Refused);
        for (var i = 0; i < BurstEngine.RefusalsToStop; i++) engine.NoteStatus(401, success: false);
        Assert.True(engine.Refused);
        Assert.True(engine.Stopping);
        Assert.Equal(0, tally.Total.Count);
    }

    [Theory]
    [InlineData("p95 < 15s", 1234.5, "1.235 s")]
    [InlineData("p95 < 800", 640.25, "640.25 ms")]
    [InlineData("p99(list) < 2000ms", 12.5, "12.5 ms")]
    [InlineData("error_rate < 5%", 0.0125, "1.25 %")]
    [InlineData("error_rate < 0.05", 0.0125, "0.0125 (fraction)")]
    [InlineData("rps > 5", 7.123, "7.12 req/s")]
    [InlineData("count(5xx) == 0", 3, "3")]
    public void The_measured_value_is_shown_in_the_unit_the_threshold_was_written_in(string expression, double measured, string shown) =>
        Assert.Equal(shown, Threshold.Parse(expression).FormatMeasured(measured));
}
