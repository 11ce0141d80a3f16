namespace PypiKit.Sizing.Model;

/// <summary>What the reference deployment published beside its run: the host layout and the one container's CPU.</summary>
public sealed record ReferenceObservations
{
    public ReferenceRun Run { get; init; } = ReferenceRun.Default;
    /// <summary>2 × c6a.xlarge.</summary>
    public int Hosts { get; init; } = 2;
    /// <summary>vCPUs of a c6a.xlarge.</summary>
    public int VcpusPerHost { get; init; } = 4;
    /// <summary>12 tasks × 4 gunicorn workers.</summary>
    public int Tasks { get; init; } = 12;
    public int WorkersPerTask { get; init; } = 4;
    /// <summary>The busiest container's CPU in the reference's docker stats during the bursts, % of one vCPU (380 %).</summary>
    public double ContainerCpuPercent { get; init; } = 380;

    public static ReferenceObservations Default { get; } = new();
}

/// <summary>One reading of the reference run and what it implies.</summary>
public sealed record ReferenceHypothesis
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>Workers that served the bursts.</summary>
    public required int Workers { get; init; }
    /// <summary>Cores those workers could use.</summary>
    public required int Cores { get; init; }
    /// <summary>Containers that shared the burst traffic.</summary>
    public required int ServingContainers { get; init; }
    /// <summary>The service time S at which the model reproduces the run's burst throughput (fitted, so the throughput itself cannot discriminate).</summary>
    public required double ImpliedServiceSeconds { get; init; }
    /// <summary>The run's p95 as this reading predicts it (burst and paced normal requests mixed by count).</summary>
    public required double PredictedP95Seconds { get; init; }
    public double P95Error { get; init; }
    /// <summary>CPU seconds per request implied by one container at the observed CPU with its share of the burst throughput.</summary>
    public required double ImpliedCpuSecondsPerRequest { get; init; }
    /// <summary>Cores the whole burst would need at that CPU per request: burst throughput × CPU per request.</summary>
    public required double ImpliedCoresBusy { get; init; }
    /// <summary>The most CPU one serving container could show under this reading, % of one vCPU.</summary>
    public required double MaxContainerCpuPercent { get; init; }
    /// <summary>Whether the observed container CPU is possible under this reading (and the CPU fits in S).</summary>
    public required bool CpuConsistent { get; init; }
}

/// <summary>The reference run read both ways, and which reading the evidence favours.</summary>
public sealed record ReferenceReading(ReferenceObservations Observed, double AssumedCv, ReferenceHypothesis EvenlyRouted, ReferenceHypothesis Sticky, string Verdict);

/// <summary>
/// Reads the reference run (510-client bursts, 20 req/s with pacing, p95 14 s, one container at 380 % CPU) under two
/// hypotheses: (A) the balancer spread the bursts over all 48 workers; (B) lb_cookie stickiness with the harness's one
/// shared cookie jar pinned every client to one task of 4 workers. For each, S is fitted to the burst throughput (so
/// throughput cannot tell them apart), then the p95 is predicted and the observed CPU is checked for possibility:
/// a container's CPU cannot exceed its host's vCPUs shared by the containers that are busy on it.
/// </summary>
public static class ReferenceReadings
{
    public static ReferenceReading Read(ReferenceObservations? observed = null, double assumedCv = 1)
    {
        var o = observed ?? ReferenceObservations.Default;
        var even = Hypothesis(o, "A: evenly routed", "the ALB spreads the 510 clients over all 12 tasks × 4 workers", sticky: null, assumedCv);
        var sticky = Hypothesis(o, "B: one sticky task", "every client pinned to one task of 4 workers (one shared lb_cookie jar)", sticky: 1, assumedCv);
        var favoured = sticky.CpuConsistent && !even.CpuConsistent ? sticky
            : even.CpuConsistent && !sticky.CpuConsistent ? even
            : Math.Abs(sticky.P95Error) <= Math.Abs(even.P95Error) ? sticky : even;
        var verdict = $"{favoured.Name} fits better: " + (even.CpuConsistent != sticky.CpuConsistent
            ? $"the observed {o.ContainerCpuPercent:0} % container CPU is impossible under {(favoured == sticky ? even.Name : sticky.Name)} " +
              $"(at most {(favoured == sticky ? even.MaxContainerCpuPercent : sticky.MaxContainerCpuPercent):0} %) and fits {favoured.Name} " +
              $"(S = {favoured.ImpliedServiceSeconds * 1000:0} ms, of which {favoured.ImpliedCpuSecondsPerRequest * 1000:0} ms CPU)"
            : $"its p95 error is smaller ({favoured.P95Error * 100:+0;-0} %)");
        return new ReferenceReading(o, assumedCv, even, sticky, verdict);
    }

    private static ReferenceHypothesis Hypothesis(ReferenceObservations o, string name, string description, int? sticky, double cv)
    {
        var run = o.Run;
        var inputs = new BurstModelInputs
        {
            Clients = run.Concurrency, Tasks = o.Tasks, WorkersPerTask = o.WorkersPerTask, Hosts = o.Hosts, VcpusPerHost = o.VcpusPerHost,
            StickyTargets = sticky, Demand = ServiceDemand.Unsplit(1, cv),
        };
        double s = BurstModel.ServiceTimeForThroughput(inputs, run.BurstThroughputRps);
        inputs = inputs with { Demand = ServiceDemand.Unsplit(s, cv) };
        var burstCdf = BurstModel.ResponseTimeCdf(inputs);
        var normalCdf = BurstModel.ResponseTimeCdf(inputs with { Clients = run.NormalClients });
        double wb = run.BurstRequests / (double)run.TotalRequests, wn = run.NormalRequests / (double)run.TotalRequests;
        double p95 = GammaDistribution.QuantileOf(t => (wb * burstCdf(t) + wn * normalCdf(t)) / (wb + wn), 0.95, s);

        int containers = inputs.ServingTasks;
        double perContainerRps = run.BurstThroughputRps / containers;
        double cpuPerRequest = o.ContainerCpuPercent / 100 / perContainerRps;
        int containersPerHost = (int)Math.Ceiling(containers / (double)Math.Min(containers, o.Hosts));
        double maxContainerCpu = Math.Min(o.WorkersPerTask, o.VcpusPerHost / (double)containersPerHost) * 100;
        return new ReferenceHypothesis
        {
            Name = name,
            Description = description,
            Workers = inputs.ServingWorkers,
            Cores = inputs.ServingCores,
            ServingContainers = containers,
            ImpliedServiceSeconds = s,
            PredictedP95Seconds = p95,
            P95Error = (p95 - run.MeasuredP95Seconds) / run.MeasuredP95Seconds,
            ImpliedCpuSecondsPerRequest = cpuPerRequest,
            ImpliedCoresBusy = run.BurstThroughputRps * cpuPerRequest,
            MaxContainerCpuPercent = maxContainerCpu,
            CpuConsistent = o.ContainerCpuPercent <= maxContainerCpu && cpuPerRequest <= s,
        };
    }
}
