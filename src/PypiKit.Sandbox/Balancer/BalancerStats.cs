namespace PypiKit.Sandbox.Balancer;

/// <summary>Health state of a target, as the ALB reports it.</summary>
public enum TargetState { Initial, Healthy, Unhealthy }

/// <summary>Counters of one target. <paramref name="Restarts"/>: how often the cluster replaced its dead process (ECS replacing a stopped task).</summary>
public sealed record TargetStats(string Name, string Url, TargetState State, long Requests, long Outstanding,
    long Responses2xx, long Responses3xx, long Responses4xx, long Responses5xx, long Failures,
    long HealthChecksPassed, long HealthChecksFailed, DateTimeOffset? LastStateChange, long Restarts = 0);

/// <summary>A health-state transition seen by the balancer.</summary>
public sealed record TargetStateChange(DateTimeOffset Time, string Target, TargetState From, TargetState To, string Reason);

/// <summary>What <c>/_sandbox/stats</c> returns.</summary>
public sealed record BalancerStats(string Url, BalancingAlgorithm Algorithm, bool Stickiness, long Requests, long Failures,
    IReadOnlyList<TargetStats> Targets, IReadOnlyList<TargetStateChange> StateChanges);
