using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>The knobs that emulate the deployed system: gunicorn's worker queue, EFS metadata latency, least-outstanding routing.</summary>
[Trait("Category", "Slow")]
public class EmulationTests
{
    [Fact]
    public async Task Requests_beyond_the_worker_count_queue_and_each_listing_pays_the_storage_latency()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-emu-");
        var dir = temp.Path;
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions
        {
            PackagesDirectory = dir, Workers = 1, ScanLatencyMs = 150, ListingCache = false,
        }, ct);
        using var http = new HttpClient();
        var scansBefore = server.GetStats().Scans;
        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => http.GetAsync(server.Url + "simple/", ct)));
        Assert.All(replies, r => Assert.True(r.IsSuccessStatusCode));
        var stats = server.GetStats();
        TestContext.Current.TestOutputHelper?.WriteLine($"max queued {stats.MaxQueued}, scans {stats.Scans - scansBefore}");
        Assert.True(stats.MaxQueued >= 1, "with one worker and slow listings, concurrent requests must wait");
        Assert.Equal(5, stats.Scans - scansBefore); // strict simple-dir: one listing per request
        foreach (var r in replies) r.Dispose();
    }

    [Fact]
    public async Task Least_outstanding_requests_avoids_a_busy_target()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = 2, Authenticate = AuthActions.None, ScanLatencyMs = 800, ListingCache = false, Workers = 0,
            Balancer = new BalancerOptions { Algorithm = BalancingAlgorithm.LeastOutstandingRequests },
        }, ct);
        using var http = new HttpClient();
        // keep one slow listing in flight, then send quick ones (/health does not list): they must all go to the idle target
        var slow = http.GetAsync(cluster.IndexUrl, ct);
        List<string> busy = [];
        for (int i = 0; i < 100 && busy.Count == 0; i++)
        {
            await Task.Delay(20, ct);
            busy = cluster.GetStats().Targets.Where(t => t.Outstanding > 0).Select(t => t.Name).ToList();
        }
        var quick = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            using var r = await http.GetAsync(cluster.Url + "health", ct);
            quick.Add(r.Headers.GetValues("X-PypiKit-Instance").Single());
        }
        (await slow).Dispose();
        TestContext.Current.TestOutputHelper?.WriteLine($"busy: {string.Join(",", busy)}; quick requests went to: {string.Join(",", quick)}");
        var busyTarget = Assert.Single(busy);
        Assert.All(quick, q => Assert.NotEqual(busyTarget, q));
    }
}
