using System.Diagnostics;
using PypiKit.Packages;
using PypiKit.Sandbox.Balancer;

namespace PypiKit.Sandbox.Tests.Sandbox;

[Trait("Category", "Slow")]
public class FaultTests
{
    [Fact]
    public async Task Fifty_concurrent_uploads_of_one_file_store_it_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 4, Workers = 8 }, ct);
        var wheel = WheelBuilder.Build(new WheelSpec("race", "1.0.0", 256 * 1024, 11));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        using var client = cluster.CreateUploadClient(http);
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 50).Select(async _ =>
        {
            await start.WaitAsync(ct);
            return await client.UploadAsync(wheel.FileName, wheel.Content, ct: ct);
        }).ToList();
        start.Release(50);
        var results = await Task.WhenAll(tasks);
        var codes = results.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Current.TestOutputHelper?.WriteLine("status counts: " + string.Join(", ", codes.Select(c => $"{c.Key}×{c.Value}")) +
            "; instances that stored: " + string.Join(",", results.Where(r => r.Success).Select(r => r.Instance)));
        Assert.Single(results, r => r.Success);
        Assert.All(results.Where(r => !r.Success), r => Assert.True(r.AlreadyExists, $"{r.StatusCode} {r.Body}"));
        var files = Directory.GetFileSystemEntries(cluster.PackagesDirectory);
        var stored = Assert.Single(files);
        Assert.Equal(wheel.Content, await File.ReadAllBytesAsync(stored, ct));
    }

    [Fact]
    public async Task Killing_one_of_four_instances_stops_routing_to_it_after_two_failed_checks()
    {
        var ct = TestContext.Current.CancellationToken;
        var interval = TimeSpan.FromMilliseconds(500);
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = 4,
            ReplaceDeadInstances = false, // this test watches detection alone (replacement: SelfHealingTests)
            Balancer = new BalancerOptions { HealthCheck = new HealthCheckOptions { Interval = interval, Timeout = TimeSpan.FromMilliseconds(400) } },
        }, ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 });
        http.DefaultRequestHeaders.Authorization = cluster.Credentials!.ToHeader();
        long ok = 0, failed = 0, afterUnhealthyToVictim = 0;
        var failures = new List<(TimeSpan At, string What)>();
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;
        TargetStats Victim() => cluster.GetStats().Targets.Single(t => t.Name == "sandbox-2");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var r = await http.GetAsync(cluster.IndexUrl, stop.Token);
                    if (r.IsSuccessStatusCode) Interlocked.Increment(ref ok);
                    else { Interlocked.Increment(ref failed); lock (failures) failures.Add((clock.Elapsed, $"{(int)r.StatusCode}")); }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
                catch (HttpRequestException ex) { Interlocked.Increment(ref failed); lock (failures) failures.Add((clock.Elapsed, ex.Message)); }
            }
        }).ToList();

        await Task.Delay(1000, ct);
        var victimBefore = Victim().Requests;
        killedAt = clock.Elapsed;
        await cluster.KillInstanceAsync("sandbox-2");
        // wait (bounded) for the balancer to mark it unhealthy
        for (int i = 0; i < 100 && Victim().State != TargetState.Unhealthy; i++) await Task.Delay(50, ct);
        var markedAt = clock.Elapsed;
        await Task.Delay(100, ct); // a request that picked the target just before the change has counted itself by now
        var requestsAtMark = Victim().Requests;
        await Task.Delay(1500, ct); // traffic continues on the other three
        afterUnhealthyToVictim = Victim().Requests - requestsAtMark;
        stop.Cancel();
        await Task.WhenAll(workers);

        var stats = cluster.GetStats();
        var victim = stats.Targets.Single(t => t.Name == "sandbox-2");
        var change = stats.StateChanges.First(c => c.Target == "sandbox-2");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"killed at {killedAt.Value.TotalMilliseconds:0} ms, marked unhealthy after {(markedAt - killedAt.Value).TotalMilliseconds:0} ms " +
            $"(interval {interval.TotalMilliseconds:0} ms, threshold 2, reason '{change.Reason}'); requests ok {ok}, failed {failed} " +
            $"({(double)failed / Math.Max(1, ok + failed):P2}); routed to the dead target after marking: {afterUnhealthyToVictim}; " +
            $"health checks failed on it: {victim.HealthChecksFailed}; requests it served before the kill: {victimBefore}");
        Assert.Equal(TargetState.Unhealthy, victim.State);
        Assert.Equal(TargetState.Healthy, change.From);
        Assert.Equal(0, afterUnhealthyToVictim);
        Assert.True(victim.HealthChecksFailed >= 2);
        var flaps = stats.StateChanges.Count(c => c.Target != "sandbox-2");
        TestContext.Current.TestOutputHelper?.WriteLine($"state changes of the surviving targets (health-check timeouts under load): {flaps}");
        Assert.True(ok > 0);
        Assert.True(victimBefore > 0);
        Assert.All(failures, f => Assert.True(f.At >= killedAt.Value, $"failure before the kill: {f.What}"));
    }

    [Fact]
    public async Task Stickiness_pins_a_cookie_holder_to_one_target()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = 3, Balancer = new BalancerOptions { Stickiness = true },
        }, ct);
        var jar = new System.Net.CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, UseCookies = true });
        http.DefaultRequestHeaders.Authorization = cluster.Credentials!.ToHeader();
        var seen = new HashSet<string>();
        for (int i = 0; i < 12; i++)
        {
            using var r = await http.GetAsync(cluster.IndexUrl, ct);
            seen.Add(r.Headers.GetValues("X-PypiKit-Instance").Single());
        }
        Assert.Single(seen);
    }
}
