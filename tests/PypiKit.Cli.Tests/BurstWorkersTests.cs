using System.Diagnostics;
using System.Text.Json;
using PypiKit.Burst;
using PypiKit.Burst.Distributed;
using PypiKit.Packages;
using PypiKit.Sandbox;

namespace PypiKit.Cli.Tests;

/// <summary>
/// <c>pypikit burst --workers N --local</c>: real worker processes (this build's CLI), merged exactly; a failing shard
/// is reported while the others merge; cancelling stops every worker, each still handing back its partial result.
/// </summary>
[Trait("Category", "Slow")]
public class BurstWorkersTests
{
    private const string GetProfile = """
        {"name":"workers-get","executor":"constant_arrival_rate","rate":40,"connections":4,"duration_seconds":DURATION,"mix":{"get":1},"path":"/ok"}
        """;

    /// <summary>The launcher the CLI uses, with this build's CLI and a get profile; <paramref name="extra"/> adds a shard's own flags.</summary>
    private static LocalShardLauncher Launcher(string target, string profile, Func<ShardSpec, string[]>? extra = null) => new(spec =>
    {
        var psi = new ProcessStartInfo("dotnet");
        foreach (var a in new[] { CliRunner.CliDll, "burst", "--target", target, "--profile", profile, "--out", spec.ResultDirectory,
                     "--shard", spec.Shard, "--start-at", spec.StartAt.ToString("O") }.Concat(extra?.Invoke(spec) ?? []))
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["PYPIKIT_SHARD_WORKER"] = "1";
        return psi;
    })
    { StopGrace = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task A_failing_shard_is_reported_and_the_others_still_merge()
    {
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-workers-fail-");
        var dir = temp.Path;
        var profile = Path.Combine(dir, "p.json");
        File.WriteAllText(profile, GetProfile.Replace("DURATION", "1.5"));
        // Shard 2 gets an invalid timeout: its worker refuses to start (exit 2), as a broken worker would.
        var launcher = Launcher(server.Url, profile, spec => spec.Index == 2 ? ["--timeout", "0"] : []);
        var run = await DistributedBurst.RunAsync(new DistributedOptions(3, Path.Combine(dir, "work")) { StartLead = TimeSpan.FromSeconds(3) },
            launcher, null, TestContext.Current.CancellationToken);

        var failed = Assert.Single(run.Failed);
        Assert.Equal("2/3", failed.Spec.Shard);
        Assert.Contains("exit code 2", failed.Error);
        Assert.Contains("--timeout", failed.Error);
        var merged = Assert.IsType<BurstResult>(run.Merged);
        Assert.Equal(["1/3", "3/3"], merged.Shards);
        Assert.Equal(3, merged.ShardRows.Count);
        Assert.Equal(ShardSummary.Failed, merged.ShardRows.Single(r => r.Shard == "2/3").Status);
        Assert.Equal(merged.TotalRequests, merged.ShardRows.Sum(r => r.Requests));
        Assert.True(merged.TotalRequests > 0);
        Assert.False(merged.ThresholdsPassed, "a run with a failed shard cannot pass");
    }

    [Fact]
    public async Task Cancelling_stops_every_worker_and_merges_their_partial_results()
    {
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-workers-stop-");
        var dir = temp.Path;
        var profile = Path.Combine(dir, "p.json");
        File.WriteAllText(profile, GetProfile.Replace("DURATION", "120"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var running = 0;
        var progress = new Progress<ShardStatus>(s =>
        {
            if (s.State == "running" && Interlocked.Increment(ref running) == 2) cts.CancelAfter(TimeSpan.FromSeconds(6));
        });
        var clock = Stopwatch.StartNew();
        var run = await DistributedBurst.RunAsync(new DistributedOptions(2, Path.Combine(dir, "work")) { StartLead = TimeSpan.FromSeconds(2) },
            Launcher(server.Url, profile), progress, cts.Token);
        clock.Stop();

        Assert.True(run.Cancelled);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.All(run.Shards, s => Assert.Equal(130, s.ExitCode));
        var merged = Assert.IsType<BurstResult>(run.Merged);
        Assert.Equal(2, merged.ShardRows.Count);
        Assert.Equal("cancelled", merged.StopReason);
        Assert.True(merged.TotalRequests > 0);
    }

    [Fact]
    public async Task Four_local_workers_against_the_sandbox_merge_into_one_report_with_per_shard_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 2, Workers = 8 }, ct);
        using var temp = new TempDir("pypikit-workers-sandbox-");
        var dir = temp.Path;
        var corpus = await Corpus.GenerateAsync(new CorpusOptions { Versions = ["1.0.0"], MinPayloadBytes = 1024, MaxPayloadBytes = 2048 },
            Path.Combine(dir, "corpus"), ct: ct);
        using (var upload = cluster.CreateUploadClient())
            Assert.All(await Corpus.UploadAsync(corpus, upload, maxParallelism: 8, ct: ct), u => Assert.True(u.Success || u.AlreadyExists));

        var outDir = Path.Combine(dir, "out");
        // production_incident-local within its bounds: 6 s instead of 25 s (a burst iteration and a normal one).
        var run = await CliRunner.RunAsync(["burst", "--workers", "4", "--local", "--target", cluster.Url, "--profile", "production_incident-local",
            "--duration", "6", "--user", cluster.Credentials!.User, "--out", outDir], TimeSpan.FromMinutes(4),
            environment: new Dictionary<string, string?> { ["PYPIKIT_PASSWORD"] = cluster.Credentials.Password });
        Assert.True(run.ExitCode is 0 or 99, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");

        var mergedPath = Directory.GetFiles(outDir, "*.json").Single();
        var merged = JsonBurstReport.Read(mergedPath);
        Assert.True(File.Exists(Path.ChangeExtension(mergedPath, ".hlog")));
        var shardFiles = Directory.GetFiles(outDir, "*.json", SearchOption.AllDirectories)
            .Where(f => f != mergedPath && Path.GetFileName(f) != "profile.json").ToList();
        Assert.Equal(4, shardFiles.Count);
        var shards = shardFiles.Select(JsonBurstReport.Read).ToList();

        Assert.Equal(shards.Sum(s => s.TotalRequests), merged.TotalRequests);
        Assert.True(merged.TotalRequests >= 60, $"{merged.TotalRequests} operations: the 60-worker burst should be there");
        Assert.Equal(4, merged.ShardRows.Count);
        Assert.All(merged.ShardRows, r => Assert.Equal(ShardSummary.Ok, r.Status));
        Assert.All(merged.ShardRows, r => Assert.NotNull(r.StartOffsetMs));
        var histogram = new LatencyHistogram();
        foreach (var s in shards) histogram.Merge(s.Tally.Total.Latency);
        Assert.Equal(histogram.PercentileMs(50), merged.Latency.P50);
        Assert.Equal(histogram.PercentileMs(95), merged.Latency.P95);
        Assert.Equal(histogram.PercentileMs(99), merged.Latency.P99);
        Assert.Contains("shard 4/4", run.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(mergedPath));
        Assert.Equal(4, json.RootElement.GetProperty("shard_rows").GetArrayLength());
    }
}

[Trait("Category", "Slow")]
public class BurstWorkersInputTests
{
    [Theory]
    [InlineData("--workers 4", "--workers")]
    [InlineData("--workers 0 --local", "--workers")]
    [InlineData("--local", "--local")]
    [InlineData("--workers 2 --local --shard 1/2", "--shard")]
    [InlineData("--start-at yesterday", "--start-at")]
    [InlineData("--workers 2 --stack-outputs /nonexistent/outputs.json", "--stack-outputs")]
    [InlineData("--workers 2 --local --stack-outputs outputs.json", "--local")]
    [InlineData("--workers 2 --local --start-lead -1", "--start-lead")]
    [InlineData("--start-lead 5", "--start-lead")]
    [InlineData("--results http://bucket/prefix/", "--results")]
    public async Task Bad_worker_flags_are_one_line_naming_the_flag_and_exit_2(string flags, string named)
    {
        var run = await CliRunner.RunAsync(["burst", "--target", "http://127.0.0.1:1/", "--profile", "light_load-local", .. flags.Split(' ')]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line);
        Assert.DoesNotContain("unreachable", line);
    }
}

[Trait("Category", "Slow")]
public class EcsWorkersInputTests
{
    [Fact]
    public async Task A_stack_without_the_load_generator_is_one_line_naming_the_missing_output_and_exit_2()
    {
        using var temp = new TempDir("pypikit-ecs-outputs-");
        var dir = temp.Path;
        var outputs = Path.Combine(dir, "outputs.json");
        // A stack deployed without the component: the service's outputs, plus some of the load generator's (Terraform shape).
        File.WriteAllText(outputs, """
            {"ecs_cluster_name": "pypi", "loadGenClusterArn": {"value": "arn:aws:ecs:us-east-1:123456789012:cluster/pypi"}, "loadGenContainerName": "pypikit"}
            """);
        var run = await CliRunner.RunAsync(["burst", "--workers", "2", "--stack-outputs", outputs, "--target", "http://127.0.0.1:1/", "--region", "us-east-1"],
            environment: new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "testing", ["AWS_SECRET_ACCESS_KEY"] = "testing" });
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--stack-outputs", line);
        Assert.Contains("missing output loadGenTaskDefinitionArn", line);
    }
}
