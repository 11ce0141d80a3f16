using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

[Trait("Category", "Slow")]
public class MeasurementTests
{
    [Fact]
    public async Task Shards_together_send_the_whole_plan_and_merge_into_one_result()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(2);
        var profile = new BurstProfile
        {
            Name = "sharded", Executor = ExecutorKind.ConstantArrivalRate, Rate = 400, Connections = 8, DurationSeconds = 2,
            Mix = WorkloadMix.GetOnly, Path = "/delay", Thresholds = ["error_rate < 1%", "count(5xx) == 0"],
        };
        var ct = TestContext.Current.CancellationToken;
        var shards = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url, Profile = profile, Shard = new BurstShard(i, 2),
        }, null, ct)));
        Assert.All(shards, s => Assert.Equal(400, s.TotalRequests));
        using var temp = new TempDir("pypikit-burst-");
        var dir = temp.Path;
        var paths = shards.Select((s, i) => Path.Combine(dir, $"shard{i}.json")).ToArray();
        for (var i = 0; i < 2; i++) JsonBurstReport.Write(shards[i], paths[i]);
        var merged = BurstMerge.MergeFiles(paths);
        Assert.Equal(800, merged.TotalRequests);
        Assert.Equal(800, merged.Tally.Total.Latency.Count);
        Assert.Equal(["1/2", "2/2"], merged.Shards);
        var direct = new LatencyHistogram();
        foreach (var s in shards) direct.Merge(s.Tally.Total.Latency);
        Assert.True(direct.ContentEquals(merged.Tally.Total.Latency));
        Assert.Equal(merged.Tally.Seconds.Values.Sum(s => s.Count), merged.TotalRequests);
        Assert.True(merged.ThresholdsPassed);
    }

    [Fact]
    public async Task An_unreachable_target_fails_fast_with_a_clear_message()
    {
        var port = FreePort();
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => BurstRunner.RunAsync(new BurstOptions
        {
            Target = new Uri($"http://127.0.0.1:{port}/"), Profile = BurstProfiles.Get("light_load-local"),
        }, null, TestContext.Current.CancellationToken));
        Assert.Contains("unreachable", e.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_remote_target_needs_allow_remote()
    {
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => BurstRunner.RunAsync(new BurstOptions
        {
            Target = new Uri("http://192.0.2.1/"), Profile = BurstProfiles.Get("light_load"),
        }, null, TestContext.Current.CancellationToken));
        Assert.Contains("--allow-remote", e.Message);
    }

    [Fact]
    public async Task Cancelling_a_run_returns_what_completed()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(5);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(1.5));
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile { Name = "long", Executor = ExecutorKind.ConstantArrivalRate, Rate = 100, Connections = 4, DurationSeconds = 60, Mix = WorkloadMix.GetOnly, Path = "/delay" },
        }, null, cts.Token);
        Assert.Equal("cancelled", r.StopReason);
        Assert.InRange(r.TotalRequests, 50, 200);
        Assert.Equal(0, r.FailedRequests);
    }

    [Fact]
    public async Task The_request_budget_bounds_a_run()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.Zero;
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url, MaxRequests = 500,
            Profile = new BurstProfile { Name = "budget", Executor = ExecutorKind.ConstantVus, Connections = 4, DurationSeconds = 30, Mix = WorkloadMix.GetOnly, Path = "/delay" },
        }, null, TestContext.Current.CancellationToken);
        Assert.Equal("max_requests", r.StopReason);
        Assert.Equal(500, r.TotalRequests);
    }

    [Fact]
    public async Task A_slow_response_is_a_timeout_and_the_next_request_still_works()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(1500);
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url, RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRequests = 4,
            Profile = new BurstProfile { Name = "timeouts", Executor = ExecutorKind.ConstantVus, Connections = 2, DurationSeconds = 10, Mix = WorkloadMix.GetOnly, Path = "/delay" },
        }, null, TestContext.Current.CancellationToken);
        Assert.Equal(4, r.TotalRequests);
        Assert.Equal(4, r.ErrorClasses["timeout"]);
        Assert.InRange(r.FailureLatency.P50, 300, 700);
        Assert.Equal("timeout", r.ErrorSamples[0].Error);
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

[Collection(TimingCollection.Name)]
[Trait("Category", "Slow")]
public class LatencyAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_fixed_server_delay_is_reported_as_the_median_within_2_percent()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(500);
        var r = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "fixed-delay", Executor = ExecutorKind.ConstantVus, Connections = 10, DurationSeconds = 4,
                Mix = WorkloadMix.GetOnly, Path = "/delay",
            },
        }, null, TestContext.Current.CancellationToken);
        var holds = server.Holds.Order().ToArray();
        var serverMedian = holds[holds.Length / 2];
        output.WriteLine($"n={r.TotalRequests} p50={r.Latency.P50} p99={r.Latency.P99} min={r.Latency.Min}; server-side median hold {serverMedian:0.###} ms");
        Assert.Equal(0, r.FailedRequests);
        Assert.True(r.TotalRequests >= 50);
        // Within 2 % of the delay the server really applied (its own timer drifts when this machine is busy) …
        // (the lower bound allows the histogram's bucket resolution, ≤ 0.4 %)
        Assert.InRange(r.LatencyMedian, serverMedian * 0.99, serverMedian * 1.02);
        // … and that delay is the configured one, give or take the timer's millisecond granularity and load.
        Assert.InRange(serverMedian, 495, 530);
    }
}
