namespace PypiKit.Sizing.Model;

/// <summary>
/// What one request costs a server, split by the resource that serves it: <see cref="CpuSeconds"/> runs on a core
/// (and queues for one when the workers outnumber the cores), <see cref="IoSeconds"/> is waiting on storage or the
/// network while holding a worker but no core. <see cref="Cv"/> is the coefficient of variation (standard deviation /
/// mean) of the whole service time, as measured at concurrency 1: 1 for exponential service, near 0 for a nearly
/// constant one.
/// </summary>
public sealed record ServiceDemand(double CpuSeconds, double IoSeconds, double Cv)
{
    /// <summary>Mean service time S = CPU part + I/O part.</summary>
    public double MeanSeconds => CpuSeconds + IoSeconds;

    /// <summary>A demand with no CPU/I-O split known: all of it treated as I/O (no CPU cap applies).</summary>
    public static ServiceDemand Unsplit(double seconds, double cv = 1) => new(0, seconds, cv);

    /// <summary>Splits a measured mean wall time by a measured CPU time per request (the CPU part clamped to the wall time).</summary>
    public static ServiceDemand FromMeasured(double wallSeconds, double? cpuSeconds, double cv)
    {
        double cpu = Math.Clamp(cpuSeconds ?? 0, 0, wallSeconds);
        return new ServiceDemand(cpu, wallSeconds - cpu, cv);
    }

    public ServiceDemand Validate()
    {
        if (!(CpuSeconds >= 0) || double.IsInfinity(CpuSeconds)) throw new InvalidInputException("cpu_seconds", $"cpu_seconds must be >= 0, got {CpuSeconds}");
        if (!(IoSeconds >= 0) || double.IsInfinity(IoSeconds)) throw new InvalidInputException("io_seconds", $"io_seconds must be >= 0, got {IoSeconds}");
        if (!(MeanSeconds > 0)) throw new InvalidInputException("service_time", $"service_time (cpu + io) must be > 0 seconds, got {MeanSeconds}");
        if (!(Cv >= 0) || Cv > 10) throw new InvalidInputException("cv", $"cv (coefficient of variation of the service time) must be within 0..10, got {Cv}");
        return this;
    }
}
