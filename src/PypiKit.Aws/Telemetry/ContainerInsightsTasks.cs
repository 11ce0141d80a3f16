using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>
/// The tasks a Fargate service's Container Insights (enhanced observability) reported: <c>ListMetrics</c> on
/// <c>ECS/ContainerInsights</c> <c>MemoryUtilized</c> with the cluster and service dimensions, keeping the series that
/// carry a <c>TaskId</c>. Stopped tasks stay listed for two weeks, so an OOM-killed task's last minutes are readable too.
/// </summary>
public static class ContainerInsightsTasks
{
    /// <summary>At most this many tasks are read (in task id order), so a long-lived service keeps one GetMetricData call.</summary>
    public const int MaxTasks = 20;

    /// <summary>
    /// <paramref name="target"/> with <see cref="StackTarget.TaskIds"/> filled when it is a Fargate stack with cluster and
    /// service names and has none yet; otherwise <paramref name="target"/> unchanged.
    /// </summary>
    public static async Task<StackTarget> DiscoverAsync(CloudWatchClient cloudWatch, StackTarget target, CancellationToken ct = default)
    {
        if (!target.IsFargate || target.TaskIds.Count > 0 || target is not { ClusterName: { } cluster, ServiceName: { } service }) return target;
        var metrics = await cloudWatch.ListMetricsAsync("ECS/ContainerInsights", "MemoryUtilized",
            [new MetricDimension("ClusterName", cluster), new MetricDimension("ServiceName", service)], ct).ConfigureAwait(false);
        var ids = metrics.Select(m => m.Dimensions.FirstOrDefault(d => d.Name == "TaskId")?.Value)
            .OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxTasks).ToList();
        return target with { TaskIds = ids };
    }
}
