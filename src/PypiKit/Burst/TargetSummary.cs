namespace PypiKit.Burst;

/// <summary>One target's share of the traffic (attributed from the instance header, else an AWSALB cookie).</summary>
public sealed record TargetSummary(long Count, double Share, long Failures, long HttpRequests, double P50LatencyMs, double P95LatencyMs);
