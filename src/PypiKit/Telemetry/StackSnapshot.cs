using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>ECS service counts at one moment.</summary>
public sealed record EcsServiceCounts(string ServiceName, string? Status, int Desired, int Running, int Pending, string? RolloutState, string? LatestEvent);

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

/// <summary>One task of the service at snapshot time.</summary>
public sealed record TaskSummary(string TaskArn, string? LastStatus, string? DesiredStatus, string? HealthStatus, string? Ec2InstanceId,
    string? Cpu, string? Memory, DateTimeOffset? StartedAt, string? StoppedReason);

/// <summary>Output of one diagnostic shell command on one host (via SSM).</summary>
public sealed record HostCommandResult(string Status, int? ResponseCode, string Output, string Error);

/// <summary>Host diagnostics of one EC2 instance: command name → result.</summary>
public sealed record HostSnapshot(string InstanceId, IReadOnlyDictionary<string, HostCommandResult> Commands, IReadOnlyList<string> Errors);

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
    IReadOnlyList<string> Errors);

/// <summary>The consolidated snapshot file of a run (<c>telemetry_snapshots.json</c>).</summary>
public sealed record StackSnapshotSet(DateTimeOffset Generated, int TotalSnapshots, IReadOnlyList<StackSnapshot> Snapshots);

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

    public SnapshotOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Target.ClusterName))
            throw new InvalidInputException("cluster", "a snapshot needs the ECS cluster name (--cluster or ecs_cluster_name in --stack-outputs).");
        if (MaxHosts is < 1 or > 200) throw new InvalidInputException("max_hosts", $"max_hosts must be 1..200 (was {MaxHosts}).");
        if (HostCommands.Any(c => c.TimeoutSeconds is < 1 or > 600))
            throw new InvalidInputException("host_commands", "every host command timeout must be 1..600 s.");
        return this;
    }
}
