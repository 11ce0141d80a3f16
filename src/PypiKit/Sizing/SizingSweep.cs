using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>What <see cref="SizingSweep.Run"/> varies and holds fixed.</summary>
public sealed record SweepOptions
{
    /// <summary>The types tried (default: the reference's t3, c6a families plus c7a and m6a).</summary>
    public IReadOnlyList<string> InstanceTypes { get; init; } =
        ["t3.small", "t3.medium", "c6a.large", "c6a.xlarge", "c6a.2xlarge", "c7a.xlarge", "m6a.xlarge"];

    /// <summary>Container memory values tried, MB (default 256, 512, 768, 1024).</summary>
    public IReadOnlyList<long> ContainerMemories { get; init; } = [256, 512, 768, 1024];

    public int InstanceCount { get; init; } = 2;

    /// <summary>Concurrent clients the latency model is evaluated at (default 510, the reference burst).</summary>
    public int Clients { get; init; } = 510;

    /// <summary>Service time for the latency model (default: calibrated on the reference run).</summary>
    public double ServiceTimeSeconds { get; init; } = LatencyCalibration.ReferenceServiceTimeSeconds;

    /// <summary>Everything else (overheads, overrides) comes from here; its type, memory and count are replaced.</summary>
    public SizingInputs Base { get; init; } = SizingInputs.Reference;

    public SweepOptions Validate()
    {
        if (InstanceTypes.Count == 0) throw new InvalidInputException("types", "give at least one instance type");
        if (ContainerMemories.Count == 0) throw new InvalidInputException("memories", "give at least one container memory");
        if (InstanceCount < 1) throw new InvalidInputException("instances", $"instances must be >= 1, got {InstanceCount}");
        if (Clients < 1) throw new InvalidInputException("concurrency", $"concurrency must be >= 1, got {Clients}");
        if (!(ServiceTimeSeconds > 0)) throw new InvalidInputException("service_time", $"service_time must be > 0, got {ServiceTimeSeconds}");
        return this;
    }
}

/// <summary>One configuration of a sweep.</summary>
public sealed record SweepRow
{
    public required string InstanceType { get; init; }
    public required Mebibytes ContainerMemoryMb { get; init; }
    public required int GunicornWorkersPerContainer { get; init; }
    public required CpuUnits ContainerCpuUnits { get; init; }
    public required int TasksPerInstance { get; init; }
    public required LimitingFactor LimitingFactor { get; init; }
    public required int TaskMinCount { get; init; }
    public required int TaskMaxCount { get; init; }
    /// <summary>Workers across the minimum task count.</summary>
    public required int TotalWorkers { get; init; }
    public required Usd Ec2MonthlyUsd { get; init; }
    /// <summary>EC2 dollars a month per gunicorn worker (lower is denser).</summary>
    public required Usd UsdPerWorkerMonth { get; init; }
    /// <summary>K / S: the most requests per second the workers can complete.</summary>
    public required double SaturationThroughputRps { get; init; }
    /// <summary>The latency model's p95 at the sweep's concurrency.</summary>
    public required double PredictedP95Seconds { get; init; }
    public required double PredictedThroughputRps { get; init; }
    public required CapacityPlan Plan { get; init; }
}

/// <summary>A sweep's rows (instance types × container memories, in that order) and what was held fixed.</summary>
public sealed record SweepResult
{
    public required int InstanceCount { get; init; }
    public required int Clients { get; init; }
    public required double ServiceTimeSeconds { get; init; }
    public required IReadOnlyList<string> InstanceTypes { get; init; }
    public required IReadOnlyList<long> ContainerMemories { get; init; }
    public required IReadOnlyList<SweepRow> Rows { get; init; }

    /// <summary>The row of one configuration, or null.</summary>
    public SweepRow? Find(string instanceType, long containerMemory) =>
        Rows.FirstOrDefault(r => string.Equals(r.InstanceType, instanceType, StringComparison.OrdinalIgnoreCase) && r.ContainerMemoryMb.Value == containerMemory);

    /// <summary>The cheapest row whose predicted p95 is at most <paramref name="p95Seconds"/>, or null.</summary>
    public SweepRow? CheapestMeeting(double p95Seconds) =>
        Rows.Where(r => r.PredictedP95Seconds <= p95Seconds).OrderBy(r => r.Ec2MonthlyUsd.Value).ThenBy(r => r.PredictedP95Seconds).FirstOrDefault();
}

/// <summary>Plans every instance type × container memory and evaluates cost and the latency model on each.</summary>
public static class SizingSweep
{
    public static SweepResult Run(SweepOptions options, InstanceCatalog? catalog = null)
    {
        options.Validate();
        var cat = catalog ?? InstanceCatalog.Default;
        var types = options.InstanceTypes.Select(cat.Get).ToArray(); // unknown names fail before any work
        var rows = new List<SweepRow>();
        foreach (var type in types)
            foreach (var memory in options.ContainerMemories)
            {
                var inputs = options.Base with { InstanceType = type.Name, ContainerMemory = new Mebibytes(memory), InstanceCount = options.InstanceCount };
                var plan = CapacityPlanner.Plan(inputs, type);
                int workers = Math.Max(1, plan.TotalWorkersAtMin);
                var prediction = LatencyModel.Predict(new LatencyModelInputs { Workers = workers, Clients = options.Clients, ServiceTimeSeconds = options.ServiceTimeSeconds });
                var ec2 = CostModel.Ec2Monthly(type, options.InstanceCount);
                rows.Add(new SweepRow
                {
                    InstanceType = type.Name,
                    ContainerMemoryMb = plan.ContainerMemoryMb,
                    GunicornWorkersPerContainer = plan.GunicornWorkersPerContainer,
                    ContainerCpuUnits = plan.ContainerCpuUnits,
                    TasksPerInstance = plan.TasksPerInstance,
                    LimitingFactor = plan.LimitingFactor,
                    TaskMinCount = plan.ActualTaskMinCount,
                    TaskMaxCount = plan.ActualTaskMaxCount,
                    TotalWorkers = plan.TotalWorkersAtMin,
                    Ec2MonthlyUsd = ec2,
                    UsdPerWorkerMonth = new Usd(Math.Round(ec2.Value / workers, 2)),
                    SaturationThroughputRps = prediction.SaturationThroughputRps,
                    PredictedP95Seconds = prediction.P95LatencySeconds,
                    PredictedThroughputRps = prediction.ThroughputRps,
                    Plan = plan,
                });
            }
        return new SweepResult
        {
            InstanceCount = options.InstanceCount,
            Clients = options.Clients,
            ServiceTimeSeconds = options.ServiceTimeSeconds,
            InstanceTypes = types.Select(t => t.Name).ToArray(),
            ContainerMemories = options.ContainerMemories.ToArray(),
            Rows = rows,
        };
    }
}
