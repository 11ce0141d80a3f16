using System.Text.Json.Serialization;
using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>Which constraint caps tasks per instance. Serialized "RAM" / "CPU" as the module's output does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LimitingFactor>))]
public enum LimitingFactor
{
    [JsonStringEnumMemberName("RAM")] Ram,
    [JsonStringEnumMemberName("CPU")] Cpu,
}

/// <summary>Where the host memory figure of a plan came from.</summary>
public enum HostMemorySource
{
    /// <summary>Nominal memory from the EC2 API (what the reference module uses).</summary>
    Ec2Api,
    /// <summary>The catalog's measured visible memory (<c>free -m</c>).</summary>
    Measured,
    /// <summary>A figure the user gave.</summary>
    User,
}

/// <summary>
/// The capacity plan: every field of the reference module's <c>capacity_info</c> output, with the same snake_case
/// JSON names (serialize with <see cref="Json.PypiKitJson"/>), followed by PypiKit's extra fields.
/// </summary>
public sealed record CapacityPlan
{
    // ---- capacity_info, in the module's order ----
    public required string InstanceType { get; init; }
    public required int InstanceVcpuCount { get; init; }
    /// <summary>Host memory the formula used (nominal EC2 figure unless overridden, see <see cref="HostMemorySource"/>).</summary>
    public required Mebibytes InstanceRamMb { get; init; }
    /// <summary>Total host overhead: system + page cache (800 by default).</summary>
    public required Mebibytes SystemOverheadMb { get; init; }
    public required Mebibytes AvailableRamMbPerInstance { get; init; }
    public required CpuUnits AvailableCpuUnitsPerInstance { get; init; }
    public required Mebibytes ContainerMemoryMb { get; init; }
    public required Mebibytes ContainerMemoryReservationMb { get; init; }
    public required CpuUnits ContainerCpuUnits { get; init; }
    public required int TasksPerInstanceRamLimit { get; init; }
    public required int TasksPerInstanceCpuLimit { get; init; }
    public required int TasksPerInstance { get; init; }
    /// <summary>"RAM" when the RAM limit is strictly lower than the CPU limit, else "CPU" (ties report CPU, like the module).</summary>
    public required LimitingFactor LimitingFactor { get; init; }
    public required int AsgInstanceCount { get; init; }
    public required int AutoCalculatedTaskMinCount { get; init; }
    public required int ActualTaskMinCount { get; init; }
    public required int ActualTaskMaxCount { get; init; }
    public required int GunicornWorkersPerContainer { get; init; }

    // ---- PypiKit extras ----
    /// <summary>ASG maximum: the override, or the ECS module's formula.</summary>
    public required int AsgMaxSize { get; init; }
    /// <summary>Nominal memory from the EC2 API (equals <see cref="InstanceRamMb"/> unless overridden).</summary>
    public required Mebibytes InstanceNominalRamMb { get; init; }
    public required HostMemorySource HostMemorySource { get; init; }
    /// <summary>Gunicorn workers across the minimum task count: actual_task_min_count × workers per container.</summary>
    public int TotalWorkersAtMin => ActualTaskMinCount * GunicornWorkersPerContainer;
    /// <summary>Gunicorn workers across the maximum task count.</summary>
    public int TotalWorkersAtMax => ActualTaskMaxCount * GunicornWorkersPerContainer;
    /// <summary>Tasks the instances can place (tasks per instance × instances); a max above it needs more instances.</summary>
    public int PlaceableTasks => TasksPerInstance * AsgInstanceCount;
    /// <summary>Human-readable notes on the plan (warnings such as overrides that do not fit).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>What the tasks of one host may claim against what it has (over-commit means swap under a burst).</summary>
    public MemoryCommitment Memory => MemoryCommitment.Of(this);
    /// <summary>Risks of this configuration, each with the command that plans the fix (e.g. memory over-commit).</summary>
    public IReadOnlyList<SizingWarning> Warnings { get; init; } = [];
}
