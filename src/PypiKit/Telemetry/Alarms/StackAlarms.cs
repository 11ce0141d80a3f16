using System.Globalization;

namespace PypiKit.Telemetry.Alarms;

/// <summary>Which resource's dimensions a metric takes; the renderer fills them with Pulumi references, telemetry with names.</summary>
public enum AlarmDimensions { Service, LoadBalancer, TargetGroup, FileSystem, AutoScalingGroup }

/// <summary>One metric of an alarm's math expression (<see cref="AlarmDefinition.Expression"/>).</summary>
public sealed record AlarmMetricQuery(string Id, string Namespace, string MetricName, AlarmDimensions Dimensions, string Statistic, int PeriodSeconds);

/// <summary>
/// One CloudWatch alarm of the stack as data: metric (or a math expression over <see cref="Queries"/>), namespace,
/// dimensions, statistic, period, evaluation periods, threshold and comparison. <see cref="Key"/> is the Pulumi
/// resource name, <see cref="NameSuffix"/> the alarm name after the stack prefix.
/// </summary>
public sealed record AlarmDefinition(
    string Key, string NameSuffix, string Description, string Namespace, string MetricName, AlarmDimensions Dimensions,
    string Statistic, int PeriodSeconds, int EvaluationPeriods, double Threshold, string ComparisonOperator)
{
    public string TreatMissingData { get; init; } = "notBreaching";

    /// <summary>Metric math (then <see cref="Namespace"/>/<see cref="MetricName"/> name its main input for display).</summary>
    public string? Expression { get; init; }
    public IReadOnlyList<AlarmMetricQuery> Queries { get; init; } = [];

    /// <summary>The unit of the evaluated value (for charts and tables).</summary>
    public string Unit { get; init; } = "None";

    /// <summary>Short title: description plus the rule, e.g. <c>… (&lt; 1e+12, 2 × 300 s)</c>.</summary>
    public string Title => string.Create(CultureInfo.InvariantCulture,
        $"Alarm: {Description} ({(ComparisonOperator.StartsWith("Less", StringComparison.Ordinal) ? "<" : ">")} {Threshold:G4}, {EvaluationPeriods} × {PeriodSeconds} s)");
}

/// <summary>What the alarm set depends on in a stack.</summary>
public sealed record StackAlarmInputs(AlarmThresholds Thresholds, bool EfsBursting, bool UsesEc2, int TaskMinCount)
{
    /// <summary>The reference module's defaults (bursting EFS, EC2 hosts, 60 s idle timeout), for stacks PypiKit did not render.</summary>
    public static StackAlarmInputs Reference { get; } = new(new AlarmThresholds(), EfsBursting: true, UsesEc2: true, TaskMinCount: 1);
}

/// <summary>The one definition of the stack's alarms; the renderer writes them, telemetry queries and reads their states.</summary>
public static class StackAlarms
{
    public static IReadOnlyList<AlarmDefinition> Build(StackAlarmInputs inputs)
    {
        var t = inputs.Thresholds;
        var list = new List<AlarmDefinition>
        {
            new("efsThroughputHighAlarm", "efs-throughput-high", "EFS PercentIOLimit high", "AWS/EFS", "PercentIOLimit", AlarmDimensions.FileSystem,
                "Average", 300, 2, t.EfsPercentIoLimit, "GreaterThanThreshold") { Unit = "Percent" },
            inputs.EfsBursting
                ? new("efsBurstCreditsLowAlarm", "efs-burst-credits-low", "EFS burst credits low: throughput will drop to baseline", "AWS/EFS",
                    "BurstCreditBalance", AlarmDimensions.FileSystem, "Average", 300, 2, t.EfsBurstCreditBytes, "LessThanThreshold") { Unit = "Bytes" }
                : new("runningTasksLowAlarm", "running-tasks-low", "Fewer pypiserver tasks running than the minimum (EFS not bursting)",
                    "ECS/ContainerInsights", "RunningTaskCount", AlarmDimensions.Service, "Minimum", 60, 5, inputs.TaskMinCount, "LessThanThreshold")
                    { TreatMissingData = "breaching", Unit = "Count" },
            new("unhealthyHostsAlarm", "unhealthy-hosts", "Unhealthy targets behind the ALB", "AWS/ApplicationELB", "UnHealthyHostCount",
                AlarmDimensions.TargetGroup, "Average", 60, 2, t.UnhealthyHosts, "GreaterThanThreshold") { Unit = "Count" },
            new("highLatencyAlarm", "high-latency", "Average target response time high (0.8 × idle timeout)", "AWS/ApplicationELB",
                "TargetResponseTime", AlarmDimensions.TargetGroup, "Average", 60, 2, t.HighLatencySeconds, "GreaterThanThreshold") { Unit = "Seconds" },
            new("lowSuccessRateAlarm", "low-success-rate", "Share of non-5xx responses low", "AWS/ApplicationELB", "RequestCount",
                AlarmDimensions.LoadBalancer, "Sum", 300, 2, t.SuccessRatePercent, "LessThanThreshold")
            {
                Unit = "Percent",
                Expression = "100*(1-(FILL(target_5xx,0)+FILL(elb_5xx,0))/FILL(request_count,1))",
                Queries =
                [
                    new("target_5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", AlarmDimensions.TargetGroup, "Sum", 300),
                    new("elb_5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", AlarmDimensions.LoadBalancer, "Sum", 300),
                    new("request_count", "AWS/ApplicationELB", "RequestCount", AlarmDimensions.LoadBalancer, "Sum", 300),
                ],
            },
            inputs.UsesEc2
                ? new("highCpuAlarm", "high-cpu", "Instance CPU high", "AWS/EC2", "CPUUtilization", AlarmDimensions.AutoScalingGroup,
                    "Average", 300, 2, t.HighCpuPercent, "GreaterThanThreshold") { Unit = "Percent" }
                : new("highCpuAlarm", "high-cpu", "Service CPU high", "AWS/ECS", "CPUUtilization", AlarmDimensions.Service,
                    "Average", 300, 2, t.HighCpuPercent, "GreaterThanThreshold") { Unit = "Percent" },
            new("serviceMemoryHighAlarm", "memory-high", "Service memory high: OOM kills come next", "AWS/ECS", "MemoryUtilization",
                AlarmDimensions.Service, "Maximum", 60, 3, t.EcsMemoryPercent, "GreaterThanThreshold") { Unit = "Percent" },
        };
        return list;
    }
}
