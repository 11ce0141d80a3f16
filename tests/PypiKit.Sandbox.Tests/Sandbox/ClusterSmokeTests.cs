using System.Net;
using System.Net.Http.Headers;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Tests.Sandbox;

[Trait("Category", "Slow")]
public class ClusterSmokeTests
{
    [Fact]
    public async Task Upload_then_list_through_the_balancer_with_round_robin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 2 }, ct);
        Assert.Equal(2, cluster.Instances.Count);
        Assert.NotNull(cluster.Credentials);

        using var upload = cluster.CreateUploadClient();
        foreach (var v in new[] { "1.0.0", "1.1.0" })
        {
            var wheel = WheelBuilder.Build(new WheelSpec("Demo_Pkg", v, 2048, 7));
            var r = await upload.UploadAsync(wheel.FileName, wheel.Content, ct: ct);
            Assert.True(r.Success, $"{r.StatusCode} {r.Body}");
        }

        using var index = cluster.CreateIndexClient();
        var root = await index.GetIndexAsync(ct);
        Assert.Contains("demo-pkg", root.Projects);
        var page = await index.GetProjectAsync("Demo_Pkg", ct); // 301 to demo-pkg, followed with auth kept
        Assert.NotNull(page);
        Assert.Equal("json", page.Format);
        Assert.Equal(["demo_pkg-1.0.0-py3-none-any.whl", "demo_pkg-1.1.0-py3-none-any.whl"], page.Files.Select(f => f.FileName));
        var bytes = await index.DownloadAsync(page.Files[0], ct);
        Assert.Equal(WheelBuilder.Build(new WheelSpec("Demo_Pkg", "1.0.0", 2048, 7)).Sha256, page.Files[0].Sha256);
        Assert.Equal(page.Files[0].Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));

        using var html = new SimpleIndexClient(cluster.IndexUrl, cluster.Credentials) { Format = SimpleIndexFormat.Html };
        var hp = await html.GetProjectAsync("demo-pkg", ct);
        Assert.Equal("html", hp!.Format);
        Assert.Equal(page.Files.Select(f => f.Sha256), hp.Files.Select(f => f.Sha256));

        // round robin: consecutive requests alternate between the two instances
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = cluster.Credentials!.ToHeader();
        var seen = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            using var resp = await http.GetAsync(cluster.IndexUrl, ct);
            Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
            seen.Add(resp.Headers.GetValues("X-PypiKit-Instance").Single());
        }
        Assert.Equal(3, seen.Count(s => s == "sandbox-1"));
        Assert.Equal(3, seen.Count(s => s == "sandbox-2"));
        Assert.All(seen.Zip(seen.Skip(1)), p => Assert.NotEqual(p.First, p.Second));

        var stats = cluster.GetStats();
        Assert.Equal(2, stats.Targets.Count);
        Assert.All(stats.Targets, t => Assert.True(t.Requests >= 3));
    }

    [Fact]
    public async Task Missing_credentials_get_401_and_wrong_ones_403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 1 }, ct);
        using var http = new HttpClient();
        using (var r = await http.GetAsync(cluster.IndexUrl, ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("Basic realm=\"pypi\"", r.Headers.WwwAuthenticate.ToString());
        }
        using (var req = new HttpRequestMessage(HttpMethod.Get, cluster.IndexUrl))
        {
            req.Headers.Authorization = new PypiCredentials(cluster.Credentials!.User, "wrong").ToHeader();
            using var r = await http.SendAsync(req, ct);
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        using (var r = await http.GetAsync(cluster.Url + "health", ct))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("Ok", await r.Content.ReadAsStringAsync(ct));
        }
        using var bad = new UploadClient(cluster.Url, new PypiCredentials(cluster.Credentials!.User, "nope"));
        var wheel = WheelBuilder.Build(new WheelSpec("x", "1.0", 1024));
        var up = await bad.UploadAsync(wheel.FileName, wheel.Content, ct: ct);
        Assert.Equal(403, up.StatusCode);
        Assert.Empty(Directory.GetFiles(cluster.PackagesDirectory));
    }
}
