using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PypiKit.Burst.Distributed;
using PypiKit.Burst.Distributed.Ecs;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Cli.Tests.LoadGen;

/// <summary>
/// The ECS side of a distributed burst against moto: RunTask's request shape (Fargate, the task's subnets and security
/// group, no public IP, container overrides), DescribeTasks in batches of at most 100, StopTask; the clock measured
/// against moto's Date header; and a cancelled coordinator stopping every task it started.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EcsLauncherMotoTests(EcsMotoFixture fx) : IClassFixture<EcsMotoFixture>
{
    /// <summary>Records the body of every ECS JSON call on its way to moto.</summary>
    private sealed class Recorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        public readonly ConcurrentQueue<(string Operation, JsonNode Body)> Calls = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out var target) && request.Content is not null)
                Calls.Enqueue((target.First().Split('.').Last(), JsonNode.Parse(await request.Content.ReadAsStringAsync(ct))!));
            return await base.SendAsync(request, ct);
        }

        public List<JsonNode> Of(string operation) => [.. Calls.Where(c => c.Operation == operation).Select(c => c.Body)];
    }

    private AwsSession Session(HttpMessageHandler? handler = null) => AwsSession.Create(new AwsOptions
    {
        EndpointUrl = fx.Moto.Url, Region = "us-east-1", Credentials = EcsMotoFixture.Credentials, MaxAttempts = 1,
    }, handler);

    [Fact]
    public async Task RunTask_DescribeTasks_and_StopTask_have_ECS_shapes_and_describe_pages_by_100()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        var recorder = new Recorder();
        using var session = Session(recorder);
        var ecs = new EcsClient(session);
        var arns = new List<string>();
        for (var i = 1; i <= 105; i++)
        {
            var started = await ecs.LaunchTaskAsync(new EcsTaskLaunch(fx.Cluster, fx.TaskDefinition, fx.Subnets, [fx.SecurityGroup])
            {
                StartedBy = "pypikit/shape-test",
                ClientToken = $"shape-test-{i}",
                ContainerOverrides = [new EcsContainerOverride(EcsMotoFixture.ContainerName, ["burst", "--shard", $"{i}/105"])
                {
                    Environment = new Dictionary<string, string> { ["PYPIKIT_SHARD_WORKER"] = "1" },
                }],
            }, ct);
            Assert.Empty(started.Failures);
            arns.Add(Assert.Single(started.Items).TaskArn);
        }

        var run = recorder.Of("RunTask")[0];
        Assert.Equal("FARGATE", (string?)run["launchType"]);
        Assert.Equal(1, (int?)run["count"]);
        Assert.Equal("shape-test-1", (string?)run["clientToken"]);
        var vpc = run["networkConfiguration"]!["awsvpcConfiguration"]!;
        Assert.Equal("DISABLED", (string?)vpc["assignPublicIp"]);
        Assert.Equal(fx.Subnets, vpc["subnets"]!.AsArray().Select(s => (string)s!));
        Assert.Equal([fx.SecurityGroup], vpc["securityGroups"]!.AsArray().Select(s => (string)s!));
        var container = run["overrides"]!["containerOverrides"]![0]!;
        Assert.Equal(EcsMotoFixture.ContainerName, (string?)container["name"]);
        Assert.Equal(["burst", "--shard", "1/105"], container["command"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("1", (string?)container["environment"]![0]!["value"]);

        var described = await ecs.DescribeTasksAsync(fx.Cluster, arns, ct);
        Assert.Equal(arns.Order(), described.Items.Select(t => t.TaskArn).Order());
        Assert.All(described.Items, t => Assert.Equal("RUNNING", t.LastStatus));
        Assert.Equal([100, 5], recorder.Of("DescribeTasks").Select(b => b["tasks"]!.AsArray().Count));

        // What moto kept of the overrides is what the container would be told.
        var raw = await EcsMotoFixture.Raw(new AwsClients(Session())).CallAsync("DescribeTasks",
            new JsonObject { ["cluster"] = fx.Cluster, ["tasks"] = new JsonArray(arns[6]) }, ct);
        var kept = raw.GetProperty("tasks")[0].GetProperty("overrides").GetProperty("containerOverrides")[0].GetProperty("command");
        Assert.Equal(["burst", "--shard", "7/105"], kept.EnumerateArray().Select(e => e.GetString()));

        foreach (var arn in arns)
        {
            var stopped = await ecs.StopTaskAsync(fx.Cluster, arn, "shape test over", ct);
            Assert.Equal("STOPPED", stopped.LastStatus);
        }
        var after = await ecs.DescribeTasksAsync(fx.Cluster, arns, ct);
        Assert.All(after.Items, t => Assert.Equal(("STOPPED", "shape test over"), (t.LastStatus, t.StoppedReason)));
    }

    [Fact]
    public async Task The_clock_against_the_same_machines_server_is_zero_within_its_measured_uncertainty()
    {
        fx.RequireMoto();
        using var session = Session();
        using var results = new S3ShardResults(session);
        var clock = await results.MeasureClockAsync(TestContext.Current.CancellationToken);
        // moto shares this machine's clock: the true offset is 0, and it must lie in the measured interval.
        Assert.InRange(0, clock.OffsetMs - clock.UncertaintyMs - 1, clock.OffsetMs + clock.UncertaintyMs + 1);
        Assert.True(clock.UncertaintyMs < 400, $"±{clock.UncertaintyMs} ms: samples across the second should narrow the 1 s Date header");
    }

    [Fact]
    public async Task Cancelling_the_coordinator_stops_every_task_it_started()
    {
        fx.RequireMoto();
        using var session = Session();
        using var results = new S3ShardResults(session);
        var ecs = new EcsClient(session);
        var options = new EcsLaunchOptions(fx.Cluster, fx.TaskDefinition, EcsMotoFixture.ContainerName, fx.Subnets, [fx.SecurityGroup], fx.Bucket,
            EcsMotoFixture.Prefix)
        { PollInterval = TimeSpan.FromMilliseconds(200), StopGrace = TimeSpan.FromSeconds(20) };
        var launcher = new EcsShardLauncher(ecs, results, options, spec => ["burst", "--shard", spec.Shard], coordinatorClock: null);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var states = new ConcurrentQueue<ShardStatus>();
        var running = 0;
        var progress = new SyncProgress<ShardStatus>(s =>
        {
            states.Enqueue(s);
            if (s.State == "running" && Interlocked.Increment(ref running) == 3) cts.Cancel();
        });
        using var temp = new TempDir("pypikit-ecs-cancel-");
        var work = temp.Path;
        var run = await DistributedBurst.RunAsync(new DistributedOptions(3, work) { StartLead = TimeSpan.FromMinutes(5), RunId = "cancel-test" },
            launcher, progress, cts.Token);

        Assert.True(run.Cancelled);
        Assert.Null(run.Merged);
        Assert.All(run.Shards, s => Assert.Contains("no result under s3://", s.Error));
        Assert.Equal(3, states.Count(s => s.State == "stopping"));
        var arns = await ecs.ListTasksAsync(fx.Cluster, startedBy: EcsShardLauncher.StartedBy("cancel-test"), ct: TestContext.Current.CancellationToken);
        var described = await ecs.DescribeTasksAsync(fx.Cluster, arns, TestContext.Current.CancellationToken);
        Assert.Equal(3, described.Items.Count);
        Assert.All(described.Items, t => Assert.Equal(("STOPPED", "pypikit burst was cancelled"), (t.LastStatus, t.StoppedReason)));
        Assert.All(run.Shards, s => Assert.Contains("pypikit burst was cancelled", s.StopReason));
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (Progress&lt;T&gt; posts to the pool, too late for assertions).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
