using PypiKit.Sizing;

namespace PypiKit.Automation.Model;

/// <summary>
/// The numbers the stack takes from a capacity plan (PypiKit.Sizing): instance type, container CPU/memory/reservation,
/// gunicorn workers, task and ASG counts. Field names follow the reference's <c>capacity_info</c> output.
/// <see cref="Reference"/> is the reference module's default deployment (t3.small, 512 MiB containers, 2 instances).
/// </summary>
public sealed record StackSizing
{
    public required string InstanceType { get; init; }
    public required int InstanceVcpuCount { get; init; }
    public required long InstanceRamMb { get; init; }
    public required long ContainerMemoryMb { get; init; }
    public required long ContainerMemoryReservationMb { get; init; }
    public required long ContainerCpuUnits { get; init; }
    public required int GunicornWorkersPerContainer { get; init; }
    public required int TasksPerInstance { get; init; }
    public required string LimitingFactor { get; init; }
    public required int AsgMinSize { get; init; }
    public required int AsgMaxSize { get; init; }
    public required int TaskMinCount { get; init; }
    public required int TaskMaxCount { get; init; }
    /// <summary>The instance type's architecture from the catalogue (x86_64 unless said otherwise).</summary>
    public CpuArchitecture Architecture { get; init; } = CpuArchitecture.X86_64;

    /// <summary>t3.small × 2, container 512 MiB → 4 workers, 640 CPU units, 384 MiB reservation, 3 tasks/instance, 6..12 tasks, ASG 2..6 (reference §2.2/§2.3).</summary>
    public static StackSizing Reference { get; } = new()
    {
        InstanceType = "t3.small", InstanceVcpuCount = 2, InstanceRamMb = 2048,
        ContainerMemoryMb = 512, ContainerMemoryReservationMb = 384, ContainerCpuUnits = 640, GunicornWorkersPerContainer = 4,
        TasksPerInstance = 3, LimitingFactor = "CPU", AsgMinSize = 2, AsgMaxSize = 6, TaskMinCount = 6, TaskMaxCount = 12,
    };

    /// <summary>The stack's numbers from a capacity plan (PypiKit.Sizing); the architecture from the planned type's catalogue row.</summary>
    public static StackSizing FromPlan(CapacityPlan plan, InstanceType? type = null) => new()
    {
        Architecture = type is null ? CpuArchitecture.X86_64 : CpuArchitectures.Parse(type.Architecture, "instance_type"),
        InstanceType = plan.InstanceType,
        InstanceVcpuCount = plan.InstanceVcpuCount,
        InstanceRamMb = plan.InstanceRamMb.Value,
        ContainerMemoryMb = plan.ContainerMemoryMb.Value,
        ContainerMemoryReservationMb = plan.ContainerMemoryReservationMb.Value,
        ContainerCpuUnits = plan.ContainerCpuUnits.Value,
        GunicornWorkersPerContainer = plan.GunicornWorkersPerContainer,
        TasksPerInstance = plan.TasksPerInstance,
        LimitingFactor = plan.LimitingFactor == Sizing.LimitingFactor.Ram ? "RAM" : "CPU",
        AsgMinSize = plan.AsgInstanceCount,
        AsgMaxSize = plan.AsgMaxSize,
        TaskMinCount = plan.ActualTaskMinCount,
        TaskMaxCount = plan.ActualTaskMaxCount,
    };

    public StackSizing Validate()
    {
        Check(!string.IsNullOrWhiteSpace(InstanceType), "instance_type", "is required");
        Check(ContainerMemoryMb is >= 128 and <= 30720, "container_memory", "must be 128..30720 MiB");
        Check(ContainerMemoryReservationMb >= 0 && ContainerMemoryReservationMb <= ContainerMemoryMb, "container_memory_reservation", "must be 0..container_memory");
        Check(ContainerCpuUnits is >= 128 and <= 4096, "container_cpu", "must be 128..4096 CPU units");
        Check(GunicornWorkersPerContainer is >= 1 and <= 16, "gunicorn_workers", "must be 1..16");
        Check(TaskMinCount >= 1 && TaskMaxCount >= TaskMinCount, "task_max_count", "must be >= task_min_count >= 1");
        Check(AsgMinSize >= 1 && AsgMaxSize >= AsgMinSize, "asg_max_size", "must be >= asg_min_size >= 1");
        return this;
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok) throw new InvalidInputException(field, $"{field} {message}.");
    }
}
