using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>
/// A workload class of the reference SIZING guide with the configuration it recommends and the performance it expects.
/// </summary>
public sealed record WorkloadProfile
{
    /// <summary>Key: light, medium, heavy, very-heavy.</summary>
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>Upper bound of the class (exclusive); null for the open-ended very heavy class.</summary>
    public int? MaxPackages { get; init; }
    public int? MaxUsers { get; init; }
    public int? MaxBurstPerMinute { get; init; }
    public required string CiJobs { get; init; }
    public required string InstanceType { get; init; }
    public int InstanceCount { get; init; } = 2;
    public Mebibytes ContainerMemory { get; init; } = new(512);
    /// <summary>Largest burst (concurrent clients) the guide expects the configuration to absorb.</summary>
    public required int BurstClients { get; init; }
    /// <summary>The guide's p95 expectation under a burst.</summary>
    public required double ExpectedBurstP95Seconds { get; init; }
    /// <summary>The guide's error-rate expectation under a burst.</summary>
    public required Percent ExpectedBurstErrorRate { get; init; }
    /// <summary>Monthly cost quoted by the reference SIZING.md quick-recommendation table.</summary>
    public required Usd GuideMonthlyCost { get; init; }
    /// <summary>Whether the guide's figures were measured (only heavy was) or estimated.</summary>
    public bool Measured { get; init; }
}

/// <summary>A recommended configuration with its plan, cost, predicted burst latency and the reasons.</summary>
public sealed record WorkloadRecommendation
{
    public required WorkloadProfile Profile { get; init; }
    public required SizingInputs Inputs { get; init; }
    public required CapacityPlan Plan { get; init; }
    public required CostBreakdown Cost { get; init; }
    /// <summary>The latency model at the profile's burst size, with all tasks at their minimum count.</summary>
    public required LatencyPrediction BurstPrediction { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    /// <summary>Burst demand given by the user (requests per minute), when one was given.</summary>
    public int? DemandPerMinute { get; init; }
    /// <summary>Where the configuration misses the demand or the profile's p95 target, with a configuration that meets both.</summary>
    public IReadOnlyList<SizingWarning> Warnings { get; init; } = [];
}

/// <summary>
/// The reference SIZING guide's four workload profiles (quick recommendations, expected performance, error-rate and
/// cost tables; §11.4 of the reference) → a concrete configuration, its plan and the reasons for it.
/// </summary>
public static class WorkloadProfiles
{
    /// <summary>&lt; 50 packages, &lt; 5 users, few CI jobs, bursts &lt; 50/min: 2 × t3.small (~$30/mo), p95 &lt; 2 s, errors &lt; 0.1 %.</summary>
    public static WorkloadProfile Light { get; } = new()
    {
        Name = "light", Title = "Light", MaxPackages = 50, MaxUsers = 5, MaxBurstPerMinute = 50, CiJobs = "few",
        InstanceType = "t3.small", BurstClients = 50, ExpectedBurstP95Seconds = 2, ExpectedBurstErrorRate = new(0.1),
        GuideMonthlyCost = new(30m),
    };

    /// <summary>50–200 packages, 5–20 users, bursts 50–200/min: 2 × c6a.large (~$110/mo), p95 &lt; 10 s in bursts, errors &lt; 0.5 %.</summary>
    public static WorkloadProfile Medium { get; } = new()
    {
        Name = "medium", Title = "Medium", MaxPackages = 200, MaxUsers = 20, MaxBurstPerMinute = 200, CiJobs = "moderate",
        InstanceType = "c6a.large", BurstClients = 200, ExpectedBurstP95Seconds = 10, ExpectedBurstErrorRate = new(0.5),
        GuideMonthlyCost = new(110m),
    };

    /// <summary>200–500 packages, 20–50 users, bursts 200–500/min: 2 × c6a.xlarge (~$220/mo); the validated run (510 clients, p95 14 s, 0.05 %).</summary>
    public static WorkloadProfile Heavy { get; } = new()
    {
        Name = "heavy", Title = "Heavy", MaxPackages = 500, MaxUsers = 50, MaxBurstPerMinute = 500, CiJobs = "many",
        InstanceType = "c6a.xlarge", BurstClients = 510, ExpectedBurstP95Seconds = 14, ExpectedBurstErrorRate = new(0.05),
        GuideMonthlyCost = new(220m), Measured = true,
    };

    /// <summary>500+ packages, 50+ users, continuous CI, bursts 500+/min: 2 × c6a.2xlarge with 1024 MB containers (~$440/mo), p95 &lt; 15 s for bursts up to 1000.</summary>
    public static WorkloadProfile VeryHeavy { get; } = new()
    {
        Name = "very-heavy", Title = "Very heavy", CiJobs = "continuous", InstanceType = "c6a.2xlarge",
        ContainerMemory = new(1024), BurstClients = 1000, ExpectedBurstP95Seconds = 15, ExpectedBurstErrorRate = new(0.05),
        GuideMonthlyCost = new(440m),
    };

    public static IReadOnlyList<WorkloadProfile> All { get; } = [Light, Medium, Heavy, VeryHeavy];

    /// <summary>The profile called <paramref name="name"/> (light, medium, heavy, very-heavy; also "very heavy", "very_heavy", "veryheavy").</summary>
    public static WorkloadProfile Get(string name)
    {
        var key = new string((name ?? "").Where(char.IsLetter).ToArray()).ToLowerInvariant();
        return All.FirstOrDefault(p => p.Name.Replace("-", "") == key)
            ?? throw new InvalidInputException("profile", $"unknown workload profile '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");
    }

    /// <summary>The smallest profile whose bounds hold every figure given (packages, users, burst requests per minute).</summary>
    public static WorkloadProfile Classify(int packages = 0, int users = 0, int burstPerMinute = 0)
    {
        if (packages < 0) throw new InvalidInputException("packages", $"packages must be >= 0, got {packages}");
        if (users < 0) throw new InvalidInputException("users", $"users must be >= 0, got {users}");
        if (burstPerMinute < 0) throw new InvalidInputException("burst_per_minute", $"burst_per_minute must be >= 0, got {burstPerMinute}");
        foreach (var p in All)
        {
            bool fits = (p.MaxPackages is null || packages < p.MaxPackages) && (p.MaxUsers is null || users < p.MaxUsers)
                        && (p.MaxBurstPerMinute is null || burstPerMinute < p.MaxBurstPerMinute);
            if (fits) return p;
        }
        return VeryHeavy;
    }

    public static WorkloadRecommendation Recommend(string name) => Recommend(Get(name));

    /// <summary>Largest instance count <see cref="FindConfiguration"/> tries per instance type.</summary>
    public const int MaxSearchInstances = 40;

    /// <summary>
    /// Plans, prices (prod shape) and predicts the profile's configuration, and says why it is recommended. With
    /// <paramref name="demandPerMinute"/> (burst requests per minute), checks the configuration serves it; either way checks
    /// the model's p95 at the profile's burst against the profile's target, and where one is missed names the smallest
    /// configuration (profile instance types in order, more instances) that meets both.
    /// </summary>
    public static WorkloadRecommendation Recommend(WorkloadProfile profile, InstanceCatalog? catalog = null, PriceCatalog? prices = null,
        int? demandPerMinute = null)
    {
        var rec = RecommendAsIs(profile, catalog, prices);
        double? demandRps = demandPerMinute is { } d ? d / 60.0 : null;
        var warnings = new List<SizingWarning>();
        var pred = rec.BurstPrediction;
        bool demandMissed = demandRps is { } rps && rps > pred.SaturationThroughputRps;
        bool latencyMissed = pred.P95LatencySeconds > profile.ExpectedBurstP95Seconds;
        if (!demandMissed && !latencyMissed) return rec with { DemandPerMinute = demandPerMinute };

        var found = FindConfiguration(profile.BurstClients, demandRps ?? 0, profile.ExpectedBurstP95Seconds, catalog ?? InstanceCatalog.Default);
        string remedy = found is { } f
            ? $"{f.Inputs.InstanceCount} × {f.Inputs.InstanceType} with {f.Inputs.ContainerMemory.Value} MB containers ({f.Plan.TotalWorkersAtMin} workers) meets it: up to {f.Prediction.SaturationThroughputRps:0.#} req/s, p95 {f.Prediction.P95LatencySeconds:0.#} s at {profile.BurstClients} clients"
            : $"no configuration of {string.Join(", ", All.Select(p => p.InstanceType).Distinct())} up to {MaxSearchInstances} instances meets it in the latency model";
        string? fix = found is { } g ? SizingCommandLine.For(g.Inputs) : null;
        if (demandMissed)
            warnings.Add(new SizingWarning(SizingWarning.DemandNotMet,
                $"the demand of {demandPerMinute:N0} requests/min ({demandRps:N0} req/s) exceeds what {rec.Plan.AsgInstanceCount} × {rec.Plan.InstanceType} serves " +
                $"({pred.SaturationThroughputRps:0.#} req/s with {pred.Workers} workers at {pred.ServiceTimeSeconds:0.###} s each); {remedy}", fix));
        if (latencyMissed)
            warnings.Add(new SizingWarning(SizingWarning.LatencyTargetMissed,
                $"the model's p95 at {profile.BurstClients} clients is {pred.P95LatencySeconds:0.#} s, above the {profile.Title.ToLowerInvariant()} profile's target of {profile.ExpectedBurstP95Seconds:0.#} s; {remedy}", fix));
        return rec with { DemandPerMinute = demandPerMinute, Warnings = warnings };
    }

    /// <summary>A configuration with its plan and the latency model's prediction at a burst.</summary>
    public sealed record Candidate(SizingInputs Inputs, CapacityPlan Plan, LatencyPrediction Prediction);

    /// <summary>
    /// The first configuration — the profiles' instance types in order, 2 to <see cref="MaxSearchInstances"/> instances —
    /// whose minimum task count serves <paramref name="demandRps"/> (saturation throughput) with a p95 at or below
    /// <paramref name="p95TargetSeconds"/> for <paramref name="burstClients"/> clients, or null when none does.
    /// </summary>
    public static Candidate? FindConfiguration(int burstClients, double demandRps, double p95TargetSeconds, InstanceCatalog? catalog = null)
    {
        var cat = catalog ?? InstanceCatalog.Default;
        foreach (var profile in All)
        {
            for (int n = profile.InstanceCount; n <= MaxSearchInstances; n++)
            {
                var inputs = new SizingInputs { InstanceType = profile.InstanceType, InstanceCount = n, ContainerMemory = profile.ContainerMemory };
                var plan = CapacityPlanner.Plan(inputs, cat);
                var prediction = LatencyModel.Predict(LatencyModelInputs.FromPlan(plan, burstClients));
                if (prediction.SaturationThroughputRps >= demandRps && prediction.P95LatencySeconds <= p95TargetSeconds)
                    return new Candidate(inputs, plan, prediction);
            }
        }
        return null;
    }

    private static WorkloadRecommendation RecommendAsIs(WorkloadProfile profile, InstanceCatalog? catalog, PriceCatalog? prices)
    {
        var cat = catalog ?? InstanceCatalog.Default;
        var inputs = new SizingInputs { InstanceType = profile.InstanceType, InstanceCount = profile.InstanceCount, ContainerMemory = profile.ContainerMemory };
        var plan = CapacityPlanner.Plan(inputs, cat);
        var type = cat.Get(profile.InstanceType);
        var cost = CostModel.Monthly(CostInputs.Prod(profile.InstanceType, profile.InstanceCount), cat, prices);
        var prediction = LatencyModel.Predict(LatencyModelInputs.FromPlan(plan, profile.BurstClients));

        var reasons = new List<string>
        {
            $"{profile.Title}: {(profile.MaxPackages is { } mp ? $"< {mp} packages" : "500+ packages")}, {(profile.MaxUsers is { } mu ? $"< {mu} users" : "50+ users")}, {profile.CiJobs} CI jobs, bursts {(profile.MaxBurstPerMinute is { } mb ? $"< {mb}/min" : "500+/min")} (reference SIZING guide).",
            $"{profile.InstanceCount} instances: one per availability zone, so the service survives losing a zone or a host.",
            type.Burstable
                ? $"{type.Name} is burstable: {type.BaselineCpu} baseline CPU with {type.CpuCreditsPerHour} credits/hour; enough for light traffic, but sustained bursts drain the credits (see `pypikit size cpu-credits`)."
                : $"{type.Name} has 100 % sustained CPU (no credits): pypiserver is CPU-bound under bursts, the guide's preferred family.",
            $"{profile.ContainerMemory.Value} MB containers → {plan.GunicornWorkersPerContainer} gunicorn workers, {plan.ContainerCpuUnits.Value} CPU units, {plan.ContainerMemoryReservationMb.Value} MB reserved.",
            $"{plan.TasksPerInstance} tasks per instance ({plan.LimitingFactor.ToString().ToUpperInvariant()}-limited: RAM allows {plan.TasksPerInstanceRamLimit}, CPU {plan.TasksPerInstanceCpuLimit}) → {plan.ActualTaskMinCount}..{plan.ActualTaskMaxCount} tasks, {plan.TotalWorkersAtMin} workers at the minimum.",
            $"Latency model at {profile.BurstClients} concurrent clients: {prediction.ThroughputRps:0.#} req/s, p95 {prediction.P95LatencySeconds:0.#} s ({(profile.Measured ? $"measured in the reference run: p95 {profile.ExpectedBurstP95Seconds:0.#} s" : $"the guide estimates p95 < {profile.ExpectedBurstP95Seconds:0.#} s")}).",
            $"About {cost.Total} a month as a prod shape (guide: ~{profile.GuideMonthlyCost} a month for EC2 and the basics).",
        };
        if (profile.ContainerMemory.Value > 512)
            reasons.Add($"{profile.ContainerMemory.Value} MB containers give 8 workers each and room for CI burst peaks (~500 MB per container in the reference's measurements).");

        return new WorkloadRecommendation { Profile = profile, Inputs = inputs, Plan = plan, Cost = cost, BurstPrediction = prediction, Reasons = reasons };
    }
}
