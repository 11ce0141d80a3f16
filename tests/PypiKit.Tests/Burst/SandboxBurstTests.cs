using PypiKit.Burst;
using PypiKit.Packages;
using PypiKit.Sandbox;
using PypiKit.Sandbox.Balancer;

namespace PypiKit.Tests.Burst;

/// <summary>A sandbox cluster (2 instances, round robin) holding 100 projects × 2 versions, shared by the tests of a class.</summary>
public sealed class BurstSandboxFixture : IAsyncLifetime
{
    public SandboxCluster Cluster { get; private set; } = null!;
    private readonly TempDir _corpusDir = new("pypikit-burst-corpus-");

    public async ValueTask InitializeAsync()
    {
        Cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 2, Workers = 8 }, TestContext.Current.CancellationToken);
        var corpus = await Corpus.GenerateAsync(new CorpusOptions { Versions = ["1.0.0", "2.0.0"], MinPayloadBytes = 1024, MaxPayloadBytes = 2048 },
            _corpusDir.Path, ct: TestContext.Current.CancellationToken);
        using var upload = Cluster.CreateUploadClient();
        var results = await Corpus.UploadAsync(corpus, upload, maxParallelism: 8, ct: TestContext.Current.CancellationToken);
        if (results.Any(r => !r.Success && !r.AlreadyExists))
            throw new InvalidOperationException("corpus upload failed: " + results.First(r => !r.Success).Body);
    }

    public BurstOptions Options(string profile, double duration) => new()
    {
        Target = new Uri(Cluster.Url),
        Profile = BurstProfiles.Get(profile),
        User = Cluster.Credentials!.User,
        Password = Cluster.Credentials.Password,
        DurationSeconds = duration,
    };

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _corpusDir.Dispose();
    }
}

/// <summary>The -local profiles against a real sandbox cluster: totals add up with the balancer's own counters.</summary>
[Trait("Category", "Slow")]
public class SandboxBurstTests(BurstSandboxFixture sandbox, ITestOutputHelper output) : IClassFixture<BurstSandboxFixture>
{
    [Theory]
    [InlineData("production_incident-local")]
    [InlineData("production_incident_with_uploads-local")]
    [InlineData("upload_storm-local")]
    [InlineData("light_load-local")]
    [InlineData("heavy_load-local")]
    public async Task Each_local_profile_runs_and_its_totals_match_the_servers_counters(string profile)
    {
        var before = sandbox.Cluster.GetStats();
        var filesBefore = Directory.GetFiles(sandbox.Cluster.PackagesDirectory, "*.whl").Length;
        // Shortened to 6 s (two paced iterations, the first a burst): the full profiles take 20–25 s each.
        var r = await BurstRunner.RunAsync(sandbox.Options(profile, 6), null, TestContext.Current.CancellationToken);
        var after = sandbox.Cluster.GetStats();
        var filesAfter = Directory.GetFiles(sandbox.Cluster.PackagesDirectory, "*.whl").Length;
        output.WriteLine($"{profile}: {r.TotalRequests} ops, {r.HttpRequests} HTTP, errors {r.FailedRequests}, p95 {r.LatencyP95} ms, " +
                         $"targets {string.Join(", ", r.Targets.Select(t => $"{t.Key} {t.Value.Count}"))}, files +{filesAfter - filesBefore}");

        Assert.Equal(0, r.FailedRequests);
        Assert.True(r.TotalRequests > 0);
        Assert.Equal(after.Requests - before.Requests, r.HttpRequests);
        var perTarget = after.Targets.ToDictionary(t => t.Name, t => t.Requests - before.Targets.First(b => b.Name == t.Name).Requests);
        foreach (var (name, t) in r.Targets) Assert.Equal(perTarget[name], t.HttpRequests);

        var p = BurstProfiles.Get(profile);
        // How many paced iterations fit in 6 s depends on the machine's speed (usually two: a burst, then a normal
        // one); every expectation below is derived from the iterations that actually ran, as the reference loop sizes them.
        Assert.NotEmpty(r.Bursts);
        Assert.Equal(p.BurstIntervalSeconds > 0, r.Bursts[0].IsBurst);
        var burstWorkers = (int)(p.Clients * (p.BurstIntervalSeconds > 0 ? p.BurstMultiplier : 1));
        foreach (var it in r.Bursts) Assert.Equal(it.IsBurst ? burstWorkers : p.Clients, it.Workers);
        var uploads = r.Operations.TryGetValue("upload_package", out var u) ? u.Count : 0;
        Assert.Equal(filesAfter - filesBefore, uploads);
        var expectedUploads = r.Bursts.Sum(it => (int)(it.Workers * p.UploadRatio));
        Assert.Equal(expectedUploads, uploads);
        var installs = r.Bursts.Sum(it => it.Workers) - expectedUploads;
        Assert.Equal(installs * 3 + expectedUploads, r.TotalRequests);
        Assert.Equal(installs * 4 + expectedUploads, r.HttpRequests);
    }

    [Fact]
    public async Task Round_robin_spreads_requests_evenly_over_the_targets()
    {
        var r = await BurstRunner.RunAsync(sandbox.Options("production_incident-local", 4), null, TestContext.Current.CancellationToken);
        Assert.Equal(2, r.Targets.Count);
        foreach (var (name, t) in r.Targets) Assert.InRange(t.Share, 0.45, 0.55);
        Assert.True(r.ThresholdsPassed);
    }
}

/// <summary>
/// The reference's skew, reproduced: with ALB-style stickiness on, one shared cookie jar (the reference's single
/// requests.Session) pins every virtual user to one target; a jar per user spreads them again.
/// </summary>
[Trait("Category", "Slow")]
public class StickinessBurstTests : IAsyncLifetime
{
    private SandboxCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
        {
            Instances = 4, Workers = 8, Balancer = new BalancerOptions { Stickiness = true },
        }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private BurstOptions Options(bool sharedJar) => new()
    {
        Target = new Uri(_cluster.Url),
        // The reference's shape: paced iterations of 20 workers (uploads: they need no corpus), 0.5 s apart.
        Profile = new BurstProfile
        {
            Name = "sticky", Clients = 20, DurationSeconds = 4, PacingSeconds = 0.5, UploadRatio = 1,
        },
        User = _cluster.Credentials!.User,
        Password = _cluster.Credentials.Password,
        SharedCookieJar = sharedJar,
    };

    [Fact]
    public async Task A_shared_cookie_jar_collapses_onto_one_target_and_own_jars_spread()
    {
        var shared = await BurstRunner.RunAsync(Options(sharedJar: true), null, TestContext.Current.CancellationToken);
        var own = await BurstRunner.RunAsync(Options(sharedJar: false), null, TestContext.Current.CancellationToken);
        string Shares(BurstResult r) => string.Join(", ", r.Targets.Select(t => $"{t.Key} {t.Value.Share:P1}"));
        Assert.Equal(0, shared.FailedRequests);
        Assert.Equal(0, own.FailedRequests);
        // At least two iterations (more on a fast machine): the first spread, the rest pinned.
        Assert.True(shared.Bursts.Count >= 2, $"only {shared.Bursts.Count} iteration(s) ran");
        // Iteration 0 starts with an empty jar and is spread by round robin; from then on every worker carries the
        // same AWSALB cookie, so everything after it lands on one target.
        var afterFirst = shared.TotalRequests - shared.Bursts[0].Requests;
        var top = shared.Targets.Values.Max(t => t.Count);
        Assert.True(top >= afterFirst, $"shared jar: {Shares(shared)}");
        Assert.True(top > 0.6 * shared.TotalRequests, $"shared jar: {Shares(shared)}");
        // A jar per user: each user sticks to the target of its first response, and those were dealt round robin.
        Assert.Equal(4, own.Targets.Count);
        Assert.True(own.Targets.Values.Max(t => t.Share) < 0.4, $"own jars: {Shares(own)}");
    }
}
