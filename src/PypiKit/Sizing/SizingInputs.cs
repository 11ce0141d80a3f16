using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// Everything the capacity formulas take, with the reference module's defaults (infrahouse/terraform-aws-pypiserver
/// 2.3.0, variables.tf and main.tf). A null override means "let the module's formula decide", as a null Terraform
/// variable does. <see cref="Validate"/> applies the module's validation ranges; every error is an
/// <see cref="InvalidInputException"/> whose <see cref="InvalidInputException.Input"/> is the module's variable name.
/// </summary>
public sealed record SizingInputs
{
    // ---- Module constants (named, overridable) ----

    /// <summary>Host RAM kept for the OS and the ECS agent: 300 MB (main.tf <c>system_overhead_mb = 300</c>).</summary>
    public static readonly Mebibytes DefaultSystemOverhead = new(300);

    /// <summary>
    /// Host RAM kept for the page cache: 500 MB, as the module's code computes it (main.tf <c>page_cache_mb = 500</c>,
    /// total overhead 800). The module's docs (variable descriptions, README, docs/architecture.md) say 512; the worked
    /// examples (t3.small 1248 MB, c6a.xlarge 7392 MB available) use 500. Set 512 here to reproduce the docs.
    /// </summary>
    public static readonly Mebibytes DefaultPageCache = new(500);

    /// <summary>
    /// CPU units kept for the ECS CloudWatch-agent daemon task on every host: 128 (main.tf subtracts 128; the ECS module
    /// 7.12.0 runs the daemon with cpu 128 when <c>enable_cloudwatch_logs = true</c>).
    /// </summary>
    public static readonly CpuUnits DefaultAgentDaemonCpu = new(128);

    /// <summary>Memory of the CloudWatch-agent daemon task: 256 MiB (ECS module 7.12.0; used only by its ASG-max formula).</summary>
    public static readonly Mebibytes DefaultAgentDaemonMemory = new(256);

    /// <summary>Host memory overhead the ECS module's ASG-max formula subtracts: 1024 MiB (ECS module 7.12.0 locals).</summary>
    public static readonly Mebibytes DefaultEcsModuleHostOverhead = new(1024);

    /// <summary>Soft memory reservation as a share of the hard limit: 75 % (main.tf <c>floor(container_memory * 0.75)</c>).</summary>
    public static readonly Percent DefaultReservationShare = new(75);

    // ---- Module validation ranges (variables.tf) ----

    /// <summary>container_memory: 128 ≤ x ≤ 30720 MB.</summary>
    public const long MinContainerMemory = 128, MaxContainerMemory = 30720;
    /// <summary>container_memory_reservation: 0 ≤ x ≤ 30720 MB (and ≤ container_memory, ECS module check).</summary>
    public const long MaxContainerMemoryReservation = 30720;
    /// <summary>container_cpu: 128 ≤ x ≤ 4096 units.</summary>
    public const long MinContainerCpu = 128, MaxContainerCpu = 4096;
    /// <summary>gunicorn_workers: 1 ≤ x ≤ 16.</summary>
    public const int MinWorkers = 1, MaxWorkers = 16;

    /// <summary>EC2 instance type (module variable <c>asg_instance_type</c>, default t3.small).</summary>
    public string InstanceType { get; init; } = "t3.small";

    /// <summary>Instances in the ASG (module <c>asg_min_size ?? length(asg_subnets)</c>; 2 subnets by default).</summary>
    public int InstanceCount { get; init; } = 2;

    /// <summary>Hard memory limit of one container (<c>container_memory</c>, MB, default 512).</summary>
    public Mebibytes ContainerMemory { get; init; } = new(512);

    /// <summary>Soft reservation override (<c>container_memory_reservation</c>); null = 75 % of the hard limit.</summary>
    public Mebibytes? ContainerMemoryReservation { get; init; }

    /// <summary>CPU units override (<c>container_cpu</c>); null = workers × 150 + 40.</summary>
    public CpuUnits? ContainerCpu { get; init; }

    /// <summary>Gunicorn workers override (<c>gunicorn_workers</c>); null = max(2, min(8, ⌊memory / 128⌋)).</summary>
    public int? GunicornWorkers { get; init; }

    /// <summary>Task count override (<c>task_min_count</c>); null = tasks per instance × instances.</summary>
    public int? TaskMinCount { get; init; }

    /// <summary>Task count override (<c>task_max_count</c>); null = 2 × task_min_count.</summary>
    public int? TaskMaxCount { get; init; }

    /// <summary>ASG maximum override (<c>asg_max_size</c>); null = the ECS module's formula (see <see cref="CapacityPlanner.AsgMax"/>).</summary>
    public int? AsgMaxSize { get; init; }

    /// <summary>
    /// The host memory to size against instead of the EC2 API's nominal figure (e.g. 916 for a t3.micro, what
    /// <c>free -m</c> showed). Null = nominal, as the module does.
    /// </summary>
    public Mebibytes? HostMemory { get; init; }

    /// <summary>Size against the catalog's measured visible memory when it has one (ignored when <see cref="HostMemory"/> is set).</summary>
    public bool UseVisibleMemory { get; init; }

    public Mebibytes SystemOverhead { get; init; } = DefaultSystemOverhead;
    public Mebibytes PageCache { get; init; } = DefaultPageCache;
    public CpuUnits AgentDaemonCpu { get; init; } = DefaultAgentDaemonCpu;
    public Mebibytes AgentDaemonMemory { get; init; } = DefaultAgentDaemonMemory;
    public Mebibytes EcsModuleHostOverhead { get; init; } = DefaultEcsModuleHostOverhead;
    public Percent ReservationShare { get; init; } = DefaultReservationShare;

    /// <summary>Shorthand for notebooks: <c>CapacityPlanner.Plan(SizingInputs.For("c6a.xlarge", 2, 512))</c>.</summary>
    public static SizingInputs For(string instanceType, int instances = 2, long containerMemoryMb = 512) =>
        new() { InstanceType = instanceType, InstanceCount = instances, ContainerMemory = new Mebibytes(containerMemoryMb) };

    /// <summary>The reference defaults (t3.small × 2, 512 MB containers, everything else automatic).</summary>
    public static SizingInputs Reference { get; } = new();

    /// <summary>
    /// Checks every input against the module's validation ranges and returns this object; throws an
    /// <see cref="InvalidInputException"/> naming the first bad input (the module variable name).
    /// </summary>
    public SizingInputs Validate()
    {
        if (string.IsNullOrWhiteSpace(InstanceType))
            Fail("asg_instance_type", "asg_instance_type is empty: give an EC2 type such as t3.small");
        if (!System.Text.RegularExpressions.Regex.IsMatch(InstanceType.Trim(), "^[a-z][0-9][a-z]?\\.[a-z0-9]+$"))
            Fail("asg_instance_type", $"asg_instance_type '{InstanceType}' is not an EC2 type name (like t3.small or c6a.xlarge)");
        if (InstanceCount < 0)
            Fail("asg_min_size", $"asg_min_size (instances) must be >= 0, got {InstanceCount}");
        Range("container_memory", ContainerMemory.Value, MinContainerMemory, MaxContainerMemory, "MB");
        if (ContainerMemoryReservation is { } r)
        {
            Range("container_memory_reservation", r.Value, 0, MaxContainerMemoryReservation, "MB");
            if (r > ContainerMemory)
                Fail("container_memory_reservation", $"container_memory_reservation ({r.Value} MB) must not exceed container_memory ({ContainerMemory.Value} MB)");
        }
        if (ContainerCpu is { } c) Range("container_cpu", c.Value, MinContainerCpu, MaxContainerCpu, "CPU units");
        if (GunicornWorkers is { } w) Range("gunicorn_workers", w, MinWorkers, MaxWorkers, "workers");
        if (TaskMinCount is < 0) Fail("task_min_count", $"task_min_count must be >= 0, got {TaskMinCount}");
        if (TaskMaxCount is <= 0) Fail("task_max_count", $"task_max_count must be > 0, got {TaskMaxCount}");
        if (TaskMinCount is { } tmin && TaskMaxCount is { } tmax && tmax < tmin)
            Fail("task_max_count", $"task_max_count ({tmax}) must be >= task_min_count ({tmin})");
        if (AsgMaxSize is <= 0) Fail("asg_max_size", $"asg_max_size must be > 0, got {AsgMaxSize}");
        if (AsgMaxSize is { } amax && amax < InstanceCount)
            Fail("asg_max_size", $"asg_max_size ({amax}) must be >= asg_min_size ({InstanceCount})");
        if (HostMemory is { } h && h.Value <= 0) Fail("host_memory", $"host_memory must be > 0 MB, got {h.Value}");
        if (SystemOverhead.Value < 0) Fail("system_overhead_mb", $"system_overhead_mb must be >= 0, got {SystemOverhead.Value}");
        if (PageCache.Value < 0) Fail("page_cache_mb", $"page_cache_mb must be >= 0, got {PageCache.Value}");
        if (AgentDaemonCpu.Value < 0) Fail("agent_daemon_cpu", $"agent_daemon_cpu must be >= 0, got {AgentDaemonCpu.Value}");
        if (AgentDaemonMemory.Value < 0) Fail("agent_daemon_memory", $"agent_daemon_memory must be >= 0, got {AgentDaemonMemory.Value}");
        if (ReservationShare.Value is <= 0 or > 100)
            Fail("reservation_share", $"reservation_share must be in (0, 100] %, got {ReservationShare.Value}");
        return this;
    }

    private static void Range(string name, long value, long min, long max, string unit)
    {
        if (value < min || value > max)
            Fail(name, $"{name} must be between {min} and {max} {unit}, got {value}");
    }

    private static void Fail(string input, string message) => throw new InvalidInputException(input, message);
}
