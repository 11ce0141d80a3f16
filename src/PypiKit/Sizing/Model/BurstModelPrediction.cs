namespace PypiKit.Sizing.Model;

/// <summary>What sets a burst's throughput.</summary>
public enum BurstLimit
{
    /// <summary>Too few clients to keep the workers busy: throughput follows the clients.</summary>
    Clients,
    /// <summary>Every worker busy, the I/O part dominant: more workers would serve more.</summary>
    Workers,
    /// <summary>The cores are the bottleneck: more workers would only queue for a core.</summary>
    Cores,
}

/// <summary>What <see cref="BurstModel.Predict"/> expects of a burst.</summary>
public sealed record BurstModelPrediction
{
    public required int Clients { get; init; }
    /// <summary>K: the workers that served (sticky routing leaves the others idle).</summary>
    public required int Workers { get; init; }
    /// <summary>C: the cores those workers share.</summary>
    public required int Cores { get; init; }
    public required ServiceDemand Demand { get; init; }
    public required double ThinkTimeSeconds { get; init; }
    /// <summary>Requests per second while the burst runs (steady state).</summary>
    public required double ThroughputRps { get; init; }
    /// <summary>The most the serving workers and cores can complete: X(K) of the flow-equivalent station.</summary>
    public required double SaturationThroughputRps { get; init; }
    public required double MeanLatencySeconds { get; init; }
    public required double P50LatencySeconds { get; init; }
    public required double P95LatencySeconds { get; init; }
    public required double P99LatencySeconds { get; init; }
    /// <summary>Mean busy share of the serving workers, 0..1.</summary>
    public required double WorkerUtilization { get; init; }
    /// <summary>Mean busy share of the serving cores by the service's CPU part, 0..1 (X · S_cpu / C).</summary>
    public required double CpuUtilization { get; init; }
    public required BurstLimit Limit { get; init; }
    /// <summary>
    /// Time from N clients starting together to the last of their <see cref="BurstModelInputs.RequestsPerClient"/>
    /// requests answered.
    /// </summary>
    public required double BurstCompletionSeconds { get; init; }
    /// <summary>One paced iteration: the pacing target or the burst completion, whichever is longer.</summary>
    public required double IterationSeconds { get; init; }
    /// <summary>Where an assumption of the model does not hold for these inputs (empty when none is known to fail).</summary>
    public required IReadOnlyList<string> Flags { get; init; }
}
