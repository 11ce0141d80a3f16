using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Validation;

/// <summary>
/// One regime of the validation: how the sandbox is configured so that either the workers (emulated storage
/// latency, the I/O part dominant) or the cores (bcrypt and a listing on every request, no latency) limit a burst,
/// and the error allowed in it.
/// </summary>
public sealed record ValidationRegime(string Name, double ScanLatencyMs, SandboxFidelity Fidelity, bool ListingCache, double AllowedError)
{
    /// <summary>Workers limit: 20 ms of emulated storage latency per listing, credentials cached. Goal: within 25 %.</summary>
    public static ValidationRegime IoBound { get; } = new("io-bound", 20, SandboxFidelity.Fast, ListingCache: false, AllowedError: 0.25);
    /// <summary>Cores limit: bcrypt and a listing on every request, no emulated latency. Goal: within 35 %.</summary>
    public static ValidationRegime CpuBound { get; } = new("cpu-bound", 0, SandboxFidelity.Pypiserver, ListingCache: false, AllowedError: 0.35);
}

/// <summary>Options of <see cref="ModelValidation.RunAsync"/>.</summary>
public sealed record ValidationOptions
{
    public IReadOnlyList<ValidationRegime> Regimes { get; init; } = [ValidationRegime.IoBound, ValidationRegime.CpuBound];
    /// <summary>Closed-loop client counts measured in each regime.</summary>
    public IReadOnlyList<int> Levels { get; init; } = [4, 16, 64];
    /// <summary>Measured seconds per level (after <see cref="WarmupSeconds"/> of untimed load at the same level).</summary>
    public double LevelSeconds { get; init; } = 6;
    public double WarmupSeconds { get; init; } = 1;
    public int Instances { get; init; } = 2;
    public int WorkersPerInstance { get; init; } = 4;
    /// <summary>Cores of this machine the model may use (the sandbox, balancer and load generator share them).</summary>
    public int Vcpus { get; init; } = Environment.ProcessorCount;
    public int ProbeRepetitions { get; init; } = 30;
    /// <summary>Untimed requests per operation before the probe times any: enough for .NET's tiered JIT to settle (it recompiles hot methods after 30 calls).</summary>
    public int ProbeWarmup { get; init; } = 40;
    /// <summary>In-process instances (tests) or one child process each (then the probe sees each instance's CPU).</summary>
    public InstanceHosting Hosting { get; init; } = InstanceHosting.InProcess;
    /// <summary>The command that runs one instance when <see cref="Hosting"/> is child processes.</summary>
    public IReadOnlyList<string> ChildCommand { get; init; } = [];

    public ValidationOptions Validate()
    {
        if (Regimes.Count == 0) throw new InvalidInputException("regimes", "regimes: at least one is needed");
        if (Levels.Count == 0 || Levels.Any(l => l is < 1 or > 1000)) throw new InvalidInputException("levels", $"levels: each must be within 1..1000, got {string.Join(",", Levels)}");
        if (LevelSeconds is < 0.5 or > 600 || double.IsNaN(LevelSeconds)) throw new InvalidInputException("level_seconds", $"level_seconds must be within 0.5..600, got {LevelSeconds}");
        if (WarmupSeconds is < 0 or > 60 || double.IsNaN(WarmupSeconds)) throw new InvalidInputException("warmup_seconds", $"warmup_seconds must be within 0..60, got {WarmupSeconds}");
        if (Instances is < 1 or > 16) throw new InvalidInputException("instances", $"instances must be within 1..16, got {Instances}");
        if (WorkersPerInstance is < 1 or > 256) throw new InvalidInputException("workers", $"workers must be within 1..256, got {WorkersPerInstance}");
        if (Vcpus is < 1 or > 1024) throw new InvalidInputException("vcpus", $"vcpus must be within 1..1024, got {Vcpus}");
        if (Hosting == InstanceHosting.ChildProcess && ChildCommand.Count == 0) throw new InvalidInputException("child_command", "child_command: required for child-process instances");
        return this;
    }
}

/// <summary>Progress of a validation: a line saying what runs now.</summary>
public sealed record ValidationProgress(string Regime, string Step);
