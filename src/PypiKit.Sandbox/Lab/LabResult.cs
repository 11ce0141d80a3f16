using System.Text.Json.Serialization;
using PypiKit.Burst;
using PypiKit.Host;
using PypiKit.Probe;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Validation;
using PypiKit.Sizing;

namespace PypiKit.Sandbox.Lab;

/// <summary>The settings a lab ran with, as the report records them.</summary>
public sealed record LabSettings(
    string Profile, double DurationSeconds, int SandboxInstances, int WorkersPerInstance, bool InstancesOverridden,
    string InstanceType, double ContainerMemoryMib, double ReservationMib, bool Sticky, bool SharedCookieJar,
    double ScanLatencyMs, int Versions, bool InProcess, double EfsStorageGib, EfsThroughputMode EfsMode, double SampleIntervalSeconds);

/// <summary>
/// What a lab run produced: the burst result, the plan mapping, the model comparison, the host and instance series
/// with their verdicts and the simulated EFS credits, the conclusions and the files written. <see cref="Burst"/> is
/// kept out of lab.json (the burst JSON beside it holds it).
/// </summary>
public sealed record LabResult
{
    public required string Folder { get; init; }
    public required LabSettings Settings { get; init; }
    public required LabPlanMapping Mapping { get; init; }
    public required CapacityPlan Plan { get; init; }
    public required bool Cancelled { get; init; }
    public required LabConclusion Conclusion { get; init; }
    public required int CorpusFiles { get; init; }
    public required double CorpusUploadSeconds { get; init; }
    public required double MeasuredThroughputRps { get; init; }
    public required double MeasuredP95Ms { get; init; }
    /// <summary>The burst model's prediction of each paced level beside the measurement, from <see cref="Calibration"/> alone.</summary>
    public required ModelComparison Model { get; init; }
    /// <summary>The probe of this cluster at concurrency 1 before the burst: the demand the model predicts from (null if it did not run).</summary>
    public Calibration? Calibration { get; init; }
    /// <summary>The out-of-sample check in an I/O-bound and a CPU-bound regime (null when skipped or cancelled before it).</summary>
    public ValidationReport? Validation { get; init; }
    public required BalancerStats Balancer { get; init; }
    public required IReadOnlyList<HostVerdict> HostVerdicts { get; init; }
    public required HostSamplingResult Host { get; init; }
    /// <summary>The credit model run over the instances' measured I/O (bursting mode with I/O sampled), else null.</summary>
    public EfsCreditSimulation? Efs { get; init; }
    /// <summary>The sampling thread's CPU time (its wall-clock busy time where the kernel does not report CPU time) over
    /// the run's length, percent of one core.</summary>
    public required double SamplerCostPercentOfCore { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    [JsonIgnore]
    public BurstResult Burst { get; init; } = null!;
}
