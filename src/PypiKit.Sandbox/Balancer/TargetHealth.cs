namespace PypiKit.Sandbox.Balancer;

/// <summary>ALB's threshold rule for active health checks, as a pure function.</summary>
public static class TargetHealth
{
    /// <summary>
    /// The state after a probe: <see cref="HealthCheckOptions.UnhealthyThreshold"/> consecutive failures make a target
    /// unhealthy, <see cref="HealthCheckOptions.HealthyThreshold"/> consecutive successes make an initial or unhealthy one
    /// healthy; otherwise the state stays.
    /// </summary>
    public static TargetState Next(TargetState current, int consecutiveOk, int consecutiveFail, HealthCheckOptions hc) =>
        consecutiveFail >= hc.UnhealthyThreshold ? TargetState.Unhealthy
        : consecutiveOk >= hc.HealthyThreshold ? TargetState.Healthy
        : current;

    /// <summary>True when a probe's status code is inside the matcher range.</summary>
    public static bool Matches(int status, HealthCheckOptions hc) => status >= hc.MatcherLow && status <= hc.MatcherHigh;
}
