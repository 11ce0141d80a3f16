using System.Globalization;
using PypiKit.Host;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Sandbox.Lab;

/// <summary>
/// How a capacity plan maps onto the sandbox on this machine: one sandbox instance per ECS task of one host, the
/// plan's gunicorn workers as each instance's concurrency limit, and the plan's container hard limit, reservation and
/// host budget as lines the run is measured against (the sandbox enforces none of them: no cgroup limits).
/// </summary>
public sealed record LabPlanMapping
{
    public required int SandboxInstances { get; init; }
    public required int WorkersPerInstance { get; init; }
    /// <summary>True when <see cref="SandboxInstances"/> was given instead of taken from the plan.</summary>
    public required bool InstancesOverridden { get; init; }
    public required string InstanceType { get; init; }
    public required int PlanTasksPerHost { get; init; }
    public required int PlanHosts { get; init; }
    public required int PlanTasks { get; init; }
    public required int PlanWorkers { get; init; }
    public required string LimitingFactor { get; init; }
    public required double HardLimitMib { get; init; }
    public required double ReservationMib { get; init; }
    /// <summary>Host memory the plan keeps for the page cache and the system, MiB.</summary>
    public required double HostBudgetMib { get; init; }
    public required double ContainerCpuUnits { get; init; }
    public required int MachineCores { get; init; }
    /// <summary>One sentence per mapped quantity, saying how it scales to the plan's fleet.</summary>
    public required IReadOnlyList<string> Scaling { get; init; }

    public int SandboxWorkers => SandboxInstances * WorkersPerInstance;

    /// <summary>The mapping of <paramref name="plan"/>; <paramref name="sandboxInstances"/> replaces the plan's tasks per host.</summary>
    public static LabPlanMapping From(CapacityPlan plan, int? sandboxInstances, int machineCores)
    {
        var ci = CultureInfo.InvariantCulture;
        int n = sandboxInstances ?? plan.TasksPerInstance;
        if (n < 1) throw new InvalidInputException("sandbox_instances",
            $"the plan puts {plan.TasksPerInstance} tasks on a {plan.InstanceType}: nothing to run (give --sandbox-instances or a larger --instance)");
        int w = plan.GunicornWorkersPerContainer;
        int tasks = plan.ActualTaskMinCount;
        int planWorkers = tasks * w;
        string limiting = plan.LimitingFactor == Sizing.LimitingFactor.Ram ? "RAM" : "CPU";
        double hard = plan.ContainerMemoryMb.Value, reservation = plan.ContainerMemoryReservationMb.Value, budget = plan.SystemOverheadMb.Value;
        string S(FormattableString f) => f.ToString(ci);
        var scaling = new List<string>
        {
            sandboxInstances is null
                ? S($"tasks → instances: one sandbox instance per ECS task of one host; the plan puts {plan.TasksPerInstance} task(s) on each {plan.InstanceType} (limited by {limiting}), so the lab runs {n}.")
                : S($"tasks → instances: {n} sandbox instance(s) as asked, where the plan puts {plan.TasksPerInstance} task(s) on each {plan.InstanceType} (limited by {limiting})."),
            S($"gunicorn workers → workers: each instance serves at most {w} requests at once, {n * w} on this machine; the plan's fleet at its minimum runs {tasks} task(s) on {plan.AsgInstanceCount} host(s), {planWorkers} workers, {(n * w > 0 ? (double)planWorkers / (n * w) : 0):0.##}× this run."),
            S($"container memory → lines: the {hard:0} MiB hard limit and the {reservation:0} MiB reservation are drawn against each instance's RSS; the sandbox enforces neither, so RSS above them shows what ECS would have stopped or squeezed."),
            S($"host memory → line: the plan keeps {budget:0} MiB of each host for the page cache and the system; this machine's available memory is drawn against it (one machine stands for one host)."),
            S($"CPU: the plan's {plan.ContainerCpuUnits.Value} CPU units per container are not enforced; the instances share this machine's {machineCores} cores with the load generator, so the burst model serves with K = {n * w} workers on C = {machineCores} cores (the cores cap only the CPU part of each request)."),
        };
        return new LabPlanMapping
        {
            SandboxInstances = n,
            WorkersPerInstance = w,
            InstancesOverridden = sandboxInstances is not null,
            InstanceType = plan.InstanceType,
            PlanTasksPerHost = plan.TasksPerInstance,
            PlanHosts = plan.AsgInstanceCount,
            PlanTasks = tasks,
            PlanWorkers = planWorkers,
            LimitingFactor = limiting,
            HardLimitMib = hard,
            ReservationMib = reservation,
            HostBudgetMib = budget,
            ContainerCpuUnits = plan.ContainerCpuUnits.Value,
            MachineCores = machineCores,
            Scaling = scaling,
        };
    }

    /// <summary>The figures <see cref="HostVerdicts"/> judges the sampling against; EFS credits only in bursting mode.</summary>
    public HostPlanFigures Figures(EfsThroughputMode efsMode, double efsStorageGib) => new()
    {
        ContainerHardLimitMib = HardLimitMib,
        ReservationMib = ReservationMib,
        HostAvailableBudgetMib = HostBudgetMib,
        EfsBurstingStorage = efsMode == EfsThroughputMode.Bursting ? Bytes.FromGibibytes(efsStorageGib) : null,
    };
}
