namespace PypiKit.Burst;

/// <summary>Per-operation figures; the first four are the reference's.</summary>
public sealed record OperationSummary(
    long Count, double SuccessRate, double MeanLatencyMs, double P95LatencyMs,
    long Failures, long HttpRequests, double P50LatencyMs, double P99LatencyMs, double MaxLatencyMs, double FailureP95LatencyMs,
    SortedDictionary<string, long> Errors);
