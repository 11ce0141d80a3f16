using PypiKit.Burst;
using PypiKit.Sandbox.Validation;
using PypiKit.Sizing;

namespace PypiKit.Sandbox.Lab;

/// <summary>
/// What <see cref="LabRunner"/> runs: the capacity plan mapped onto a sandbox cluster (<see cref="LabPlanMapping"/>),
/// the burst profile, the corpus, the EFS file system the credits are simulated for, and where the report goes.
/// </summary>
public sealed record LabOptions
{
    /// <summary>The plan the run is judged against; its tasks per host and workers size the sandbox.</summary>
    public required CapacityPlan Plan { get; init; }
    /// <summary>Sandbox instances instead of the plan's tasks per host (e.g. fewer on a small machine); null = the plan's.</summary>
    public int? SandboxInstances { get; init; }
    public required BurstProfile Profile { get; init; }
    /// <summary>Overrides the profile's duration, seconds.</summary>
    public double? DurationSeconds { get; init; }
    /// <summary>Parent directory of the report folder (<c>lab_&lt;time&gt;/</c> is created in it once there is something to write).</summary>
    public string OutDirectory { get; init; } = "lab-results";
    /// <summary>ALB-style lb_cookie stickiness in the balancer.</summary>
    public bool Sticky { get; init; }
    /// <summary>Reference compatibility: every virtual user shares one cookie jar.</summary>
    public bool SharedCookieJar { get; init; }
    /// <summary>Emulated storage latency per directory scan, ms.</summary>
    public double ScanLatencyMs { get; init; }
    /// <summary>Versions per project in the uploaded corpus.</summary>
    public int Versions { get; init; } = 3;
    /// <summary>Instances inside this process instead of one child process each.</summary>
    public bool InProcess { get; init; }
    /// <summary>How to start one child-process instance (e.g. <c>pypikit sandbox serve</c>); required unless <see cref="InProcess"/>.</summary>
    public IReadOnlyList<string> ChildCommand { get; init; } = [];
    /// <summary>EFS Standard storage the credit simulation assumes, GiB.</summary>
    public double EfsStorageGib { get; init; } = 10;
    /// <summary>EFS throughput mode; burst credits exist in bursting mode only.</summary>
    public EfsThroughputMode EfsMode { get; init; } = EfsThroughputMode.Bursting;
    /// <summary>Host sampling interval.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The /proc tree the host sampler reads.</summary>
    public string ProcRoot { get; init; } = Host.HostProcReader.DefaultRoot;

    /// <summary>
    /// After the burst, check the burst model out of sample (<see cref="ModelValidation"/>: probe, predict, measure
    /// several levels in an I/O-bound and a CPU-bound regime) with these options; null = skip. Its hosting and child
    /// command are the lab's own.
    /// </summary>
    public ValidationOptions? Validation { get; init; }
    /// <summary>Untimed and timed requests per operation of the probe taken on the lab's cluster before the burst.</summary>
    public int ProbeWarmup { get; init; } = 40;
    /// <remarks>200 timed requests resolve the CPU per request to 0.05 ms (one 10 ms clock tick over them): the fast
    /// sandbox answers in well under a millisecond, where 30 requests could not tell its CPU part from nothing.</remarks>
    public int ProbeRepetitions { get; init; } = 200;

    /// <summary>Largest number of sandbox instances one lab run starts.</summary>
    public const int MaxSandboxInstances = 32;

    public LabOptions Validate()
    {
        if (SandboxInstances is < 1 or > MaxSandboxInstances)
            throw new InvalidInputException("sandbox_instances", $"--sandbox-instances must be between 1 and {MaxSandboxInstances}, got {SandboxInstances}");
        if (Versions is < 1 or > 20) throw new InvalidInputException("versions", $"--versions must be between 1 and 20, got {Versions}");
        if (DurationSeconds is <= 0) throw new InvalidInputException("duration", $"--duration must be > 0 seconds, got {DurationSeconds}");
        if (ScanLatencyMs < 0) throw new InvalidInputException("scan_latency_ms", $"--scan-latency-ms must be >= 0, got {ScanLatencyMs}");
        if (!(EfsStorageGib > 0)) throw new InvalidInputException("storage_gb", $"--storage-gb must be > 0 GiB, got {EfsStorageGib}");
        if (!InProcess && ChildCommand.Count == 0) throw new InvalidInputException("child_command", "a child-process lab needs the command that starts one instance");
        Validation?.Validate();
        if (ProbeWarmup is < 0 or > 10_000) throw new InvalidInputException("probe_warmup", $"probe warm-up must be within 0..10000 requests, got {ProbeWarmup}");
        if (ProbeRepetitions is < 3 or > 100_000) throw new InvalidInputException("probe_repetitions", $"probe repetitions must be within 3..100000, got {ProbeRepetitions}");
        if (SampleInterval <= TimeSpan.Zero) throw new InvalidInputException("sample_interval", $"the sampling interval must be > 0, got {SampleInterval}");
        return this;
    }
}
