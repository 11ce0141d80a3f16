using System.Text.RegularExpressions;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Burst.Distributed.Ecs;

/// <summary>
/// Runs each shard as an ECS task of the load generator's Fargate task definition (private subnets, no public IP),
/// its container told <c>burst --shard i/N --start-at … --results s3://…</c> by <paramref name="command"/> plus the
/// results location. All tasks are watched by one batched DescribeTasks round (<see cref="EcsTaskWatcher"/>) with their
/// states reported as progress (provisioning, pending, running, …, stopped with exit code and reason); a stopped task's
/// result files are fetched from S3. Cancelling sends StopTask to the shard's task (the container gets SIGTERM and
/// uploads its partial report), waits up to <see cref="EcsLaunchOptions.StopGrace"/> for STOPPED, then fetches what it wrote.
/// </summary>
public sealed partial class EcsShardLauncher(EcsClient ecs, S3ShardResults results, EcsLaunchOptions options,
    Func<ShardSpec, IReadOnlyList<string>> command, ClockOffset? coordinatorClock) : IShardLauncher
{
    private readonly EcsTaskWatcher _watcher = new(ecs, options);

    /// <summary>The S3 folder shard <paramref name="spec"/> writes to.</summary>
    public string ResultsUri(ShardSpec spec) => S3ShardResults.ShardUri(options.ResultsBucket, options.ResultsPrefix, spec.RunId, spec.Index);

    /// <summary>The <c>startedBy</c> tag of a run's tasks (ListTasks can filter on it).</summary>
    public static string StartedBy(string runId) => "pypikit/" + UnsafeTagCharacters().Replace(runId, "_")[..Math.Min(runId.Length, 100)];

    public async Task<ShardOutcome> RunAsync(ShardSpec spec, IProgress<ShardStatus>? progress, CancellationToken ct)
    {
        options.Validate();
        var uri = ResultsUri(spec);
        var launch = new EcsTaskLaunch(options.Cluster, options.TaskDefinition, options.Subnets, options.SecurityGroups)
        {
            AssignPublicIp = false,
            StartedBy = StartedBy(spec.RunId),
            ClientToken = $"{spec.RunId}-{spec.Index}" is var token && token.Length > 64 ? token[^64..] : token,
            ContainerOverrides = [new EcsContainerOverride(options.ContainerName, [.. command(spec), "--results", uri]) { Environment = options.Environment }],
        };
        // Not cancellable once sent: a RunTask abandoned half-way could start a task nobody stops.
        var started = await ecs.LaunchTaskAsync(launch, CancellationToken.None).ConfigureAwait(false);
        if (started.Items.FirstOrDefault() is not { } task)
        {
            var why = string.Join("; ", started.Failures.Select(f => $"{f.Reason} {f.Detail}".Trim()));
            return new ShardOutcome(spec, null, null, "RunTask: " + (why.Length > 0 ? why : "no task was started"));
        }
        var id = TaskId(task.TaskArn);
        progress?.Report(new ShardStatus(spec.Shard, State(task.LastStatus), $"task {id}"));
        void OnChange(EcsTask t) => progress?.Report(new ShardStatus(spec.Shard, State(t.LastStatus), Describe(t)));

        EcsTask stopped;
        try
        {
            stopped = await _watcher.WaitStoppedAsync(task.TaskArn, OnChange, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            progress?.Report(new ShardStatus(spec.Shard, "stopping", $"StopTask {id}"));
            await ecs.StopTaskAsync(options.Cluster, task.TaskArn, "pypikit burst was cancelled", CancellationToken.None).ConfigureAwait(false);
            using var grace = new CancellationTokenSource(options.StopGrace);
            try { stopped = await _watcher.WaitStoppedAsync(task.TaskArn, OnChange, grace.Token).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                return await FetchAsync(spec, uri, null, $"task {id} did not reach STOPPED within {options.StopGrace.TotalSeconds:0} s of StopTask").ConfigureAwait(false);
            }
        }
        return await FetchAsync(spec, uri, stopped, null).ConfigureAwait(false);
    }

    /// <summary>The stopped task's result files from S3, judged by its essential container's exit code.</summary>
    private async Task<ShardOutcome> FetchAsync(ShardSpec spec, string uri, EcsTask? stopped, string? error)
    {
        var container = stopped?.Containers?.FirstOrDefault(c => c.Name == options.ContainerName);
        var exit = container?.ExitCode;
        var reason = stopped is null ? null : Describe(stopped);
        IReadOnlyList<string> files;
        ClockOffset? clock;
        try { (files, clock) = await results.DownloadAsync(uri, spec.ResultDirectory, CancellationToken.None).ConfigureAwait(false); }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or IOException)
        {
            return new ShardOutcome(spec, null, exit, $"{error ?? reason}; its results could not be read from {uri}: {e.Message}") { StopReason = reason };
        }
        var result = files.Where(f => f.EndsWith(JsonBurstReport.Extension, StringComparison.Ordinal)).Order(StringComparer.Ordinal).LastOrDefault();
        var skew = clock is not null && coordinatorClock is not null ? clock.RelativeTo(coordinatorClock) : null;
        if (result is null)
            return new ShardOutcome(spec, null, exit, $"{error ?? (exit is { } c ? $"exit code {c}" : "stopped")}: no result under {uri}") { StopReason = reason, ClockSkew = skew };
        if (exit is { } code && !LocalShardLauncher.ResultExitCodes.Contains(code))
            return new ShardOutcome(spec, null, exit, $"exit code {code}") { StopReason = reason, ClockSkew = skew };
        return new ShardOutcome(spec, result, exit, error ?? (exit == 130 ? "stopped before the end" : null)) { StopReason = reason, ClockSkew = skew };
    }

    private static string TaskId(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private static string State(string? lastStatus) => (lastStatus ?? "unknown").ToLowerInvariant();

    /// <summary>Task id, and once it stopped: stop code, reason and the container's exit code and reason.</summary>
    public static string Describe(EcsTask t)
    {
        var parts = new List<string> { "task " + TaskId(t.TaskArn) };
        if (t.LastStatus == "STOPPED")
        {
            if (!string.IsNullOrEmpty(t.StopCode)) parts.Add(t.StopCode);
            if (!string.IsNullOrEmpty(t.StoppedReason)) parts.Add(t.StoppedReason);
            foreach (var c in t.Containers ?? [])
            {
                if (c.ExitCode is { } code) parts.Add($"{c.Name} exit code {code}");
                if (!string.IsNullOrEmpty(c.Reason)) parts.Add($"{c.Name}: {c.Reason}");
            }
        }
        return string.Join(", ", parts);
    }

    [GeneratedRegex("[^A-Za-z0-9_/-]")]
    private static partial Regex UnsafeTagCharacters();
}
