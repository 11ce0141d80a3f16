namespace PypiKit.Sizing.Model;

/// <summary>
/// The workers of a service and the cores they share, reduced to one load-dependent station (a flow-equivalent server,
/// Chandy–Herzog–Woo decomposition). With m requests in service (m ≤ K workers busy) each request alternates between
/// its CPU part, served by C cores, and its I/O part, which holds the worker but no core. That inner loop is a closed
/// network of m customers, a C-server CPU station (mean <see cref="ServiceDemand.CpuSeconds"/>) and a delay station
/// (mean <see cref="ServiceDemand.IoSeconds"/>); its exact product-form throughput X(m) is the rate at which the
/// workers complete requests. So an I/O-bound service speeds up with every worker (X(m) = m / S), a CPU-bound one
/// stops at C / S_cpu however many workers there are, and a mixed one bends between the two.
/// </summary>
public sealed class FlowEquivalentStation
{
    private readonly double[] _rate;

    /// <param name="workers">K: requests served at once (tasks × gunicorn workers).</param>
    /// <param name="cores">C: cores the workers share (vCPUs of the hosts that serve them).</param>
    /// <param name="demand">The request's CPU and I/O parts.</param>
    public FlowEquivalentStation(int workers, int cores, ServiceDemand demand)
    {
        if (workers < 1) throw new InvalidInputException("workers", $"workers must be >= 1, got {workers}");
        if (cores < 1) throw new InvalidInputException("vcpus", $"vcpus must be >= 1, got {cores}");
        demand.Validate();
        Workers = workers;
        Cores = cores;
        Demand = demand;
        _rate = new double[workers + 1];
        for (int m = 1; m <= workers; m++) _rate[m] = InnerThroughput(m, cores, demand);
    }

    public int Workers { get; }
    public int Cores { get; }
    public ServiceDemand Demand { get; }

    /// <summary>Completions per second with <paramref name="present"/> requests at the station (only min(present, K) in service).</summary>
    public double Rate(int present) => present <= 0 ? 0 : _rate[Math.Min(present, Workers)];

    /// <summary>The most the station can complete per second: X(K).</summary>
    public double SaturationRate => _rate[Workers];

    /// <summary>Mean time a request holds a worker when <paramref name="busy"/> workers are busy: m / X(m) (Little).</summary>
    public double ServiceSeconds(int busy)
    {
        int m = Math.Clamp(busy, 1, Workers);
        return m / _rate[m];
    }

    /// <summary>Whether the cores rather than the workers set the saturation rate (C / S_cpu &lt; K / S).</summary>
    public bool CpuBound => Demand.CpuSeconds > 0 && Cores / Demand.CpuSeconds < Workers / Demand.MeanSeconds;

    private static double InnerThroughput(int m, int cores, ServiceDemand d)
    {
        if (d.CpuSeconds <= 0) return m / d.IoSeconds;
        if (d.IoSeconds <= 0) return Math.Min(m, cores) / d.CpuSeconds;
        var p = LatencyModel.StationDistribution(m, cores, d.CpuSeconds, d.IoSeconds);
        double x = 0;
        for (int j = 0; j <= m; j++) x += p[j] * Math.Min(j, cores) / d.CpuSeconds;
        return x;
    }
}
