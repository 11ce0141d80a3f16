namespace PypiKit.Sandbox.Balancer;

/// <summary>How the balancer picks a target (ALB <c>load_balancing.algorithm.type</c>).</summary>
public enum BalancingAlgorithm
{
    /// <summary>Each request to the next healthy target in turn (the ALB default).</summary>
    RoundRobin,
    /// <summary>The healthy target with the fewest requests in flight (ties in turn).</summary>
    LeastOutstandingRequests,
}

/// <summary>Active health checks, as an ALB target group does them. Defaults: the reference target group, but on <c>/health</c>.</summary>
public sealed record HealthCheckOptions
{
    public string Path { get; init; } = "/health";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Consecutive successes that make an unhealthy target healthy.</summary>
    public int HealthyThreshold { get; init; } = 2;
    /// <summary>Consecutive failures that make a healthy target unhealthy.</summary>
    public int UnhealthyThreshold { get; init; } = 2;
    /// <summary>Status codes counted as success (inclusive range; the reference matcher is 200-299).</summary>
    public int MatcherLow { get; init; } = 200;
    public int MatcherHigh { get; init; } = 299;

    public void Validate()
    {
        if (!Path.StartsWith('/')) throw new InvalidInputException("health_check.path", $"health_check.path: '{Path}' must start with '/'.");
        if (Interval < TimeSpan.FromMilliseconds(50) || Interval > TimeSpan.FromMinutes(5)) throw new InvalidInputException("health_check.interval", $"health_check.interval: {Interval} is outside 50 ms…5 min.");
        if (Timeout <= TimeSpan.Zero || Timeout > Interval) throw new InvalidInputException("health_check.timeout", $"health_check.timeout: {Timeout} must be > 0 and ≤ the interval ({Interval}).");
        if (HealthyThreshold is < 1 or > 10) throw new InvalidInputException("health_check.healthy_threshold", $"health_check.healthy_threshold: {HealthyThreshold} is outside 1…10.");
        if (UnhealthyThreshold is < 1 or > 10) throw new InvalidInputException("health_check.unhealthy_threshold", $"health_check.unhealthy_threshold: {UnhealthyThreshold} is outside 1…10.");
        if (MatcherLow < 100 || MatcherHigh > 599 || MatcherLow > MatcherHigh) throw new InvalidInputException("health_check.matcher", $"health_check.matcher: {MatcherLow}-{MatcherHigh} is not a status range.");
    }
}

/// <summary>The ALB-like balancer in front of the instances. Defaults: round robin, no stickiness, reference health checks, ALB's 60 s idle timeout.</summary>
public sealed record BalancerOptions
{
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }
    public BalancingAlgorithm Algorithm { get; init; } = BalancingAlgorithm.RoundRobin;
    /// <summary>lb_cookie stickiness: a reply sets cookie <see cref="StickinessCookieName"/>, later requests carrying it go to the same target while it is healthy.</summary>
    public bool Stickiness { get; init; }
    public string StickinessCookieName { get; init; } = "AWSALB";
    /// <summary>Lifetime of the stickiness cookie (ALB <c>stickiness.lb_cookie.duration_seconds</c>; its default is one day).</summary>
    public TimeSpan StickinessDuration { get; init; } = TimeSpan.FromDays(1);
    public HealthCheckOptions HealthCheck { get; init; } = new();
    /// <summary>
    /// ALB <c>idle_timeout.timeout_seconds</c>: a connection or a proxied exchange with no bytes moving either way for this
    /// long is closed (504 if the target went quiet). A slow transfer that keeps moving is never cut.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Largest request body passed on, bytes; larger ⇒ 413 from the balancer (at once for a claimed Content-Length). Null ⇒ no limit of its own.</summary>
    public long? MaxRequestBodyBytes { get; init; }
    /// <summary>Take a target out of rotation on its first connection failure (refused, reset, closed mid-reply) until health checks pass again.</summary>
    public bool PassiveEjection { get; init; } = true;

    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new InvalidInputException("balancer.port", $"balancer.port: {Port} is outside 0…65535.");
        if (string.IsNullOrWhiteSpace(StickinessCookieName) || StickinessCookieName.Any(c => c <= ' ' || c is ';' or '=' or ','))
            throw new InvalidInputException("balancer.stickiness_cookie_name", $"balancer.stickiness_cookie_name: '{StickinessCookieName}' is not a cookie name.");
        if (StickinessDuration <= TimeSpan.Zero) throw new InvalidInputException("balancer.stickiness_duration", "balancer.stickiness_duration: must be positive.");
        if (IdleTimeout < TimeSpan.FromSeconds(1) || IdleTimeout > TimeSpan.FromSeconds(4000))
            throw new InvalidInputException("balancer.idle_timeout", $"balancer.idle_timeout: {IdleTimeout} is outside 1…4000 s (ALB's range).");
        if (MaxRequestBodyBytes is < 1) throw new InvalidInputException("balancer.max_request_body_bytes", $"balancer.max_request_body_bytes: {MaxRequestBodyBytes} must be positive.");
        HealthCheck.Validate();
    }
}
