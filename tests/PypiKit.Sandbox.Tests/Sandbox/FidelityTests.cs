using System.Net.Http.Headers;
using System.Text;
using PypiKit.Sandbox.Auth;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>
/// <c>--fidelity pypiserver</c> pays pypiserver's costs on every request (a hash check, a directory listing), fast mode
/// pays them once; each response says which mode answered.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FidelityTests
{
    [Theory]
    [InlineData(SandboxFidelity.Fast, "fast", 1, 1)]
    [InlineData(SandboxFidelity.Pypiserver, "pypiserver", 6, 6)]
    public async Task Hash_checks_and_listings_per_request_follow_the_fidelity(SandboxFidelity fidelity, string header, long hashChecks, long scans)
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-fidelity-");
        var dir = temp.Path;
        var htpasswd = Path.Combine(dir, "htpasswd");
        HtpasswdFile.SetUser(htpasswd, "alice", "right", cost: 4);
        var packages = Directory.CreateDirectory(Path.Combine(dir, "packages")).FullName;
        File.SetLastWriteTimeUtc(packages, DateTime.UtcNow.AddMinutes(-5)); // an old, settled directory: fast mode may reuse its listing
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions
        {
            PackagesDirectory = packages, PasswordFile = htpasswd, Authenticate = AuthActions.List, Workers = 2, Fidelity = fidelity,
        }, ct);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:right")));
        var scansBefore = server.Store.Scans;
        for (int i = 0; i < 6; i++)
        {
            using var r = await http.GetAsync(server.Url + "simple/", ct);
            r.EnsureSuccessStatusCode();
            Assert.Equal(header, r.Headers.GetValues(SandboxServer.FidelityHeader).Single());
        }
        Assert.Equal(hashChecks, server.Authenticator!.Stats.HashChecks.Values.Sum());
        Assert.Equal(scans, server.Store.Scans - scansBefore);
    }

    [Fact]
    public void Pypiserver_fidelity_needs_bounded_workers()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new SandboxServerOptions { PackagesDirectory = "p", Workers = 0, Fidelity = SandboxFidelity.Pypiserver }.Validate());
        Assert.StartsWith("workers:", ex.Message);
    }

    [Fact]
    public void Cluster_instances_get_the_cluster_fidelity() =>
        Assert.Equal(SandboxFidelity.Pypiserver, new SandboxClusterOptions { Fidelity = SandboxFidelity.Pypiserver }.InstanceOptions("i", "d", null).Fidelity);
}
