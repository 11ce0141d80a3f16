namespace PypiKit.Burst.Distributed;

/// <summary>
/// Runs one shard of a distributed burst somewhere — a local process (<see cref="LocalShardLauncher"/>), an ECS task —
/// and brings its result file back. The coordinator (<see cref="DistributedBurst"/>) calls it once per shard, all at
/// once; cancelling the token must stop the shard (a signal to the process, StopTask for ECS), after which the shard
/// should still hand back the partial result it wrote, if any.
/// </summary>
public interface IShardLauncher
{
    Task<ShardOutcome> RunAsync(ShardSpec spec, IProgress<ShardStatus>? progress, CancellationToken ct);
}

/// <summary>
/// What one shard is told: shard <see cref="Index"/> of <see cref="Count"/> (1-based) of run <see cref="RunId"/>, to
/// begin sending at <see cref="StartAt"/> (the same for every shard), writing its result JSON under
/// <see cref="ResultDirectory"/>.
/// </summary>
public sealed record ShardSpec(int Index, int Count, string RunId, DateTimeOffset StartAt, string ResultDirectory)
{
    public string Shard => $"{Index}/{Count}";
}

/// <summary>A shard's end: its result file (null when it wrote none), its exit code and, when it failed, why.</summary>
public sealed record ShardOutcome(ShardSpec Spec, string? ResultPath, int? ExitCode, string? Error)
{
    public bool HasResult => ResultPath is not null;

    /// <summary>Where it ran and why it stopped (e.g. an ECS task's id, stop code and reason), when the launcher knows.</summary>
    public string? StopReason { get; init; }

    /// <summary>The shard's clock minus the coordinator's, when the launcher measured both against one reference.</summary>
    public ClockOffset? ClockSkew { get; init; }
}

/// <summary>A shard's state as the launcher sees it (starting, running, stopping, exited …), for progress displays.</summary>
public sealed record ShardStatus(string Shard, string State, string? Detail = null);
