using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>ECS service counts at one moment, with the service's latest events (newest first).</summary>
public sealed record EcsServiceCounts(string ServiceName, string? Status, int Desired, int Running, int Pending, string? RolloutState, string? LatestEvent)
{
    public IReadOnlyList<EcsServiceEvent> LatestEvents { get; init; } = [];
}

/// <summary>Target health tallied by state.</summary>
public sealed record TargetHealthCounts(int Healthy, int Unhealthy, int Draining, int Other)
{
    public static TargetHealthCounts From(IEnumerable<TargetHealthEntry> targets)
    {
        int h = 0, u = 0, d = 0, o = 0;
        foreach (var t in targets)
            switch (t.State)
            {
                case "healthy": h++; break;
                case "unhealthy": u++; break;
                case "draining": d++; break;
                default: o++; break;
            }
        return new(h, u, d, o);
    }
}

/// <summary>One container of a task: its exit code and ECS's reason (where an OOM kill is reported).</summary>
public sealed record ContainerSummary(string? Name, string? LastStatus, int? ExitCode, string? Reason);

/// <summary>One task of the service at snapshot time, running or recently stopped.</summary>
public sealed record TaskSummary(string TaskArn, string? LastStatus, string? DesiredStatus, string? HealthStatus, string? Ec2InstanceId,
    string? Cpu, string? Memory, DateTimeOffset? StartedAt, string? StoppedReason)
{
    public string? StopCode { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public IReadOnlyList<ContainerSummary> Containers { get; init; } = [];

    /// <summary>True when ECS reports the task or one of its containers killed for memory (<c>OutOfMemoryError</c>).</summary>
    public bool OomKilled => IsOomReason(StoppedReason) || Containers.Any(c => IsOomReason(c.Reason));

    /// <summary>ECS's wording of a memory kill: <c>OutOfMemoryError: Container killed due to memory usage</c>.</summary>
    public static bool IsOomReason(string? reason) => reason is not null && reason.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the task stopped, in one line: stop code, reason, and each container's exit code and reason.</summary>
    public string StopSummary => string.Join("; ", new[] { StopCode, StoppedReason }.Where(x => !string.IsNullOrEmpty(x))
        .Concat(Containers.Where(c => c.ExitCode is not null || c.Reason is not null)
            .Select(c => $"{c.Name}: exit {c.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(c.Reason is null ? "" : ", " + c.Reason)}")));
}

/// <summary>Output of one diagnostic shell command on one host (via SSM).</summary>
public sealed record HostCommandResult(string Status, int? ResponseCode, string Output, string Error);

/// <summary>Host diagnostics of one EC2 instance: command name → result.</summary>
public sealed record HostSnapshot(string InstanceId, IReadOnlyDictionary<string, HostCommandResult> Commands, IReadOnlyList<TelemetryFailure> Errors);

/// <summary>
/// What the stack looked like at one moment of a burst: the same fields the reference harness's ALB/ECS and EC2
/// collectors recorded. <see cref="Iteration"/> is -1 for the baseline taken before the burst.
/// </summary>
public sealed record StackSnapshot(
    DateTimeOffset Timestamp,
    int Iteration,
    bool IsBaseline,
    string? Label,
    EcsServiceCounts? Service,
    IReadOnlyList<TargetHealthEntry> Targets,
    TargetHealthCounts TargetCounts,
    IReadOnlyDictionary<string, string> TargetGroupAttributes,
    IReadOnlyDictionary<string, int> TasksPerInstance,
    IReadOnlyList<TaskSummary> Tasks,
    IReadOnlyList<HostSnapshot> Hosts,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<TelemetryFailure> Errors)
{
    /// <summary>Tasks listed as STOPPED (desired or last status).</summary>
    public int StoppedTasks => Tasks.Count(t => t.LastStatus == "STOPPED" || t.DesiredStatus == "STOPPED");

    /// <summary>Tasks ECS killed for memory.</summary>
    public int OomKills => Tasks.Count(t => t.OomKilled);

    /// <summary>Every failure of this snapshot, its host commands' included.</summary>
    public IReadOnlyList<TelemetryFailure> AllFailures => [.. Errors, .. Hosts.SelectMany(h => h.Errors)];
}

/// <summary>The consolidated snapshot file of a run (<c>telemetry_snapshots.json</c>).</summary>
public sealed record StackSnapshotSet(DateTimeOffset Generated, int TotalSnapshots, IReadOnlyList<StackSnapshot> Snapshots)
{
    /// <summary>Every telemetry failure of the run, each listed once with its count.</summary>
    public IReadOnlyList<TelemetryFailureSummary> Failures { get; init; } = [];
}

/// <summary>A shell command run on every host through SSM (<c>AWS-RunShellScript</c>).</summary>
public sealed record HostCommand(string Name, string Command, int TimeoutSeconds)
{
    /// <summary>The reference harness's host commands: docker stats, container count, free -m, vmstat, top.</summary>
    public static IReadOnlyList<HostCommand> Defaults { get; } =
    [
        new("docker_stats", "docker stats --no-stream --format 'table {{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}'", 30),
        new("container_count", "docker ps --filter 'name=ecs-' -q | wc -l", 10),
        new("free_m", "free -m", 10),
        new("vmstat", "vmstat 1 3", 15),
        new("top", "top -bn1 | head -n 20", 10),
    ];
}

/// <summary>What a <see cref="SnapshotCollector"/> looks at and how.</summary>
public sealed record SnapshotOptions(StackTarget Target)
{
    /// <summary>Run <see cref="HostCommands"/> on the instances through SSM (needs the SSM agent and permissions).</summary>
    public bool CollectHostCommands { get; init; }
    public IReadOnlyList<HostCommand> HostCommands { get; init; } = HostCommand.Defaults;

    /// <summary>At most this many hosts get commands (the first by instance id).</summary>
    public int MaxHosts { get; init; } = 10;

    /// <summary>
    /// Time limit of the AWS API part of one snapshot (ECS, ELB, EC2), whatever the retries; parts left when it passes are
    /// recorded as timeouts. Host commands have their own limits (each command's timeout + 15 s).
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many of the latest service events a snapshot keeps.</summary>
    public int ServiceEvents { get; init; } = 5;

    public SnapshotOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Target.ClusterName))
            throw new InvalidInputException("cluster", "a snapshot needs the ECS cluster name (--cluster or ecs_cluster_name in --stack-outputs).");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
            throw new InvalidInputException("timeout", $"the snapshot timeout must be between 0 and 600 s (was {Timeout.TotalSeconds:0.#} s).");
        if (MaxHosts is < 1 or > 200) throw new InvalidInputException("max_hosts", $"max_hosts must be 1..200 (was {MaxHosts}).");
        if (HostCommands.Any(c => c.TimeoutSeconds is < 1 or > 600))
            throw new InvalidInputException("host_commands", "every host command timeout must be 1..600 s.");
        return this;
    }
}
