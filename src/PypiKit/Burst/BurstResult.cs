namespace PypiKit.Burst;

/// <summary>
/// The result of a run (or of merged shards). Top-level fields up to <see cref="ErrorSamples"/> are the reference
/// harness's <c>StressTestResults</c> (same names and meaning: latency over successful requests, in ms;
/// <c>requests_per_second</c> = total / wall duration); the rest are PypiKit's additions. <see cref="Tally"/> holds the
/// raw mergeable histograms every other figure is computed from.
/// </summary>
public sealed record BurstResult
{
    // Reference fields.
    public required string Profile { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public required DateTimeOffset EndTime { get; init; }
    public double DurationSeconds { get; init; }
    public long TotalRequests { get; init; }
    public long SuccessfulRequests { get; init; }
    public long FailedRequests { get; init; }
    public double ErrorRate { get; init; }
    public double LatencyMin { get; init; }
    public double LatencyMax { get; init; }
    public double LatencyMean { get; init; }
    public double LatencyMedian { get; init; }
    public double LatencyP95 { get; init; }
    public double LatencyP99 { get; init; }
    public double RequestsPerSecond { get; init; }
    public SortedDictionary<string, long> StatusCodeCounts { get; init; } = [];
    public long Error5xxCount { get; init; }
    public long Error4xxCount { get; init; }
    public SortedDictionary<string, OperationSummary> Operations { get; init; } = [];
    public List<ErrorSample> ErrorSamples { get; init; } = [];

    // PypiKit additions.
    public string Engine { get; init; } = "pypikit-burst";
    public required string Target { get; init; }
    public required BurstSettings Settings { get; init; }
    /// <summary>One of <see cref="StopReasons"/>: completed | cancelled | max_requests | duration_limit | unauthorized.</summary>
    public string StopReason { get; init; } = StopReasons.Completed;
    public List<string> Shards { get; init; } = [];
    /// <summary>The common start time the run was told to wait for (distributed shards), if any.</summary>
    public DateTimeOffset? ScheduledStart { get; init; }
    /// <summary>Merged results: one row per shard (failed shards included, with their reason).</summary>
    public List<ShardSummary> ShardRows { get; init; } = [];
    /// <summary>HTTP requests sent (a followed redirect counts twice), as a server's counters see them.</summary>
    public long HttpRequests { get; init; }
    /// <summary>Failures by class: connect, timeout, reset, 4xx, 5xx, other.</summary>
    public SortedDictionary<string, long> ErrorClasses { get; init; } = [];
    /// <summary>Success latency from scheduled start (the reference's view, with more percentiles).</summary>
    public required LatencySummary Latency { get; init; }
    /// <summary>Latency of failed requests (the reference drops these).</summary>
    public required LatencySummary FailureLatency { get; init; }
    /// <summary>Completion − actual send, all requests (what a closed-loop tool reports).</summary>
    public required LatencySummary ServiceTime { get; init; }
    /// <summary>Actual send − scheduled start.</summary>
    public required LatencySummary SendLateness { get; init; }
    /// <summary>Open models: lateness of the scheduler's wake-ups for requests whose connection was free.</summary>
    public LatencySummary? SchedulerLateness { get; init; }
    /// <summary>Fraction of requests sent more than 1 ms after their scheduled start (queueing behind a busy connection included).</summary>
    public double LateSendFraction { get; init; }
    /// <summary>
    /// True when the open-model generator could not keep its schedule: more than 1 % of its wake-ups for free
    /// connections came over 5 ms late (a CPU-starved or paused generator). The figures then describe the generator
    /// as much as the server.
    /// </summary>
    public bool GeneratorLimited { get; init; }
    /// <summary>CPU time this process used during the run (all threads; includes an in-process server if there is one).</summary>
    public double ClientCpuSeconds { get; init; }
    /// <summary><see cref="ClientCpuSeconds"/> per HTTP request, µs.</summary>
    public double ClientCpuMicrosPerRequest { get; init; }
    public SortedDictionary<string, TargetSummary> Targets { get; init; } = [];
    public List<SecondSummary> PerSecond { get; init; } = [];
    public List<BurstIteration> Bursts { get; init; } = [];
    public List<ThresholdResult> Thresholds { get; init; } = [];
    public bool ThresholdsPassed { get; init; } = true;
    public required BurstTally Tally { get; init; }
    /// <summary>Host and sandbox-process series sampled beside the burst when its target was a local sandbox; else null.</summary>
    public Host.HostSamplingResult? Host { get; init; }
}
