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

    public static ShardSummary Of(BurstResult r, string shard) => new(shard, Ok, r.TotalRequests, r.FailedRequests,
        r.Latency.P50, r.Latency.P95, r.Latency.P99,
        r.ScheduledStart is { } s ? Math.Round((r.StartTime - s).TotalMilliseconds, 1) : null, null);

    public static ShardSummary FailedShard(string shard, string error) => new(shard, Failed, 0, 0, 0, 0, 0, null, error);
}
