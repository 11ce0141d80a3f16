using PypiKit.Series;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>Where a panel comes from: a dashboard widget, an alarm, or host metrics PypiKit adds.</summary>
public enum MetricPanelKind { Widget, Alarm, Host }

/// <summary>
/// One line of a panel: a metric + statistic, or a metric-math <see cref="Expression"/> over other lines' ids of the
/// same panel. <see cref="ReturnData"/> false hides inputs of an expression.
/// </summary>
public sealed record MetricLine(string Id, string Label, string Unit, MetricIdentity? Metric, string Stat, string? Expression = null, bool ReturnData = true)
{
    public static MetricLine Of(string id, string label, string unit, string ns, string name, string stat, params (string Name, string Value)[] dims) =>
        new(id, label, unit, new MetricIdentity(ns, name, dims.Select(d => new MetricDimension(d.Name, d.Value)).ToList()), stat);
}

/// <summary>A horizontal reference line (threshold, container limit).</summary>
public sealed record MetricAnnotation(string Label, double Value);

/// <summary>CloudWatch's three alarm states.</summary>
public enum AlarmStateValue { Ok, Alarm, InsufficientData }

/// <summary>An alarm's rule, evaluated on the panel's line <see cref="LineId"/>.</summary>
public sealed record AlarmRule(string LineId, string ComparisonOperator, double Threshold, int EvaluationPeriods)
{
    /// <summary>True when the last <see cref="EvaluationPeriods"/> points all breach (missing data is not breaching).</summary>
    public bool IsBreaching(TimeSeries series) => Evaluate(series) == AlarmStateValue.Alarm;

    /// <summary>
    /// A local evaluation, as CloudWatch would with missing data treated as missing: fewer points than
    /// <see cref="EvaluationPeriods"/> is <see cref="AlarmStateValue.InsufficientData"/>, never OK.
    /// </summary>
    public AlarmStateValue Evaluate(TimeSeries series)
    {
        if (series.Points.Count < EvaluationPeriods) return AlarmStateValue.InsufficientData;
        return series.Points.TakeLast(EvaluationPeriods).All(p => Breaches(p.Value)) ? AlarmStateValue.Alarm : AlarmStateValue.Ok;
    }

    /// <summary>Whether one value breaches the threshold under <see cref="ComparisonOperator"/>.</summary>
    public bool Breaches(double value) => ComparisonOperator switch
    {
        "GreaterThanThreshold" => value > Threshold,
        "GreaterThanOrEqualToThreshold" => value >= Threshold,
        "LessThanThreshold" => value < Threshold,
        "LessThanOrEqualToThreshold" => value <= Threshold,
        _ => throw new InvalidInputException("comparison_operator", $"unknown comparison operator '{ComparisonOperator}'."),
    };
}

/// <summary>A named query: every line of one dashboard widget, alarm or host chart.</summary>
public sealed record MetricPanel(string Name, string Title, MetricPanelKind Kind, int PeriodSeconds, IReadOnlyList<MetricLine> Lines)
{
    public IReadOnlyList<MetricAnnotation> Annotations { get; init; } = [];
    public AlarmRule? Alarm { get; init; }
}

/// <summary>
/// Every metric widget (§7) and alarm (§6) of the reference pypiserver dashboard as named queries, plus CloudWatch
/// agent host memory/swap and T-family CPU credits. Source of the widget and alarm definitions: the reference
/// infrahouse/terraform-aws-pypiserver module (dashboard period 300 s; ALB alarms 60 s).
/// </summary>
public static class MetricCatalog
{
    /// <summary>Every panel name, in dashboard order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "ecs-cpu-memory", "ecs-task-count", "ecs-cpu-utilized", "ecs-memory-utilized",
        "alb-target-response-time", "alb-requests", "alb-connections", "alb-target-health",
        "efs-burst-credit-balance", "efs-throughput-utilization", "efs-client-connections", "efs-io-bytes",
        "alarm-efs-burst-credits-low", "alarm-efs-throughput-high", "alarm-unhealthy-hosts", "alarm-high-latency",
        "alarm-low-success-rate", "alarm-high-cpu",
        "host-memory", "host-swap", "host-cpu-credits",
    ];

    /// <summary>The panels whose dimensions <paramref name="target"/> provides (others are left out).</summary>
    public static IReadOnlyList<MetricPanel> For(StackTarget target) => Names.Select(n => TryGet(n, target)).OfType<MetricPanel>().ToList();

    /// <summary>One panel by name; <see cref="InvalidInputException"/> when unknown or when the target lacks its dimensions.</summary>
    public static MetricPanel Get(string name, StackTarget target)
    {
        if (!Names.Contains(name))
            throw new InvalidInputException("metric", $"unknown metric panel '{name}'; known: {string.Join(", ", Names)}.");
        return TryGet(name, target) ?? throw new InvalidInputException("metric",
            $"metric panel '{name}' needs {Needs(name)}, which the stack target does not give.");
    }

    /// <summary>What a panel needs from the target, in words.</summary>
    public static string Needs(string name) => name switch
    {
        _ when name.StartsWith("ecs-", StringComparison.Ordinal) => "the ECS cluster and service names",
        "alb-target-health" or "alarm-unhealthy-hosts" => "the load balancer and target group ARNs",
        _ when name.StartsWith("alb-", StringComparison.Ordinal) || name is "alarm-high-latency" or "alarm-low-success-rate" => "the load balancer ARN",
        _ when name.Contains("efs", StringComparison.Ordinal) => "the EFS file system id",
        "alarm-high-cpu" => "the auto scaling group name",
        "host-cpu-credits" => "the EC2 instance ids",
        _ => "the EC2 instance ids or the auto scaling group name",
    };

    private const string Ecs = "AWS/ECS", Insights = "ECS/ContainerInsights", Alb = "AWS/ApplicationELB", Efs = "AWS/EFS", Agent = "CWAgent", Ec2 = "AWS/EC2";

    private static MetricPanel? TryGet(string name, StackTarget t)
    {
        (string, string)[] svc = t is { ClusterName: { } c, ServiceName: { } s } ? [("ServiceName", s), ("ClusterName", c)] : [];
        (string, string)[] lb = t.LoadBalancerDimension is { } l ? [("LoadBalancer", l)] : [];
        (string, string)[] tg = t.LoadBalancerDimension is { } l2 && t.TargetGroupDimension is { } g ? [("TargetGroup", g), ("LoadBalancer", l2)] : [];
        (string, string)[] fs = t.FileSystemId is { } f ? [("FileSystemId", f)] : [];
        (string, string)[] asg = t.AutoScalingGroupName is { } a ? [("AutoScalingGroupName", a)] : [];
        bool Has((string, string)[] d) => d.Length > 0;

        MetricPanel P(MetricPanelKind kind, string title, int period, params MetricLine[] lines) => new(name, title, kind, period, lines);

        switch (name)
        {
            case "ecs-cpu-memory" when Has(svc):
                return P(MetricPanelKind.Widget, "ECS Service - CPU & Memory Utilization", 300,
                    MetricLine.Of("cpu_avg", "CPU average", "Percent", Ecs, "CPUUtilization", "Average", svc),
                    MetricLine.Of("cpu_max", "CPU maximum", "Percent", Ecs, "CPUUtilization", "Maximum", svc),
                    MetricLine.Of("mem_avg", "Memory average", "Percent", Ecs, "MemoryUtilization", "Average", svc),
                    MetricLine.Of("mem_max", "Memory maximum", "Percent", Ecs, "MemoryUtilization", "Maximum", svc));
            case "ecs-task-count" when Has(svc):
                return P(MetricPanelKind.Widget, "ECS Service - Task Count (Container Insights)", 300,
                    MetricLine.Of("desired", "Desired tasks", "Count", Insights, "DesiredTaskCount", "Average", svc),
                    MetricLine.Of("running", "Running tasks", "Count", Insights, "RunningTaskCount", "Average", svc),
                    MetricLine.Of("pending", "Pending tasks", "Count", Insights, "PendingTaskCount", "Average", svc));
            case "ecs-cpu-utilized" when Has(svc):
                return P(MetricPanelKind.Widget, "Container Insights - CPU Utilized (units, 1024 = 1 vCPU)", 300,
                    MetricLine.Of("avg", "Average per task", "None", Insights, "CpuUtilized", "Average", svc),
                    MetricLine.Of("max", "Busiest task", "None", Insights, "CpuUtilized", "Maximum", svc))
                    with { Annotations = t.ContainerCpuUnits is { } cpu ? [new MetricAnnotation("Container CPU reservation", cpu)] : [] };
            case "ecs-memory-utilized" when Has(svc):
                return P(MetricPanelKind.Widget, "Container Insights - Memory Utilized (MB)", 300,
                    MetricLine.Of("avg", "Average per task", "Megabytes", Insights, "MemoryUtilized", "Average", svc),
                    MetricLine.Of("max", "Largest task", "Megabytes", Insights, "MemoryUtilized", "Maximum", svc))
                    with
                    {
                        Annotations = new[]
                        {
                            t.ContainerMemoryReservationMb is { } soft ? new MetricAnnotation("Soft limit (reservation)", soft) : null,
                            t.ContainerMemoryMb is { } hard ? new MetricAnnotation("Hard limit (OOM kill)", hard) : null,
                        }.OfType<MetricAnnotation>().ToList(),
                    };
            case "alb-target-response-time" when Has(lb):
                return P(MetricPanelKind.Widget, "ALB - Target Response Time (seconds)", 300,
                    MetricLine.Of("p50", "p50", "Seconds", Alb, "TargetResponseTime", "p50", lb),
                    MetricLine.Of("p95", "p95", "Seconds", Alb, "TargetResponseTime", "p95", lb),
                    MetricLine.Of("p99", "p99", "Seconds", Alb, "TargetResponseTime", "p99", lb),
                    MetricLine.Of("avg", "Average", "Seconds", Alb, "TargetResponseTime", "Average", lb))
                    with { Annotations = [new MetricAnnotation("target (normal)", 2), new MetricAnnotation("target (burst)", 15)] };
            case "alb-requests" when Has(lb):
                return P(MetricPanelKind.Widget, "ALB - Request Count & HTTP Status Codes", 300,
                    MetricLine.Of("requests", "Requests", "Count", Alb, "RequestCount", "Sum", lb),
                    MetricLine.Of("target_2xx", "Target 2XX", "Count", Alb, "HTTPCode_Target_2XX_Count", "Sum", lb),
                    MetricLine.Of("target_4xx", "Target 4XX", "Count", Alb, "HTTPCode_Target_4XX_Count", "Sum", lb),
                    MetricLine.Of("target_5xx", "Target 5XX", "Count", Alb, "HTTPCode_Target_5XX_Count", "Sum", lb));
            case "alb-connections" when Has(lb):
                return P(MetricPanelKind.Widget, "ALB - Connection Metrics", 300,
                    MetricLine.Of("active", "Active connections", "Count", Alb, "ActiveConnectionCount", "Sum", lb),
                    MetricLine.Of("new", "New connections", "Count", Alb, "NewConnectionCount", "Sum", lb),
                    MetricLine.Of("bytes", "Processed bytes", "Bytes", Alb, "ProcessedBytes", "Sum", lb));
            case "alb-target-health" when Has(tg):
                return P(MetricPanelKind.Widget, "ALB - Target Health", 300,
                    MetricLine.Of("healthy", "Healthy hosts", "Count", Alb, "HealthyHostCount", "Average", tg),
                    MetricLine.Of("unhealthy", "Unhealthy hosts", "Count", Alb, "UnHealthyHostCount", "Average", tg));
            case "efs-burst-credit-balance" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - Burst Credit Balance (bursting mode)", 300,
                    MetricLine.Of("credits", "Burst credit balance", "Bytes", Efs, "BurstCreditBalance", "Average", fs))
                    with { Annotations = [new MetricAnnotation("Low threshold (1 TB)", 1e12)] };
            case "efs-throughput-utilization" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - Throughput Utilization (%)", 300,
                    MetricLine.Of("io_limit", "Percent of I/O limit", "Percent", Efs, "PercentIOLimit", "Average", fs))
                    with { Annotations = [new MetricAnnotation("Alarm (80 %)", 80)] };
            case "efs-client-connections" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - Client Connections", 300,
                    MetricLine.Of("clients", "Client connections", "Count", Efs, "ClientConnections", "Sum", fs));
            case "efs-io-bytes" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - I/O Bytes (per 5-min interval)", 300,
                    MetricLine.Of("read", "Data read", "Bytes", Efs, "DataReadIOBytes", "Sum", fs),
                    MetricLine.Of("write", "Data write", "Bytes", Efs, "DataWriteIOBytes", "Sum", fs),
                    MetricLine.Of("metadata", "Metadata", "Bytes", Efs, "MetadataIOBytes", "Sum", fs));

            case "alarm-efs-burst-credits-low" when Has(fs):
                return P(MetricPanelKind.Alarm, "Alarm: EFS burst credits low (< 1e12, 2 × 300 s)", 300,
                    MetricLine.Of("credits", "Burst credit balance", "Bytes", Efs, "BurstCreditBalance", "Average", fs))
                    with { Alarm = new AlarmRule("credits", "LessThanThreshold", 1e12, 2) };
            case "alarm-efs-throughput-high" when Has(fs):
                return P(MetricPanelKind.Alarm, "Alarm: EFS throughput high (> 80 %, 2 × 300 s)", 300,
                    MetricLine.Of("io_limit", "Percent of I/O limit", "Percent", Efs, "PercentIOLimit", "Average", fs))
                    with { Alarm = new AlarmRule("io_limit", "GreaterThanThreshold", 80, 2) };
            case "alarm-unhealthy-hosts" when Has(tg):
                return P(MetricPanelKind.Alarm, "Alarm: unhealthy hosts (> 1, 2 × 60 s)", 60,
                    MetricLine.Of("unhealthy", "Unhealthy hosts", "Count", Alb, "UnHealthyHostCount", "Average", tg))
                    with { Alarm = new AlarmRule("unhealthy", "GreaterThanThreshold", 1, 2) };
            case "alarm-high-latency" when Has(lb):
                return P(MetricPanelKind.Alarm, "Alarm: high latency (> 48 s = 0.8 × idle timeout, 2 × 60 s)", 60,
                    MetricLine.Of("latency", "Target response time", "Seconds", Alb, "TargetResponseTime", "Average", lb))
                    with { Alarm = new AlarmRule("latency", "GreaterThanThreshold", 48, 2) };
            case "alarm-low-success-rate" when Has(lb):
                return P(MetricPanelKind.Alarm, "Alarm: low success rate (< 99 %, 2 × 300 s)", 300,
                    new MetricLine("target_5xx", "Target 5XX", "Count", new MetricIdentity(Alb, "HTTPCode_Target_5XX_Count", Dims(lb)), "Sum", ReturnData: false),
                    new MetricLine("elb_5xx", "ELB 5XX", "Count", new MetricIdentity(Alb, "HTTPCode_ELB_5XX_Count", Dims(lb)), "Sum", ReturnData: false),
                    new MetricLine("request_count", "Requests", "Count", new MetricIdentity(Alb, "RequestCount", Dims(lb)), "Sum", ReturnData: false),
                    new MetricLine("success_rate", "Success rate", "Percent", null, "",
                        "100*(1-(FILL(target_5xx,0)+FILL(elb_5xx,0))/FILL(request_count,1))"))
                    with { Alarm = new AlarmRule("success_rate", "LessThanThreshold", 99, 2) };
            case "alarm-high-cpu" when Has(asg):
                return P(MetricPanelKind.Alarm, "Alarm: EC2 CPU high (> 90 %, 2 × 300 s)", 300,
                    MetricLine.Of("cpu", "EC2 CPU", "Percent", Ec2, "CPUUtilization", "Average", asg))
                    with { Alarm = new AlarmRule("cpu", "GreaterThanThreshold", 90, 2) };

            case "host-memory" or "host-swap" when t.InstanceIds.Count > 0 || Has(asg):
            {
                var metric = name == "host-memory" ? "mem_used_percent" : "swap_used_percent";
                var what = name == "host-memory" ? "Memory used" : "Swap used";
                var lines = t.InstanceIds.Count > 0
                    ? t.InstanceIds.Select((id, i) => MetricLine.Of($"i{i}", $"{what} {id}", "Percent", Agent, metric, "Average", ("InstanceId", id))).ToArray()
                    : [MetricLine.Of("asg", $"{what} (ASG average)", "Percent", Agent, metric, "Average", asg)];
                return P(MetricPanelKind.Host, $"Host - {what} (%) (CloudWatch agent)", 60, lines);
            }
            case "host-cpu-credits" when t.InstanceIds.Count > 0:
                return P(MetricPanelKind.Host, "Host - CPU credit balance (T-family instances)", 300,
                    t.InstanceIds.Select((id, i) => MetricLine.Of($"i{i}", $"CPU credits {id}", "Count", Ec2, "CPUCreditBalance", "Average", ("InstanceId", id))).ToArray());
            default:
                return null;
        }
    }

    private static IReadOnlyList<MetricDimension> Dims((string Name, string Value)[] d) => d.Select(x => new MetricDimension(x.Name, x.Value)).ToList();
}
