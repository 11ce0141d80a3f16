using PypiKit.Sizing;
using PypiKit.Sizing.Model;

namespace PypiKit.Probe;

/// <summary>
/// A calibration file: what one request of each pip-chain operation cost a named target, measured at concurrency 1 by
/// <see cref="ProbeRunner"/> (or, for <see cref="Reference"/>, fitted to the reference run). Versioned
/// (<see cref="Schema"/>, <see cref="Version"/>); snake_case JSON through <see cref="Json.PypiKitJson"/>.
/// </summary>
public sealed record Calibration
{
    public const string SchemaName = "pypikit-calibration";
    public const int CurrentVersion = 1;
    /// <summary>Source label of a calibration fitted to the reference run rather than measured.</summary>
    public const string FittedToReference = "fitted to the reference run";
    public const string MeasuredByProbe = "measured by pypikit probe";

    public string Schema { get; init; } = SchemaName;
    public int Version { get; init; } = CurrentVersion;
    /// <summary>The index probed.</summary>
    public required string Target { get; init; }
    public required DateTimeOffset MeasuredAt { get; init; }
    /// <summary>How the figures came about: <see cref="MeasuredByProbe"/> or <see cref="FittedToReference"/>.</summary>
    public required string Source { get; init; }
    /// <summary>True when the figures were fitted to a run's outcome (so that run cannot validate them).</summary>
    public required bool Fitted { get; init; }
    /// <summary>The sandbox fidelity (<c>fast</c>, <c>pypiserver</c>) when the target said or the caller knew; null otherwise.</summary>
    public string? Fidelity { get; init; }
    /// <summary>Instance names the target reported (<c>X-PypiKit-Instance</c>).</summary>
    public IReadOnlyList<string> Instances { get; init; } = [];
    public int Concurrency { get; init; } = 1;
    public int Warmup { get; init; }
    public int Repetitions { get; init; }
    /// <summary>Where the server CPU figures come from (process ids read in /proc), or null when not measured.</summary>
    public string? CpuSource { get; init; }
    /// <summary>Smallest CPU time per request the figures can resolve (one clock tick over the requests timed).</summary>
    public double? CpuResolutionSeconds { get; init; }
    public required IReadOnlyList<OperationDemand> Operations { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The reference run's service time (<see cref="LatencyCalibration.ReferenceServiceTimeSeconds"/>) as a calibration: fitted, exponential (CV 1 assumed), no CPU split.</summary>
    public static Calibration Reference { get; } = new()
    {
        Target = "reference deployment (2 × c6a.xlarge, 12 tasks × 4 workers)",
        MeasuredAt = new DateTimeOffset(2025, 12, 27, 0, 0, 0, TimeSpan.Zero),
        Source = FittedToReference,
        Fitted = true,
        Operations =
        [
            new OperationDemand
            {
                Name = ProbeOperations.PipChain, Path = "/", Requests = ReferenceRun.Default.TotalRequests, Errors = 0,
                MeanSeconds = LatencyCalibration.ReferenceServiceTimeSeconds, P50Seconds = LatencyCalibration.ReferenceServiceTimeSeconds * Math.Log(2),
                P95Seconds = LatencyCalibration.ReferenceServiceTimeSeconds * Math.Log(20), Cv = 1, ClientCpuSeconds = 0,
            },
        ],
        Notes = ["S fitted so that 48 evenly routed workers reproduce the run's burst throughput; the CV of 1 is assumed, not measured"],
    };

    /// <summary>The operation's figures; throws naming the operations present when it is missing.</summary>
    public OperationDemand Operation(string name) =>
        Operations.FirstOrDefault(o => o.Name == name && o.Requests > o.Errors)
        ?? throw new InvalidInputException("operation", $"operation '{name}' is not in the calibration (it has: {string.Join(", ", Operations.Where(o => o.Requests > o.Errors).Select(o => o.Name))})");

    /// <summary>
    /// The demand of one operation, or of <see cref="ProbeOperations.PipChain"/> (redirect, listing and download mixed
    /// equally: the mixture's mean and variance), for <see cref="BurstModel"/>. The CPU part is the server's; with
    /// <paramref name="includeClientCpu"/> the probing process's CPU is added (a load generator and balancer sharing the
    /// server's cores, as on one machine).
    /// </summary>
    public ServiceDemand Demand(string operation, bool includeClientCpu = false)
    {
        IReadOnlyList<OperationDemand> parts = operation == ProbeOperations.PipChain && !Operations.Any(o => o.Name == ProbeOperations.PipChain)
            ? [Operation(ProbeOperations.Redirect), Operation(ProbeOperations.Listing), Operation(ProbeOperations.Download)]
            : [Operation(operation)];
        double w = 1.0 / parts.Count;
        double mean = parts.Sum(p => w * p.MeanSeconds);
        double second = parts.Sum(p => w * (Math.Pow(p.Cv * p.MeanSeconds, 2) + p.MeanSeconds * p.MeanSeconds));
        double cv = mean > 0 ? Math.Sqrt(Math.Max(0, second - mean * mean)) / mean : 0;
        double? cpu = parts.All(p => p.ServerCpuSeconds is not null) ? parts.Sum(p => w * p.ServerCpuSeconds!.Value) : null;
        if (includeClientCpu) cpu = (cpu ?? 0) + parts.Sum(p => w * p.ClientCpuSeconds);
        return ServiceDemand.FromMeasured(mean, cpu, cv);
    }
}
