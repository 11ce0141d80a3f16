using PypiKit.Packages;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>
/// Upload through the balancer, then list the project through every instance 40 times (pypiserver issue #449's check).
/// simple-dir must be fresh everywhere; cached-dir on "NFS" (no watcher) serves stale listings from the instances that
/// did not take the upload.
/// </summary>
[Trait("Category", "Slow")]
public class ConsistencyTests
{
    private const int Reads = 40;

    private static async Task<(int Fresh, int Total, Dictionary<string, int> PerInstance)> UploadThenReadEverywhereAsync(SandboxCluster cluster, CancellationToken ct)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = cluster.Credentials!.ToHeader();
        // every instance has listed once already (the cluster's warm-up), so cached-dir indexes exist before these uploads
        var old = WheelBuilder.Build(new WheelSpec("coherence", "1.0.0", 1024, 1));
        using var upload = cluster.CreateUploadClient();
        Assert.True((await upload.UploadAsync(old.FileName, old.Content, ct: ct)).Success);
        foreach (var inst in cluster.Instances)
            for (int i = 0; i < 3; i++)
                (await http.GetAsync(inst.Url + "simple/coherence/", ct)).Dispose();

        var fresh = WheelBuilder.Build(new WheelSpec("coherence", "2.0.0", 1024, 2));
        var r = await upload.UploadAsync(fresh.FileName, fresh.Content, ct: ct);
        Assert.True(r.Success, r.Body);

        var per = new Dictionary<string, int>();
        int ok = 0, total = 0;
        foreach (var inst in cluster.Instances)
        {
            per[inst.Name] = 0;
            for (int i = 0; i < Reads; i++)
            {
                using var resp = await http.GetAsync(inst.Url + "simple/coherence/", ct);
                var body = await resp.Content.ReadAsStringAsync(ct); // a stale index may not know the project at all (404)
                total++;
                if (body.Contains(fresh.FileName, StringComparison.Ordinal)) { ok++; per[inst.Name]++; }
            }
        }
        return (ok, total, per);
    }

    [Fact]
    public async Task Simple_dir_is_fresh_on_every_instance()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 4, Backend = SandboxBackend.SimpleDir }, ct);
        var (fresh, total, per) = await UploadThenReadEverywhereAsync(cluster, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"simple-dir: fresh {fresh}/{total} ({string.Join(", ", per.Select(p => $"{p.Key} {p.Value}/{Reads}"))})");
        Assert.All(per, p => Assert.Equal(Reads, p.Value));
    }

    [Fact]
    public async Task Cached_dir_on_nfs_serves_stale_listings()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = 4, Backend = SandboxBackend.CachedDir, SharedStorage = SharedStorage.Nfs,
        }, ct);
        var (fresh, total, per) = await UploadThenReadEverywhereAsync(cluster, ct);
        double stale = 1 - (double)fresh / total;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"cached-dir + nfs: fresh {fresh}/{total}, stale ratio {stale:P0} ({string.Join(", ", per.Select(p => $"{p.Key} {p.Value}/{Reads}"))})");
        // only the instance that took the upload invalidated its own index
        Assert.Equal(1, per.Count(p => p.Value == Reads));
        Assert.Equal(3, per.Count(p => p.Value == 0));
    }

    [Fact]
    public async Task Cached_dir_on_local_disk_is_kept_fresh_by_its_watcher()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = 2, Backend = SandboxBackend.CachedDir, SharedStorage = SharedStorage.Local,
        }, ct);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = cluster.Credentials!.ToHeader();
        foreach (var inst in cluster.Instances) (await http.GetAsync(inst.Url + "simple/", ct)).Dispose();
        await WheelBuilder.WriteAsync(new WheelSpec("dropped-in", "1.0", 1024), cluster.PackagesDirectory, ct); // behind the servers' backs
        foreach (var inst in cluster.Instances)
        {
            string body = "";
            for (int i = 0; i < 50 && !body.Contains("dropped-in"); i++)
            {
                body = await http.GetStringAsync(inst.Url + "simple/", ct);
                if (!body.Contains("dropped-in")) await Task.Delay(100, ct);
            }
            Assert.Contains("dropped-in", body);
        }
    }
}
