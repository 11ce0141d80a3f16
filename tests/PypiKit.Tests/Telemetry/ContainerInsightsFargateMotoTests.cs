using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>
/// A Fargate stack's task memory and CPU: the task ids are listed from Container Insights' own series (TaskId beside
/// ClusterName/ServiceName) and read back one line per task, against moto.
/// </summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public sealed class ContainerInsightsFargateMotoTests(MotoFixture fx)
{
    [Fact]
    public async Task Task_ids_are_discovered_from_container_insights_and_each_task_is_one_line()
    {
        fx.RequireMoto();
        var ct = TestContext.Current.CancellationToken;
        using var aws = fx.Moto.Clients();
        const string cluster = "pypi-fargate", service = "pypiserver-fargate";
        var now = DateTimeOffset.UtcNow;
        var times = Enumerable.Range(1, 5).Select(k => now.AddMinutes(-k)).ToArray();
        string[] tasks = ["0a1b2c3d4e5f60718293a4b5c6d7e8f9", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"];
        for (var i = 0; i < tasks.Length; i++)
        {
            List<MetricDimension> dims = [new("ClusterName", cluster), new("ServiceName", service), new("TaskId", tasks[i])];
            await aws.CloudWatch.PutMetricDataAsync("ECS/ContainerInsights", times.Select(t => new MetricDatum("MemoryUtilized", dims, t, 700 + 100 * i, "Megabytes")), ct);
            await aws.CloudWatch.PutMetricDataAsync("ECS/ContainerInsights", times.Select(t => new MetricDatum("CpuUtilized", dims, t, 300 + 10 * i)), ct);
        }
        // The service-level series (no TaskId) is not a task.
        await aws.CloudWatch.PutMetricDataAsync("ECS/ContainerInsights",
            [new MetricDatum("MemoryUtilized", [new("ClusterName", cluster), new("ServiceName", service)], times[0], 750)], ct);

        var fargate = new StackTarget { ClusterName = cluster, ServiceName = service, LaunchType = "FARGATE", ContainerMemoryMb = 1024 };
        Assert.DoesNotContain(MetricCatalog.For(fargate), p => p.Name.EndsWith("-fargate", StringComparison.Ordinal)); // no task known yet
        var found = await ContainerInsightsTasks.DiscoverAsync(aws.CloudWatch, fargate, ct);
        Assert.Equal(tasks.Order(StringComparer.Ordinal), found.TaskIds);

        var ec2 = fargate with { LaunchType = "EC2" };
        Assert.Same(ec2, await ContainerInsightsTasks.DiscoverAsync(aws.CloudWatch, ec2, ct)); // EC2 stacks have hosts instead

        var panels = MetricCatalog.For(found).Where(p => p.Name.EndsWith("-fargate", StringComparison.Ordinal)).ToList();
        Assert.Equal(["task-memory-fargate", "task-cpu-fargate"], panels.Select(p => p.Name));
        Assert.Equal(1024, panels[0].Annotations.Single().Value);
        var report = await new MetricsReader(aws.CloudWatch).ReadAsync(panels, now.AddMinutes(-10), now.AddMinutes(1), 60, ct: ct);
        double Max(string panel, string task) => report.Series.Single(s => s.Panel == panel && s.Series.Name.EndsWith(task, StringComparison.Ordinal)).Series.Max;
        Assert.Equal(700, Max("task-memory-fargate", tasks[0]));
        Assert.Equal(800, Max("task-memory-fargate", tasks[1]));
        Assert.Equal(310, Max("task-cpu-fargate", tasks[1]));
    }
}
