using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// How much memory the tasks one host places may claim, against what the host has for them. ECS places a task by its
/// soft reservation, but each container may grow to its hard limit: when tasks per instance × hard limit exceeds the RAM
/// left after system overhead and page cache, a host whose tasks all get busy at once (a CI burst) swaps or loses a task
/// to the OOM killer — the pattern behind the 2025-12-27 incident (a t3.micro at 748 MB swapped, 84 % iowait).
/// </summary>
public sealed record MemoryCommitment
{
    /// <summary>Tasks ECS places on one instance (by reservation).</summary>
    public required int TasksPerInstance { get; init; }
    /// <summary>One container's hard memory limit.</summary>
    public required Mebibytes HardLimitPerTask { get; init; }
    /// <summary>RAM left for tasks on one instance (host memory − system overhead − page cache).</summary>
    public required Mebibytes AvailablePerInstance { get; init; }

    /// <summary>Σ hard limits on one instance: tasks per instance × hard limit.</summary>
    public Mebibytes HardLimitsPerInstance => HardLimitPerTask * TasksPerInstance;
    /// <summary>How far the hard limits exceed the available RAM (0 when they fit).</summary>
    public Mebibytes OverCommit => new(Math.Max(0, HardLimitsPerInstance.Value - AvailablePerInstance.Value));
    /// <summary>True when the tasks of one host can together claim more memory than it has for them.</summary>
    public bool IsOverCommitted => OverCommit.Value > 0;
    /// <summary>Σ hard limits / available RAM (1.23 = 23 % over-committed; above 1 is over-commit).</summary>
    public double CommitRatio => AvailablePerInstance.Value <= 0 ? double.PositiveInfinity : HardLimitsPerInstance.Value / (double)AvailablePerInstance.Value;

    /// <summary>The largest hard limit with which today's task count fits: ⌊available / tasks per instance⌋.</summary>
    public Mebibytes FittingHardLimit => new(TasksPerInstance <= 0 ? 0 : Math.Max(0, AvailablePerInstance.Value / TasksPerInstance));
    /// <summary>How many tasks of this hard limit fit in the available RAM: ⌊available / hard limit⌋.</summary>
    public int FittingTasksPerInstance => HardLimitPerTask.Value <= 0 ? TasksPerInstance : (int)Math.Max(0, AvailablePerInstance.Value / HardLimitPerTask.Value);

    /// <summary>The commitment of a plan's placement.</summary>
    public static MemoryCommitment Of(CapacityPlan plan) => new()
    {
        TasksPerInstance = plan.TasksPerInstance,
        HardLimitPerTask = plan.ContainerMemoryMb,
        AvailablePerInstance = plan.AvailableRamMbPerInstance,
    };
}
