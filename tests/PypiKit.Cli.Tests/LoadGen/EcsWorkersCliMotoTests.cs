using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PypiKit.Burst;
using PypiKit.Processes;
using PypiKit.Sandbox;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Cli.Tests.LoadGen;

/// <summary>
/// <c>pypikit burst --workers N --stack-outputs FILE</c> end to end against moto. moto runs no containers, so the test
/// plays the ECS agent: it reads each RUNNING task's container overrides from moto, fills the task definition's
/// <c>secrets</c> from moto's Secrets Manager, runs exactly that command with that environment as a local
/// <c>pypikit</c> (its S3 pointed at moto), and once the process exits stops the task as ECS would. The coordinator then
/// reads every shard's result from moto's S3 and merges them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EcsWorkersCliMotoTests(EcsMotoFixture fx) : IClassFixture<EcsMotoFixture>
{
    private sealed record TaskCommand(string Arn, string Shard, List<string> Command, Dictionary<string, string?> Environment);

    private static AwsClients Aws(EcsMotoFixture fx) => fx.Moto.Clients(EcsMotoFixture.Credentials);

    /// <summary>Waits for <paramref name="count"/> RUNNING tasks started by the coordinator and reads their overrides.</summary>
    private static async Task<List<TaskCommand>> WaitForTasksAsync(EcsMotoFixture fx, int count, Process coordinator, Func<string> output, CancellationToken ct)
    {
        using var aws = Aws(fx);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var arns = await aws.Ecs.ListTasksAsync(fx.Cluster, desiredStatus: "RUNNING", ct: ct);
            if (arns.Count >= count)
            {
                var raw = await EcsMotoFixture.Raw(aws).CallAsync("DescribeTasks",
                    new JsonObject { ["cluster"] = fx.Cluster, ["tasks"] = new JsonArray([.. arns.Select(a => (JsonNode)a)]) }, ct);
                return [.. raw.GetProperty("tasks").EnumerateArray().Select(t =>
                {
                    var o = t.GetProperty("overrides").GetProperty("containerOverrides")[0];
                    var command = o.GetProperty("command").EnumerateArray().Select(e => e.GetString()!).ToList();
                    var env = o.GetProperty("environment").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString());
                    return new TaskCommand(t.GetProperty("taskArn").GetString()!, command[command.IndexOf("--shard") + 1], command, env);
                }).OrderBy(t => t.Shard, StringComparer.Ordinal)];
            }
            if (coordinator.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"the coordinator started {arns.Count} of {count} tasks:\n{output()}");
            await Task.Delay(300, ct);
        }
    }

    /// <summary>The container of <paramref name="task"/>, run here: its command and environment, S3 at moto, its /tmp a folder of its own.</summary>
    private static async Task<CliRun> RunTaskLocallyAsync(EcsMotoFixture fx, TaskCommand task, string tmp, string[] extra)
    {
        var args = task.Command.Select(a => a.StartsWith("/tmp/", StringComparison.Ordinal) ? Path.Combine(tmp, a[5..]) : a).Concat(extra).ToArray();
        var env = new Dictionary<string, string?>(task.Environment);
        foreach (var (k, v) in await fx.ResolveSecretsAsync(TestContext.Current.CancellationToken)) env[k] = v;
        foreach (var (k, v) in fx.AwsEnvironment) env[k] = v;
        var run = await CliRunner.RunAsync(args, TimeSpan.FromMinutes(3), environment: env);
        using var aws = Aws(fx);
        await aws.Ecs.StopTaskAsync(fx.Cluster, task.Arn, $"Essential container in task exited ({run.ExitCode})");
        return run;
    }

    /// <summary>Starts <c>pypikit</c> with live output (for signalling it while it runs).</summary>
    private static (Process Process, Func<string> Output) StartCli(string[] args, IDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliRunner.CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "160";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        var lines = new ConcurrentQueue<string>();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, () => string.Join('\n', lines));
    }

    private static async Task<int> ExitCodeAsync(Process p, Func<string> output)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("the coordinator did not finish:\n" + output());
        }
        p.WaitForExit(); // drains the output events
        return p.ExitCode;
    }

    [Fact]
    public async Task Shards_run_as_tasks_against_the_sandbox_merge_exactly_from_S3_and_a_failed_shard_is_reported()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 2, Workers = 8 }, ct);
        await fx.SetCredentialsAsync(cluster.Credentials!.User, cluster.Credentials.Password, ct);
        using var temp = new TempDir("pypikit-ecs-workers-");
        var dir = temp.Path;
        var profile = Path.Combine(dir, "profile.json");
        File.WriteAllText(profile, """
            {"name":"ecs-get","executor":"constant_arrival_rate","rate":30,"connections":4,"duration_seconds":3,"mix":{"get":1},"path":"/simple/"}
            """);
        var outDir = Path.Combine(dir, "out");
        var env = new Dictionary<string, string?>(fx.AwsEnvironment) { ["PYPIKIT_PASSWORD"] = cluster.Credentials!.Password };
        var (coordinator, output) = StartCli(["burst", "--workers", "3", "--stack-outputs", fx.OutputsFile, "--start-lead", "25",
            "--target", cluster.Url, "--profile", profile, "--user", cluster.Credentials.User, "--out", outDir], env);
        using (coordinator)
        {
            var tasks = await WaitForTasksAsync(fx, 3, coordinator, output, ct);
            Assert.Equal(["1/3", "2/3", "3/3"], tasks.Select(t => t.Shard));
            // DescribeTasks shows overrides to anyone allowed to call it: the password is in none of them (the
            // tasks get it from the secret), while the shards below still authenticate with it
            Assert.All(tasks, t => Assert.DoesNotContain(cluster.Credentials.Password, t.Environment.Values));
            Assert.All(tasks, t => Assert.False(t.Environment.ContainsKey("PYPIKIT_SHARD_PASSWORD")));
            Assert.All(tasks, t => Assert.DoesNotContain(cluster.Credentials.Password, t.Command));
            Assert.All(tasks, t => Assert.Contains($"s3://{fx.Bucket}/{EcsMotoFixture.Prefix}", t.Command[t.Command.IndexOf("--results") + 1]));

            // Shard 2's container fails before it sends anything (a bad flag: exit 2), as a broken image would.
            var runs = await Task.WhenAll(tasks.Select((t, i) =>
                RunTaskLocallyAsync(fx, t, Path.Combine(dir, $"task{i + 1}"), t.Shard == "2/3" ? ["--timeout", "0"] : [])));
            Assert.Equal(2, runs[1].ExitCode);
            Assert.All(new[] { runs[0], runs[2] }, r => Assert.True(r.ExitCode is 0 or 99, r.Stdout + r.Stderr));
            Assert.All(new[] { runs[0], runs[2] }, r => Assert.Contains("uploaded 4 report files", r.Stdout));

            var exit = await ExitCodeAsync(coordinator, output);
            Assert.True(exit == 99, $"exit {exit} (a failed shard cannot pass):\n{output()}");
        }
        var mergedPath = Directory.GetFiles(outDir, "*.json").Single();
        var merged = JsonBurstReport.Read(mergedPath);
        var shardFiles = Directory.GetFiles(outDir, "*_shard*.json", SearchOption.AllDirectories);
        Assert.Equal(2, shardFiles.Length);
        var shards = shardFiles.Select(JsonBurstReport.Read).ToList();
        Assert.Equal(shards.Sum(s => s.TotalRequests), merged.TotalRequests);
        Assert.True(merged.TotalRequests > 0);
        // the shards authenticated with the password ECS took from the secret: no request was refused
        Assert.Equal(0, merged.Error4xxCount);
        Assert.False(merged.StatusCodeCounts.ContainsKey("401"));
        var histogram = new LatencyHistogram();
        foreach (var s in shards) histogram.Merge(s.Tally.Total.Latency);
        Assert.Equal(histogram.PercentileMs(95), merged.Latency.P95);
        Assert.Equal(histogram.PercentileMs(99), merged.Latency.P99);

        Assert.Equal(3, merged.ShardRows.Count);
        var failed = merged.ShardRows.Single(r => r.Shard == "2/3");
        Assert.Equal(ShardSummary.Failed, failed.Status);
        Assert.Contains("no result under s3://", failed.Error);
        Assert.Contains("Essential container in task exited (2)", failed.StopReason);
        foreach (var ok in merged.ShardRows.Where(r => r.Shard != "2/3"))
        {
            Assert.Equal(ShardSummary.Ok, ok.Status);
            Assert.Contains("Essential container in task exited", ok.StopReason);
            Assert.NotNull(ok.ExitCode);
            // Shard and coordinator share this machine's clock: the skew interval must contain 0.
            var skew = Assert.NotNull(ok.ClockSkewMs);
            Assert.InRange(0, skew - ok.ClockSkewUncertaintyMs!.Value - 1, skew + ok.ClockSkewUncertaintyMs.Value + 1);
        }
        var markdown = File.ReadAllText(Path.ChangeExtension(mergedPath, ".md"));
        Assert.Contains("clock skew (ms)", markdown);
    }

    [Fact]
    public async Task A_password_other_than_the_stacks_stops_the_run_before_any_task_starts()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        await fx.SetCredentialsAsync("ci", "the-stacks-password", ct);
        using var temp = new TempDir("pypikit-ecs-password-");
        var dir = temp.Path;
        using var aws = Aws(fx);
        int before = (await aws.Ecs.ListTasksAsync(fx.Cluster, desiredStatus: "RUNNING", ct: ct)).Count;
        var env = new Dictionary<string, string?>(fx.AwsEnvironment) { ["PYPIKIT_PASSWORD"] = "a-stale-password" };
        var run = await CliRunner.RunAsync(["burst", "--workers", "2", "--stack-outputs", fx.OutputsFile, "--target", "http://127.0.0.1:9/",
            "--profile", "light_load", "--user", "ci", "--out", Path.Combine(dir, "out")], TimeSpan.FromMinutes(2), environment: env);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not the one in the stack's secret pypi-credentials", run.Stderr);
        Assert.DoesNotContain("the-stacks-password", run.Stdout + run.Stderr);
        Assert.DoesNotContain("a-stale-password", run.Stdout + run.Stderr);
        Assert.Equal(before, (await aws.Ecs.ListTasksAsync(fx.Cluster, desiredStatus: "RUNNING", ct: ct)).Count);

        var wrongUser = await CliRunner.RunAsync(["burst", "--workers", "2", "--stack-outputs", fx.OutputsFile, "--target", "http://127.0.0.1:9/",
            "--profile", "light_load", "--user", "someone", "--out", Path.Combine(dir, "out")], TimeSpan.FromMinutes(2),
            environment: new Dictionary<string, string?>(fx.AwsEnvironment) { ["PYPIKIT_PASSWORD"] = "the-stacks-password" });
        Assert.Equal(2, wrongUser.ExitCode);
        Assert.Contains("--user 'someone' is not the stack's user", wrongUser.Stderr);
    }

    [Fact]
    public async Task Ctrl_C_stops_every_task_writes_what_ran_and_exits_130()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-ecs-cancel-");
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "out");
        var profile = Path.Combine(dir, "profile.json");
        File.WriteAllText(profile, """
            {"name":"ecs-cancel","executor":"constant_arrival_rate","rate":20,"connections":2,"duration_seconds":2,"mix":{"get":1},"path":"/ok"}
            """);
        var (coordinator, output) = StartCli(["burst", "--workers", "2", "--stack-outputs", fx.OutputsFile, "--start-lead", "20",
            "--target", server.Url, "--profile", profile, "--out", outDir], fx.AwsEnvironment);
        List<TaskCommand> tasks;
        using (coordinator)
        {
            tasks = await WaitForTasksAsync(fx, 2, coordinator, output, ct);
            // Shard 1 runs and ends; shard 2's container never starts. Then the user presses Ctrl+C.
            var first = await RunTaskLocallyAsync(fx, tasks[0], Path.Combine(dir, "task1"), []);
            Assert.True(first.ExitCode is 0 or 99, first.Stdout + first.Stderr);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!output().Contains("shard 1/2: stopped", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(200, ct);
            Assert.True(UnixSignal.Send(coordinator.Id, UnixSignal.Interrupt));
            Assert.Equal(130, await ExitCodeAsync(coordinator, output));
        }
        using var aws = Aws(fx);
        var described = await aws.Ecs.DescribeTasksAsync(fx.Cluster, tasks.Select(t => t.Arn), ct);
        Assert.All(described.Items, t => Assert.Equal("STOPPED", t.LastStatus));
        Assert.Equal("pypikit burst was cancelled", described.Items.Single(t => t.TaskArn == tasks[1].Arn).StoppedReason);

        var merged = JsonBurstReport.Read(Directory.GetFiles(outDir, "*.json").Single());
        Assert.True(merged.TotalRequests > 0);
        Assert.Equal(ShardSummary.Ok, merged.ShardRows.Single(r => r.Shard == "1/2").Status);
        Assert.Equal(ShardSummary.Failed, merged.ShardRows.Single(r => r.Shard == "2/2").Status);
    }
}
