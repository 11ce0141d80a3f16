using PypiKit.Json;
using PypiKit.Sandbox.Balancer;

namespace PypiKit.Sandbox.Tests.Balancer;

/// <summary>#20 item 6: a killed instance is replaced, capacity returns, and passive ejection keeps the errors to a handful.</summary>
[Trait("Category", "Slow")]
public class SelfHealingTests
{
    [Fact]
    public async Task A_killed_instance_is_replaced_and_clients_meet_it_at_most_once_each()
    {
        var ct = TestContext.Current.CancellationToken;
        const int instances = 4, clients = 8;
        var hc = new HealthCheckOptions { Interval = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromMilliseconds(400) };
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = instances, Workers = 8, Balancer = new BalancerOptions { HealthCheck = hc },
        }, ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = cluster.Credentials!.ToHeader();
        long ok = 0, failed = 0, failedBeforeKill = 0, killed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        TargetStats Victim() => cluster.GetStats().Targets.Single(t => t.Name == "sandbox-2");

        // bounded load on loopback: `clients` loops, one request in flight each
        var load = Enumerable.Range(0, clients).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var r = await http.GetAsync(cluster.IndexUrl, stop.Token);
                    if (r.IsSuccessStatusCode) Interlocked.Increment(ref ok);
                    else Fail();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
                catch (HttpRequestException) { Fail(); }
            }
        }).ToList();
        void Fail()
        {
            Interlocked.Increment(ref failed);
            if (Interlocked.Read(ref killed) == 0) Interlocked.Increment(ref failedBeforeKill);
        }

        for (int i = 0; i < 200 && Victim().Requests < 50; i++) await Task.Delay(20, ct);
        var servedBeforeKill = Victim().Requests;
        var victimPid = cluster.Instances.Single(i => i.Name == "sandbox-2");
        Interlocked.Exchange(ref killed, 1);
        await cluster.KillInstanceAsync("sandbox-2");

        // bounded wait for the replacement to pass its health checks (healthy threshold × interval after it starts)
        for (int i = 0; i < 600 && !(Victim().Restarts == 1 && Victim().State == TargetState.Healthy); i++) await Task.Delay(50, ct);
        var atRecovery = Victim().Requests;
        for (int i = 0; i < 200 && Victim().Requests < atRecovery + 20; i++) await Task.Delay(20, ct);
        stop.Cancel();
        await Task.WhenAll(load);

        var stats = cluster.GetStats();
        var victim = stats.Targets.Single(t => t.Name == "sandbox-2");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"ok {ok}, failed {failed}; victim served {servedBeforeKill} before the kill, {victim.Requests - atRecovery} after recovery; " +
            "changes: " + string.Join(" | ", stats.StateChanges.Where(c => c.Target == "sandbox-2").Select(c => $"{c.From}->{c.To} {c.Reason}")));

        Assert.Equal(0, failedBeforeKill);
        Assert.Equal(1, victim.Restarts);
        Assert.Empty(cluster.ReplacementErrors);
        Assert.NotSame(victimPid, cluster.Instances.Single(i => i.Name == "sandbox-2"));
        // capacity returns to N: every target healthy, and the replacement takes traffic again
        Assert.All(stats.Targets, t => Assert.Equal(TargetState.Healthy, t.State));
        Assert.Equal(instances, stats.Targets.Count);
        Assert.True(victim.Requests >= atRecovery + 20, $"the replacement served {victim.Requests - atRecovery} requests");
        // The bound, by counting: the first failed connection ejects the target before that failure reaches its client, and
        // the replacement gets traffic only after passing health checks, so each client loop (one request in flight)
        // meets the dead target at most once: failures ≤ clients. Without ejection every request routed to it during
        // detection (UnhealthyThreshold × interval, about a quarter of all requests then) would fail.
        Assert.InRange(failed, 0, clients);
        Assert.True(ok > 20 * failed, $"ok {ok}, failed {failed}");

        // the restart count is in /_sandbox/stats as served
        var served = PypiKitJson.Deserialize<BalancerStats>(await http.GetStringAsync(cluster.Url + "_sandbox/stats", ct));
        Assert.Equal(1, served.Targets.Single(t => t.Name == "sandbox-2").Restarts);
    }
}
