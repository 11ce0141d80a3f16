namespace PypiKit.Sizing;

/// <summary>
/// A risk the sizing found, with the change that removes it. <see cref="Code"/> is stable (for scripts and tests),
/// <see cref="Message"/> says what happens and <see cref="Fix"/> is the command that plans the fixed configuration.
/// </summary>
public sealed record SizingWarning(string Code, string Message, string? Fix = null)
{
    /// <summary>Σ hard limits of the tasks on one host exceed the RAM the host has for them.</summary>
    public const string MemoryOverCommit = "memory-over-commit";
    /// <summary>The demand given is above what the configuration serves.</summary>
    public const string DemandNotMet = "demand-not-met";
    /// <summary>The predicted p95 misses the target.</summary>
    public const string LatencyTargetMissed = "latency-target-missed";
    /// <summary>EFS demand above the bursting baseline or burst rate.</summary>
    public const string EfsThroughput = "efs-throughput";
}
