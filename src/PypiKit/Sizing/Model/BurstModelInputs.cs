namespace PypiKit.Sizing.Model;

/// <summary>
/// Inputs of <see cref="BurstModel.Predict"/>: the clients, the service's workers and cores, how clients are routed,
/// and what one request costs.
/// </summary>
public sealed record BurstModelInputs
{
    /// <summary>Concurrent clients N, each with one request outstanding at a time.</summary>
    public required int Clients { get; init; }
    /// <summary>Tasks (sandbox instances, ECS tasks) behind the balancer.</summary>
    public required int Tasks { get; init; }
    /// <summary>Requests one task serves at once (gunicorn workers).</summary>
    public required int WorkersPerTask { get; init; }
    /// <summary>Hosts the tasks run on (EC2 instances; 1 for a local sandbox).</summary>
    public int Hosts { get; init; } = 1;
    /// <summary>vCPUs of one host, shared by every worker on it.</summary>
    public required int VcpusPerHost { get; init; }
    /// <summary>The cost of one request (mean, CPU/I-O split, variability), e.g. from a probe calibration.</summary>
    public required ServiceDemand Demand { get; init; }
    /// <summary>Mean pause between a client's response and its next request (Z), seconds; 0 = back to back.</summary>
    public double ThinkTimeSeconds { get; init; }
    /// <summary>
    /// null: the balancer spreads requests evenly over every task. A number t: every client is pinned to one of t
    /// targets (cookie stickiness with a shared cookie jar pins all of them to one), so only those targets' workers, and
    /// the cores of the hosts they run on, serve the burst.
    /// </summary>
    public int? StickyTargets { get; init; }
    /// <summary>How the balancer deals requests to the serving targets (an ALB's default: round robin).</summary>
    public TargetRouting Routing { get; init; } = TargetRouting.RoundRobin;
    /// <summary>Sequential requests each client makes in one burst iteration (the pip chain: redirect, listing, wheel = 3).</summary>
    public int RequestsPerClient { get; init; } = 1;
    /// <summary>Target length of one iteration with pacing (the reference harness: 10 s); 0 = no pacing.</summary>
    public double PacingSeconds { get; init; }
    /// <summary>Client timeout, seconds: a prediction whose p99 exceeds it is flagged (timeouts and retries change the load).</summary>
    public double RequestTimeoutSeconds { get; init; } = 30;

    /// <summary>Targets that receive traffic: every task, or the sticky ones.</summary>
    public int ServingTasks => StickyTargets is { } t ? Math.Min(t, Tasks) : Tasks;
    /// <summary>K: workers that serve the burst.</summary>
    public int ServingWorkers => ServingTasks * WorkersPerTask;
    /// <summary>C: cores those workers share (serving tasks are assumed spread over the hosts as far as they go).</summary>
    public int ServingCores => Math.Min(ServingTasks, Hosts) * VcpusPerHost;

    /// <summary>Inputs for a capacity plan at its minimum task count.</summary>
    public static BurstModelInputs FromPlan(CapacityPlan plan, int clients, ServiceDemand demand) => new()
    {
        Clients = clients,
        Tasks = plan.ActualTaskMinCount,
        WorkersPerTask = plan.GunicornWorkersPerContainer,
        Hosts = plan.AsgInstanceCount,
        VcpusPerHost = plan.InstanceVcpuCount,
        Demand = demand,
    };

    public BurstModelInputs Validate()
    {
        if (Clients is < 1 or > 100_000) throw new InvalidInputException("concurrency", $"concurrency (clients) must be within 1..100000, got {Clients}");
        if (Tasks is < 1 or > 10_000) throw new InvalidInputException("tasks", $"tasks must be within 1..10000, got {Tasks}");
        if (WorkersPerTask is < 1 or > 4096) throw new InvalidInputException("workers", $"workers per task must be within 1..4096, got {WorkersPerTask}");
        if (Hosts is < 1 or > 10_000) throw new InvalidInputException("hosts", $"hosts must be within 1..10000, got {Hosts}");
        if (VcpusPerHost is < 1 or > 1024) throw new InvalidInputException("vcpus", $"vcpus per host must be within 1..1024, got {VcpusPerHost}");
        if (StickyTargets is < 1) throw new InvalidInputException("sticky_targets", $"sticky_targets must be >= 1 when given, got {StickyTargets}");
        if (!(ThinkTimeSeconds >= 0) || double.IsInfinity(ThinkTimeSeconds)) throw new InvalidInputException("think_time", $"think_time must be >= 0 seconds, got {ThinkTimeSeconds}");
        if (RequestsPerClient is < 1 or > 10_000) throw new InvalidInputException("requests_per_client", $"requests_per_client must be within 1..10000, got {RequestsPerClient}");
        if (!(PacingSeconds >= 0) || double.IsInfinity(PacingSeconds)) throw new InvalidInputException("pacing", $"pacing must be >= 0 seconds, got {PacingSeconds}");
        if (!(RequestTimeoutSeconds > 0)) throw new InvalidInputException("timeout", $"timeout must be > 0 seconds, got {RequestTimeoutSeconds}");
        Demand.Validate();
        return this;
    }
}
