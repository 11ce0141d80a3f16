namespace PypiKit.Burst;

/// <summary>
/// One shard of a merged run: its outcome (<c>ok</c> or <c>failed</c>), counts, success-latency percentiles (ms) and
/// how far its real start was from the common start time (ms; clock skew plus start-up).
/// </summary>
public sealed record ShardSummary(string Shard, string Status, long Requests, long Failures, double P50Ms, double P95Ms, double P99Ms,
    double? StartOffsetMs, string? Error)
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    /// <summary>The worker's exit code (a process's, or an ECS task's essential container), when known.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Where the shard ran and why it stopped (an ECS task's id, stop code and reason), when a launcher knows.</summary>
    public string? StopReason { get; init; }

    /// <summary>The shard's clock minus the coordinator's (ms), measured against one HTTP Date reference; null when not measured.</summary>
    public double? ClockSkewMs { get; init; }

    /// <summary>Half-width of the interval <see cref="ClockSkewMs"/> lies in (ms).</summary>
    public double? ClockSkewUncertaintyMs { get; init; }

    public static ShardSummary Of(BurstResult r, string shard) => new(shard, Ok, r.TotalRequests, r.FailedRequests,
        r.Latency.P50, r.Latency.P95, r.Latency.P99,
        r.ScheduledStart is { } s ? Math.Round((r.StartTime - s).TotalMilliseconds, 1) : null, null);

    public static ShardSummary FailedShard(string shard, string error) => new(shard, Failed, 0, 0, 0, 0, 0, null, error);
}
