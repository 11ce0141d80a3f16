namespace PypiKit.Burst;

/// <summary>One second of the run (by completion time).</summary>
public sealed record SecondSummary(double Offset, long UnixSecond, long Requests, long Errors, double P50Ms, double P95Ms, double P99Ms);
