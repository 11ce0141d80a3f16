namespace PypiKit.Telemetry.Alarms;

/// <summary>
/// The alarm thresholds of a pypiserver stack, written once: the stack model takes its defaults from here, the Pulumi
/// renderer writes alarms and dashboard annotations from <see cref="StackAlarms"/>, telemetry and the incident rules
/// read the same values. Sources: the reference infrahouse/terraform-aws-pypiserver module (EFS credits below 1 TB, EFS
/// I/O above 80 %, latency above 0.8 × the ALB idle timeout, success rate below 99 %, host CPU above 90 %) and the
/// stability plan (ECS memory above 80 %).
/// </summary>
public sealed record AlarmThresholds
{
    /// <summary>EFS <c>BurstCreditBalance</c> low-water mark: 1e12 bytes (1 TB).</summary>
    public const double EfsBurstCreditLowBytes = 1e12;

    /// <summary>EFS <c>PercentIOLimit</c> above this is high.</summary>
    public const int EfsPercentIoLimitDefault = 80;

    /// <summary>Average target response time above this share of the ALB idle timeout is high latency.</summary>
    public const double LatencyShareOfIdleTimeout = 0.8;

    /// <summary>Share of non-5xx responses (%) below this is a low success rate.</summary>
    public const double SuccessRatePercentDefault = 99;

    /// <summary>CPU (%) above this is high.</summary>
    public const int HighCpuPercentDefault = 90;

    /// <summary>ECS service <c>MemoryUtilization</c> (%) above this is high: the stability plan's early warning before OOM kills.</summary>
    public const int EcsMemoryPercentDefault = 80;

    /// <summary>More unhealthy targets than this alarms.</summary>
    public const int UnhealthyHostsDefault = 1;

    public double EfsBurstCreditBytes { get; init; } = EfsBurstCreditLowBytes;
    public int EfsPercentIoLimit { get; init; } = EfsPercentIoLimitDefault;
    public double HighLatencySeconds { get; init; } = LatencyShareOfIdleTimeout * 60;
    public double SuccessRatePercent { get; init; } = SuccessRatePercentDefault;
    public int HighCpuPercent { get; init; } = HighCpuPercentDefault;
    public int EcsMemoryPercent { get; init; } = EcsMemoryPercentDefault;
    public int UnhealthyHosts { get; init; } = UnhealthyHostsDefault;

    /// <summary>The thresholds for an ALB idle timeout of <paramref name="idleTimeoutSeconds"/> (latency follows it).</summary>
    public static AlarmThresholds ForIdleTimeout(double idleTimeoutSeconds) => new() { HighLatencySeconds = LatencyShareOfIdleTimeout * idleTimeoutSeconds };
}
