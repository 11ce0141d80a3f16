using PypiKit.Series;
using PypiKit.Telemetry.Alarms;
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
        "alb-target-response-time", "alb-requests", "alb-5xx-by-source", "alb-connections", "alb-target-health",
        "efs-burst-credit-balance", "efs-throughput-utilization", "efs-client-connections", "efs-io-bytes",
        "alarm-efs-burst-credits-low", "alarm-efs-throughput-high", "alarm-unhealthy-hosts", "alarm-high-latency",
        "alarm-low-success-rate", "alarm-high-cpu", "alarm-memory-high",
        "host-memory", "host-swap", "host-cpu-credits", "task-memory-fargate", "task-cpu-fargate",
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
        _ when name.StartsWith("ecs-", StringComparison.Ordinal) || name == "alarm-memory-high" => "the ECS cluster and service names",
        "alb-target-health" or "alarm-unhealthy-hosts" or "alarm-high-latency" or "alarm-low-success-rate" => "the load balancer and target group ARNs",
        _ when name.StartsWith("alb-", StringComparison.Ordinal) => "the load balancer ARN",
        _ when name.Contains("efs", StringComparison.Ordinal) => "the EFS file system id",
        "alarm-high-cpu" => "the auto scaling group name",
        "task-memory-fargate" or "task-cpu-fargate" => "a Fargate launch type, the ECS cluster and service names and the task ids",
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
                    with
                { Annotations = t.ContainerCpuUnits is { } cpu ? [new MetricAnnotation("Container CPU reservation", cpu)] : [] };
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
                    with
                { Annotations = [new MetricAnnotation("target (normal)", 2), new MetricAnnotation("target (burst)", 15)] };
            case "alb-requests" when Has(lb):
                return P(MetricPanelKind.Widget, "ALB - Request Count & HTTP Status Codes", 300,
                    MetricLine.Of("requests", "Requests", "Count", Alb, "RequestCount", "Sum", lb),
                    MetricLine.Of("target_2xx", "Target 2XX", "Count", Alb, "HTTPCode_Target_2XX_Count", "Sum", lb),
                    MetricLine.Of("target_4xx", "Target 4XX", "Count", Alb, "HTTPCode_Target_4XX_Count", "Sum", lb),
                    MetricLine.Of("target_5xx", "Target 5XX", "Count", Alb, "HTTPCode_Target_5XX_Count", "Sum", lb));
            case "alb-5xx-by-source" when Has(lb):
                // Who answered the 5xx: the load balancer itself (no healthy target, target connection failed, timeout)
                // or the application; plus the connection errors and rejections behind ELB-generated ones.
                return P(MetricPanelKind.Widget, "ALB - 5XX by source (load balancer vs target)", 60,
                    MetricLine.Of("elb_5xx", "ELB 5XX (load balancer)", "Count", Alb, "HTTPCode_ELB_5XX_Count", "Sum", lb),
                    MetricLine.Of("target_5xx", "Target 5XX (application)", "Count", Alb, "HTTPCode_Target_5XX_Count", "Sum", lb),
                    MetricLine.Of("conn_errors", "Target connection errors", "Count", Alb, "TargetConnectionErrorCount", "Sum", lb),
                    MetricLine.Of("rejected", "Rejected connections", "Count", Alb, "RejectedConnectionCount", "Sum", lb));
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
                    with
                { Annotations = [new MetricAnnotation("alarm (burst credits low)", AlarmThresholds.EfsBurstCreditLowBytes)] };
            case "efs-throughput-utilization" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - Throughput Utilization (%)", 300,
                    MetricLine.Of("io_limit", "Percent of I/O limit", "Percent", Efs, "PercentIOLimit", "Average", fs))
                    with
                { Annotations = [new MetricAnnotation($"alarm ({AlarmThresholds.EfsPercentIoLimitDefault} %)", AlarmThresholds.EfsPercentIoLimitDefault)] };
            case "efs-client-connections" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - Client Connections", 300,
                    MetricLine.Of("clients", "Client connections", "Count", Efs, "ClientConnections", "Sum", fs));
            case "efs-io-bytes" when Has(fs):
                return P(MetricPanelKind.Widget, "EFS - I/O Bytes (per 5-min interval)", 300,
                    MetricLine.Of("read", "Data read", "Bytes", Efs, "DataReadIOBytes", "Sum", fs),
                    MetricLine.Of("write", "Data write", "Bytes", Efs, "DataWriteIOBytes", "Sum", fs),
                    MetricLine.Of("metadata", "Metadata", "Bytes", Efs, "MetadataIOBytes", "Sum", fs));

            case not null when name.StartsWith("alarm-", StringComparison.Ordinal):
                return AlarmPanel(name, t, svc, lb, tg, fs, asg);

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
            case "task-memory-fargate" or "task-cpu-fargate" when t.IsFargate && Has(svc) && t.TaskIds.Count > 0:
                {
                    // Container Insights with enhanced observability: one series per task (TaskId beside the service's dimensions).
                    var memory = name == "task-memory-fargate";
                    var lines = t.TaskIds.Select((id, i) => MetricLine.Of($"t{i}", $"{(memory ? "Memory" : "CPU")} task {id}", memory ? "Megabytes" : "None",
                        Insights, memory ? "MemoryUtilized" : "CpuUtilized", "Maximum", [.. svc, ("TaskId", id)])).ToArray();
                    return P(MetricPanelKind.Widget, memory ? "Fargate tasks - Memory utilized per task (MB)" : "Fargate tasks - CPU utilized per task (units, 1024 = 1 vCPU)",
                        60, lines) with
                    {
                        Annotations = memory
                            ? t.ContainerMemoryMb is { } taskHard ? [new MetricAnnotation("Hard limit (OOM kill)", taskHard)] : []
                            : t.ContainerCpuUnits is { } taskCpu ? [new MetricAnnotation("Container CPU reservation", taskCpu)] : [],
                    };
                }
            default:
                return null;
        }
    }

    /// <summary>
    /// An alarm panel from the one alarm definition (<see cref="StackAlarms"/>), with the deployed stack's own threshold,
    /// period and evaluation periods when its outputs carry them.
    /// </summary>
    private static MetricPanel? AlarmPanel(string name, StackTarget t, (string, string)[] svc, (string, string)[] lb, (string, string)[] tg,
        (string, string)[] fs, (string, string)[] asg)
    {
        var inputs = StackAlarmInputs.Reference with { UsesEc2 = t.AutoScalingGroupName is not null || t.ClusterName is null };
        var def = StackAlarms.Build(inputs).FirstOrDefault(a => "alarm-" + a.NameSuffix == name);
        if (def is null) return null;
        (string, string)[] DimsOf(AlarmDimensions d) => d switch
        {
            AlarmDimensions.Service => svc,
            AlarmDimensions.LoadBalancer => lb,
            AlarmDimensions.TargetGroup => tg,
            AlarmDimensions.FileSystem => fs,
            _ => asg,
        };
        var deployed = t.Alarms.FirstOrDefault(a => a.Name.EndsWith("-" + def.NameSuffix, StringComparison.Ordinal) || a.Name == def.NameSuffix);
        if (deployed is not null)
            def = def with
            {
                Threshold = deployed.Threshold,
                ComparisonOperator = deployed.ComparisonOperator is { Length: > 0 } c ? c : def.ComparisonOperator,
                PeriodSeconds = deployed.PeriodSeconds > 0 ? deployed.PeriodSeconds : def.PeriodSeconds,
                EvaluationPeriods = deployed.EvaluationPeriods > 0 ? deployed.EvaluationPeriods : def.EvaluationPeriods,
            };
        var needed = def.Expression is null ? [def.Dimensions] : def.Queries.Select(q => q.Dimensions).ToArray();
        if (needed.Any(d => DimsOf(d).Length == 0)) return null;
        MetricLine[] lines = def.Expression is null
            ? [MetricLine.Of("value", def.MetricName, def.Unit, def.Namespace, def.MetricName, def.Statistic, DimsOf(def.Dimensions))]
            : [.. def.Queries.Select(q => new MetricLine(q.Id, q.MetricName, "Count", new MetricIdentity(q.Namespace, q.MetricName, Dims(DimsOf(q.Dimensions))), q.Statistic, ReturnData: false)),
               new MetricLine("value", def.Description, def.Unit, null, "", def.Expression)];
        return new MetricPanel(name, def.Title, MetricPanelKind.Alarm, def.PeriodSeconds, lines)
        {
            Alarm = new AlarmRule("value", def.ComparisonOperator, def.Threshold, def.EvaluationPeriods),
            Annotations = [new MetricAnnotation("alarm threshold", def.Threshold)],
        };
    }

    private static IReadOnlyList<MetricDimension> Dims((string Name, string Value)[] d) => d.Select(x => new MetricDimension(x.Name, x.Value)).ToList();
}
