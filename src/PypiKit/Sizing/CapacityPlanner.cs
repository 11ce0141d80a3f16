using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// The reference module's sizing formulas (infrahouse/terraform-aws-pypiserver 2.3.0 main.tf/locals.tf, and the ECS
/// module 7.12.0's ASG maximum), as pure functions. <see cref="Plan(SizingInputs, InstanceCatalog?)"/> chains them.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>Memory per gunicorn worker in the default worker formula: 128 MB (main.tf <c>floor(container_memory / 128)</c>).</summary>
    public const long MemoryPerWorker = 128;
    /// <summary>Bounds of the automatic worker count: 2..8 (main.tf <c>max(2, min(8, …))</c>).</summary>
    public const int MinAutoWorkers = 2, MaxAutoWorkers = 8;
    /// <summary>CPU units per worker in the default CPU formula: 150 (main.tf <c>workers * 150 + 40</c>).</summary>
    public const long CpuPerWorker = 150;
    /// <summary>CPU units for the gunicorn master and the health check: 40 (main.tf <c>workers * 150 + 40</c>).</summary>
    public const long CpuBase = 40;
    /// <summary>Default task maximum as a multiple of the minimum: 2 (main.tf <c>task_min_count * 2</c>).</summary>
    public const int TaskMaxMultiplier = 2;

    /// <summary>workers = max(2, min(8, ⌊container_memory / 128⌋)).</summary>
    public static int DefaultWorkers(Mebibytes containerMemory) =>
        (int)Math.Max(MinAutoWorkers, Math.Min(MaxAutoWorkers, containerMemory.Value / MemoryPerWorker));

    /// <summary>container_cpu = workers × 150 + 40.</summary>
    public static CpuUnits DefaultContainerCpu(int workers) => new(workers * CpuPerWorker + CpuBase);

    /// <summary>reservation = ⌊container_memory × 0.75⌋ (share overridable).</summary>
    public static Mebibytes DefaultReservation(Mebibytes containerMemory, Percent? share = null) =>
        new((long)Math.Floor(containerMemory.Value * (share ?? SizingInputs.DefaultReservationShare).Fraction));

    /// <summary>Host RAM left for tasks: host memory − system overhead − page cache.</summary>
    public static Mebibytes AvailableRam(Mebibytes hostMemory, Mebibytes systemOverhead, Mebibytes pageCache) =>
        hostMemory - systemOverhead - pageCache;

    /// <summary>Host CPU left for tasks: vCPUs × 1024 − agent daemon CPU.</summary>
    public static CpuUnits AvailableCpu(int vcpus, CpuUnits agentDaemonCpu) => CpuUnits.FromVcpus(vcpus) - agentDaemonCpu;

    /// <summary>max(1, ⌊available RAM / reservation⌋) (a zero reservation places no RAM limit: int.MaxValue).</summary>
    public static int TasksByRam(Mebibytes availableRam, Mebibytes reservation) =>
        reservation.Value <= 0 ? int.MaxValue : (int)Math.Max(1, FloorDiv(availableRam.Value, reservation.Value));

    /// <summary>max(1, ⌊available CPU / container CPU⌋).</summary>
    public static int TasksByCpu(CpuUnits availableCpu, CpuUnits containerCpu) =>
        (int)Math.Max(1, FloorDiv(availableCpu.Value, containerCpu.Value));

    /// <summary>
    /// The ECS module 7.12.0's ASG maximum when <c>asg_max_size</c> is null:
    /// max(⌈task_max / ((mem − 1024 − daemon_mem) / reservation)⌉, ⌈task_max / ((vcpus·1024 − daemon_cpu) / container_cpu)⌉, asg_min + 1).
    /// Divisions are real (Terraform numbers), not integer. It uses a 1024 MiB host overhead (+256 for the daemon), not the
    /// anchor's 800, so the two modules disagree; it only affects the ASG maximum. A term whose divisor is ≤ 0 (a host
    /// too small for the ECS module's overhead, e.g. a t3.micro) is skipped, where Terraform would fail or go negative.
    /// </summary>
    public static int AsgMax(int taskMax, Mebibytes hostMemory, int vcpus, Mebibytes reservation, CpuUnits containerCpu, int asgMin,
        Mebibytes? ecsHostOverhead = null, Mebibytes? daemonMemory = null, CpuUnits? daemonCpu = null)
    {
        double memPerHost = (hostMemory - (ecsHostOverhead ?? SizingInputs.DefaultEcsModuleHostOverhead) - (daemonMemory ?? SizingInputs.DefaultAgentDaemonMemory)).Value
                            / (double)reservation.Value;
        double cpuPerHost = (CpuUnits.FromVcpus(vcpus) - (daemonCpu ?? SizingInputs.DefaultAgentDaemonCpu)).Value / (double)containerCpu.Value;
        int result = asgMin + 1;
        if (memPerHost > 0 && reservation.Value > 0) result = Math.Max(result, (int)Math.Ceiling(taskMax / memPerHost));
        if (cpuPerHost > 0) result = Math.Max(result, (int)Math.Ceiling(taskMax / cpuPerHost));
        return result;
    }

    /// <summary>Plans with the default catalog.</summary>
    public static CapacityPlan Plan(SizingInputs inputs) => Plan(inputs, (InstanceCatalog?)null);

    /// <summary>
    /// Validates <paramref name="inputs"/> and computes the whole plan (module semantics, overrides honoured).
    /// </summary>
    public static CapacityPlan Plan(SizingInputs inputs, InstanceCatalog? catalog)
    {
        inputs.Validate();
        var type = (catalog ?? InstanceCatalog.Default).Get(inputs.InstanceType);
        return Plan(inputs, type);
    }

    /// <summary>Computes the plan for an explicit instance type (inputs.InstanceType is ignored).</summary>
    public static CapacityPlan Plan(SizingInputs inputs, InstanceType type)
    {
        inputs.Validate();
        var notes = new List<string>();

        var (hostMemory, source) = inputs.HostMemory is { } h ? (h, HostMemorySource.User)
            : inputs.UseVisibleMemory && type.VisibleMemory is { } v ? (v, HostMemorySource.Measured)
            : (type.Memory, HostMemorySource.Ec2Api);

        var overhead = inputs.SystemOverhead + inputs.PageCache;
        var availableRam = AvailableRam(hostMemory, inputs.SystemOverhead, inputs.PageCache);
        var availableCpu = AvailableCpu(type.Vcpus, inputs.AgentDaemonCpu);
        var reservation = inputs.ContainerMemoryReservation ?? DefaultReservation(inputs.ContainerMemory, inputs.ReservationShare);
        int workers = inputs.GunicornWorkers ?? DefaultWorkers(inputs.ContainerMemory);
        var cpu = inputs.ContainerCpu ?? DefaultContainerCpu(workers);

        int byRam = TasksByRam(availableRam, reservation);
        int byCpu = TasksByCpu(availableCpu, cpu);
        int perInstance = Math.Min(byRam, byCpu);
        var limiting = byRam < byCpu ? LimitingFactor.Ram : LimitingFactor.Cpu;

        int autoMin = perInstance * inputs.InstanceCount;
        int taskMin = inputs.TaskMinCount ?? autoMin;
        int taskMax = inputs.TaskMaxCount ?? taskMin * TaskMaxMultiplier;
        if (taskMax < taskMin)
            throw new InvalidInputException("task_max_count", $"task_max_count ({taskMax}) must be >= task_min_count ({taskMin})");

        int asgMax = inputs.AsgMaxSize ?? AsgMax(taskMax, hostMemory, type.Vcpus, reservation, cpu, inputs.InstanceCount,
            inputs.EcsModuleHostOverhead, inputs.AgentDaemonMemory, inputs.AgentDaemonCpu);

        if (availableRam.Value < reservation.Value)
            notes.Add($"available RAM ({availableRam.Value} MB) is below one reservation ({reservation.Value} MB): the max(1, …) floor still places 1 task per instance, which will swap under load");
        if (availableCpu.Value < cpu.Value)
            notes.Add($"available CPU ({availableCpu.Value} units) is below one container's CPU ({cpu.Value}): ECS cannot place even the floor's 1 task");
        if (taskMin > autoMin)
            notes.Add($"task_min_count {taskMin} exceeds what {inputs.InstanceCount} instance(s) hold ({autoMin}): capacity-provider scaling must add instances");
        if (inputs.PageCache != SizingInputs.DefaultPageCache)
            notes.Add($"page cache {inputs.PageCache.Value} MB instead of the module's 500 MB");
        if (source != HostMemorySource.Ec2Api)
            notes.Add($"sized against {hostMemory.Value} MB of host memory ({source}), not the nominal {type.Memory.Value} MiB the module uses");

        var plan = new CapacityPlan
        {
            InstanceType = type.Name,
            InstanceVcpuCount = type.Vcpus,
            InstanceRamMb = hostMemory,
            SystemOverheadMb = overhead,
            AvailableRamMbPerInstance = availableRam,
            AvailableCpuUnitsPerInstance = availableCpu,
            ContainerMemoryMb = inputs.ContainerMemory,
            ContainerMemoryReservationMb = reservation,
            ContainerCpuUnits = cpu,
            TasksPerInstanceRamLimit = byRam,
            TasksPerInstanceCpuLimit = byCpu,
            TasksPerInstance = perInstance,
            LimitingFactor = limiting,
            AsgInstanceCount = inputs.InstanceCount,
            AutoCalculatedTaskMinCount = autoMin,
            ActualTaskMinCount = taskMin,
            ActualTaskMaxCount = taskMax,
            GunicornWorkersPerContainer = workers,
            AsgMaxSize = asgMax,
            InstanceNominalRamMb = type.Memory,
            HostMemorySource = source,
            Notes = notes,
        };
        return plan with { Warnings = MemoryWarnings(plan, inputs, type) };
    }

    /// <summary>
    /// The over-commit warning of a plan (none when Σ hard limits fit), with the smallest change that removes it:
    /// reserving the whole hard limit (ECS then places only the tasks that fit), else a hard limit that fits one task.
    /// </summary>
    public static IReadOnlyList<SizingWarning> MemoryWarnings(CapacityPlan plan, SizingInputs inputs, InstanceType type)
    {
        var m = plan.Memory;
        if (!m.IsOverCommitted) return [];
        string what = $"{m.TasksPerInstance} tasks × {m.HardLimitPerTask.Value} MB hard limit = {m.HardLimitsPerInstance.Value} MB per instance on " +
                      $"{m.AvailablePerInstance.Value} MB available ({(m.CommitRatio - 1) * 100:0} % over-committed): ECS places tasks by their " +
                      $"{plan.ContainerMemoryReservationMb.Value} MB reservation, so when every task grows under a burst the host needs " +
                      $"{m.OverCommit.Value} MB it does not have and swaps or OOM-kills a task";
        SizingInputs? fixedInputs = null;
        string? how = null;
        if (m.FittingTasksPerInstance >= 1)
        {
            fixedInputs = inputs with { ContainerMemoryReservation = inputs.ContainerMemory };
            var p = Plan(fixedInputs, type);
            how = $"reserve the whole hard limit: {p.TasksPerInstance} tasks per instance, {p.Memory.HardLimitsPerInstance.Value} of {p.AvailableRamMbPerInstance.Value} MB, {p.TotalWorkersAtMin} workers at the minimum";
        }
        else if (m.AvailablePerInstance.Value >= SizingInputs.MinContainerMemory)
        {
            var mem = new Units.Mebibytes(m.AvailablePerInstance.Value);
            fixedInputs = inputs with { ContainerMemory = mem, ContainerMemoryReservation = mem };
            how = $"a {mem.Value} MB hard limit (all the host has for tasks), reserved in full";
        }
        string message = fixedInputs is null
            ? $"{what}; no container fits this host: choose a larger instance type"
            : $"{what}; fix: {how}";
        return [new SizingWarning(SizingWarning.MemoryOverCommit, message, fixedInputs is null ? null : SizingCommandLine.For(fixedInputs))];
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor(a / (double)b);
}
