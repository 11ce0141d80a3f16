namespace PypiKit.Burst;

/// <summary>A live snapshot of a running burst (reported about twice a second).</summary>
public sealed record BurstProgress(
    double ElapsedSeconds, double DurationSeconds, long Requests, long Errors, double RequestsPerSecond, double P95Ms,
    int Iteration, string Phase, int Users);
