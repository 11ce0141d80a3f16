using PypiKit.Sizing;
using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>
/// The CloudWatch dashboard body: the reference's 15 widgets (24-column grid, 300 s periods) in three sections with
/// plain-English text widgets. Widget 12 is "EFS - Burst Credit Balance" in bursting mode; in elastic/provisioned mode,
/// where burst credits do not apply, that slot shows "EFS - Storage Size" so the layout always has 15 widgets. EC2 stacks add a
/// host section fed by the CloudWatch agent (<see cref="HostWidgetCount"/> widgets); Fargate stacks a task section fed by
/// Container Insights (<see cref="TaskWidgetCount"/> widgets).
/// </summary>
public static class Dashboard
{
    public const int WidgetCount = 15;

    /// <summary>Widgets of the host section EC2 stacks add (text, memory and swap, iowait and disk), from the CloudWatch agent.</summary>
    public const int HostWidgetCount = 3;

    /// <summary>Widgets of the task section Fargate stacks add (text, memory and CPU per task), from Container Insights.</summary>
    public const int TaskWidgetCount = 3;

    public static YMap Body(StackModel m)
    {
        var w = new List<YNode>();
        var svc = new[] { "ServiceName", "${service.name}", "ClusterName", "${cluster.name}" };
        var lb = new[] { "LoadBalancer", "${alb.arnSuffix}" };
        var tg = new[] { "TargetGroup", "${targetGroup.arnSuffix}", "LoadBalancer", "${alb.arnSuffix}" };
        var efs = new[] { "FileSystemId", "${efsFileSystem.id}" };

        w.Add(Text(0, 0, 24, 4, "## ECS — containers running pypiserver\n" +
            "CPU above 80 % for minutes means add tasks or bigger instances. Tasks stuck in Pending mean the cluster has no room: " +
            "the capacity provider must add instances (or Fargate capacity is short). Memory near the hard limit ends in OOM kills."));
        w.Add(Metric(0, 4, "ECS Service - CPU & Memory Utilization", [
            M("AWS/ECS", "CPUUtilization", svc, "Average"), M("AWS/ECS", "CPUUtilization", svc, "Maximum"),
            M("AWS/ECS", "MemoryUtilization", svc, "Average"), M("AWS/ECS", "MemoryUtilization", svc, "Maximum")], yMax: 100));
        var ci = new[] { "ServiceName", "${service.name}", "ClusterName", "${cluster.name}" };
        w.Add(Metric(12, 4, "ECS Service - Task Count (requires Container Insights)", [
            M("ECS/ContainerInsights", "DesiredTaskCount", ci, "Average"), M("ECS/ContainerInsights", "RunningTaskCount", ci, "Average"),
            M("ECS/ContainerInsights", "PendingTaskCount", ci, "Average")]));
        w.Add(Metric(0, 10, "Container Insights - CPU Utilized (units, 1024 = 1 vCPU)", [
            M("ECS/ContainerInsights", "CpuUtilized", ci, "Average", "Average per task"), M("ECS/ContainerInsights", "CpuUtilized", ci, "Maximum", "Busiest task")],
            annotations: [Ann(m.Service.ContainerCpuUnits, $"container cpu ({m.Service.ContainerCpuUnits})", "#d62728")]));
        w.Add(Metric(12, 10, "Container Insights - Memory Utilized (MB)", [
            M("ECS/ContainerInsights", "MemoryUtilized", ci, "Average", "Average per task"), M("ECS/ContainerInsights", "MemoryUtilized", ci, "Maximum", "Largest task")],
            annotations: [Ann(m.Service.ContainerMemoryReservationMb, "soft limit (reservation)", "#ff7f0e"), Ann(m.Service.ContainerMemoryMb, "hard limit (OOM kill)", "#d62728")]));

        w.Add(Text(0, 16, 24, 4, "## ALB — load balancer in front of pypiserver\n" +
            "Response time: under 2 s is normal, above 15 s during a burst means the workers are saturated. " +
            "5xx from targets means pypiserver failed; 5xx from the ELB means no healthy target answered in time."));
        w.Add(Metric(0, 20, "ALB - Target Response Time (seconds)", [
            M("AWS/ApplicationELB", "TargetResponseTime", lb, "p50"), M("AWS/ApplicationELB", "TargetResponseTime", lb, "p95"),
            M("AWS/ApplicationELB", "TargetResponseTime", lb, "p99"), M("AWS/ApplicationELB", "TargetResponseTime", lb, "Average")],
            annotations: [Ann(2, "target (normal)", "#2ca02c", "below"), Ann(15, "target (burst)", "#d62728", "above")]));
        w.Add(Metric(12, 20, "ALB - Request Count & HTTP Status Codes", [
            M("AWS/ApplicationELB", "RequestCount", lb, "Sum"), M("AWS/ApplicationELB", "HTTPCode_Target_2XX_Count", lb, "Sum"),
            M("AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", lb, "Sum"), M("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", lb, "Sum"),
            M("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", lb, "Sum", "ELB 5XX (no target answered)")]));
        w.Add(Metric(0, 26, "ALB - Connection Metrics", [
            M("AWS/ApplicationELB", "ActiveConnectionCount", lb, "Sum"), M("AWS/ApplicationELB", "NewConnectionCount", lb, "Sum"),
            M("AWS/ApplicationELB", "ProcessedBytes", lb, "Sum"), M("AWS/ApplicationELB", "TargetConnectionErrorCount", lb, "Sum"),
            M("AWS/ApplicationELB", "RejectedConnectionCount", lb, "Sum")]));
        w.Add(Metric(12, 26, "ALB - Target Health", [
            M("AWS/ApplicationELB", "HealthyHostCount", tg, "Average"), M("AWS/ApplicationELB", "UnHealthyHostCount", tg, "Average")]));

        w.Add(Text(0, 32, 24, 4, "## EFS — shared file system storing packages\n" +
            "With the simple-dir backend every index request lists the package directory, so MetadataIOBytes usually dominates. " +
            "PercentIOLimit near 100 % means EFS is the bottleneck."));
        if (m.Storage.Throughput == EfsThroughputMode.Bursting)
            w.Add(Metric(0, 36, "EFS - Burst Credit Balance", [M("AWS/EFS", "BurstCreditBalance", efs, "Average")],
                annotations: [Ann(m.Observability.EfsBurstCreditThresholdBytes, "alarm (burst credits low)", "#d62728")]));
        else
            w.Add(Metric(0, 36, "EFS - Storage Size (bytes)", [M("AWS/EFS", "StorageBytes", [.. efs, "StorageClass", "Total"], "Average")]));
        w.Add(Metric(12, 36, "EFS - Throughput Utilization (%)", [M("AWS/EFS", "PercentIOLimit", efs, "Average")], yMax: 100,
            annotations: [Ann(m.Observability.EfsPercentIoLimitThreshold, $"alarm ({m.Observability.EfsPercentIoLimitThreshold} %)", "#d62728")]));
        w.Add(Metric(0, 42, "EFS - Client Connections", [M("AWS/EFS", "ClientConnections", efs, "Sum")]));
        w.Add(Metric(12, 42, "EFS - I/O Bytes (per 5-min interval)", [
            M("AWS/EFS", "DataReadIOBytes", efs, "Sum"), M("AWS/EFS", "DataWriteIOBytes", efs, "Sum"), M("AWS/EFS", "MetadataIOBytes", efs, "Sum")]));

        if (m.Cluster.UsesEc2)
        {
            var asg = new[] { "AutoScalingGroupName", "${autoScalingGroup.name}" };
            w.Add(Text(0, 48, 24, 3, "## Hosts — EC2 instances running the tasks (CloudWatch agent)\n" +
                "Memory near 100 % with swap climbing and iowait rising is the 2025-12-27 pattern: the host pages, every task slows, " +
                "health checks time out. Add memory (bigger instances, fewer tasks per host) before adding tasks."));
            w.Add(Metric(0, 51, "Hosts - Memory and swap used (%)", [
                M("CWAgent", "mem_used_percent", asg, "Maximum", "memory used (busiest host)"), M("CWAgent", "swap_used_percent", asg, "Maximum", "swap used (busiest host)")],
                yMax: 100));
            w.Add(Metric(12, 51, "Hosts - CPU iowait and root disk used (%)", [
                M("CWAgent", "cpu_usage_iowait", asg, "Maximum", "iowait (busiest host)"), M("CWAgent", "used_percent", asg, "Maximum", "root disk used")],
                yMax: 100));
        }
        else
        {
            // Fargate has no host to watch: each task's own memory and CPU come from Container Insights with enhanced
            // observability (task-level metrics carry a TaskId dimension; one line per task, found by SEARCH).
            w.Add(Text(0, 48, 24, 3, "## Tasks — Fargate tasks (Container Insights, enhanced observability)\n" +
                "Each line is one task. Memory climbing to the task's limit ends in an OOM kill (a STOPPED task with " +
                "OutOfMemoryError); a task pinned at its CPU reservation queues requests."));
            w.Add(Metric(0, 51, "Tasks - Memory utilized per task (MB)", [TaskSearch("MemoryUtilized", "mem")]));
            w.Add(Metric(12, 51, "Tasks - CPU utilized per task (units, 1024 = 1 vCPU)", [TaskSearch("CpuUtilized", "cpu")]));
        }
        return Map(("widgets", Seq(w)));
    }

    /// <summary>The cluster's <c>containerInsights</c> setting: <c>enhanced</c> on Fargate (task-level metrics with a TaskId
    /// dimension need it), <c>enabled</c> on EC2 (hosts are watched by the CloudWatch agent).</summary>
    public static string ContainerInsightsSetting(ClusterSpec c) => !c.ContainerInsights ? "disabled" : c.UsesEc2 ? "enabled" : "enhanced";

    /// <summary>Dimensions of Container Insights' task-level metrics (enhanced observability).</summary>
    public static readonly string[] TaskDimensions = ["ClusterName", "ServiceName", "TaskId"];

    /// <summary>One line per task of the service: a SEARCH over the task-level metric.</summary>
    private static YSeq TaskSearch(string metric, string id) => Seq(Map(
        ("expression", Str($"SEARCH('{{ECS/ContainerInsights,{string.Join(',', TaskDimensions)}}} MetricName=\"{metric}\" " +
            "ClusterName=\"${cluster.name}\" ServiceName=\"${service.name}\"', 'Maximum', 60)")),
        ("id", Str(id)), ("label", Str(""))));

    private static YMap Text(int x, int y, int width, int height, string markdown) =>
        Map(("type", Str("text")), ("x", Int(x)), ("y", Int(y)), ("width", Int(width)), ("height", Int(height)),
            ("properties", Map(("markdown", Str(markdown)))));

    private static YMap Metric(int x, int y, string title, YNode[] metrics, int? yMax = null, YNode[]? annotations = null) =>
        Map(("type", Str("metric")), ("x", Int(x)), ("y", Int(y)), ("width", Int(12)), ("height", Int(6)),
            ("properties", Map(("title", Str(title)), ("region", Ref("region")), ("view", Str("timeSeries")), ("stacked", Bool(false)),
                ("period", Int(300)), ("metrics", Seq(metrics)),
                ("yAxis", yMax is { } max ? Map(("left", Map(("min", Int(0)), ("max", Int(max))))) : null),
                ("annotations", annotations is { Length: > 0 } ? Map(("horizontal", Seq(annotations))) : null))));

    private static YSeq M(string ns, string metric, string[] dims, string stat, string? label = null)
    {
        var s = Seq([Str(ns), Str(metric), .. dims.Select(d => (YNode)Str(d))]);
        s.Items.Add(Map(("stat", Str(stat)), ("label", label is null ? null : Str(label))));
        return s;
    }

    private static YMap Ann(double value, string label, string color, string? fill = null) =>
        Map(("value", Num(value)), ("label", Str(label)), ("color", Str(color)), ("fill", fill is null ? null : Str(fill)));
}
