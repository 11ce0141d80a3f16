using PypiKit.Automation.Policy;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;
using PypiKit.Telemetry;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>
/// Fargate stacks turn on Container Insights with enhanced observability (task-level metrics), chart memory and CPU per
/// task on the dashboard, and tell telemetry their launch type; EC2 stacks keep "enabled" and their host section.
/// </summary>
public sealed class FargateContainerInsightsTests
{
    private static string Setting(RenderedStack stack) =>
        stack.Program.Map("resources")!.Map("cluster")!.Map("properties")!.Seq("settings")!.Items.Cast<YMap>().Single(s => s.Str("name") == "containerInsights").Str("value")!;

    private static List<YMap> Widgets(RenderedStack stack) =>
        ((YMap)ProgramView.JsonDoc(stack.Program.Map("resources")!.Map("dashboard")!.Map("properties")!["dashboardBody"])!).Seq("widgets")!.Items.Cast<YMap>().ToList();

    [Theory]
    [InlineData("fargate")]
    [InlineData("fargate-spot")]
    public void Fargate_stacks_render_enhanced_container_insights_and_per_task_panels_that_validate(string variant)
    {
        var stack = StackVariants.Render(variant);
        Assert.Empty(SchemaValidator.Default.Validate(stack.ProjectYaml).Errors);
        Assert.Equal("enhanced", Setting(stack));
        Assert.Equal("FARGATE", stack.Program.Map("outputs")!.Str("launchType"));
        var widgets = Widgets(stack);
        Assert.Equal(Dashboard.WidgetCount + Dashboard.TaskWidgetCount, widgets.Count);
        var memory = widgets.Single(w => w.Map("properties")?.Str("title") == "Tasks - Memory utilized per task (MB)");
        var expression = memory.Map("properties")!.Seq("metrics")!.Items.Cast<YSeq>().Single().Items.Cast<YMap>().Single().Str("expression")!;
        Assert.Contains("{ECS/ContainerInsights,ClusterName,ServiceName,TaskId}", expression);
        Assert.Contains("MetricName=\"MemoryUtilized\"", expression);
        Assert.Contains("ClusterName=\"${cluster.name}\"", expression);
        Assert.DoesNotContain(widgets, w => w.Map("properties")?.Str("title")?.StartsWith("Hosts", StringComparison.Ordinal) == true);

        // Telemetry reads the same dimensions: the outputs' launch type plus the listed task ids give one line per task.
        var target = new StackTarget { ClusterName = "c", ServiceName = "s", LaunchType = stack.Program.Map("outputs")!.Str("launchType"), TaskIds = ["t1", "t2"] };
        var panel = MetricCatalog.Get("task-memory-fargate", target);
        Assert.Equal(2, panel.Lines.Count);
        Assert.All(panel.Lines, l => Assert.Equal(Dashboard.TaskDimensions.Order(), l.Metric!.Dimensions.Select(d => d.Name).Order()));
    }

    [Fact]
    public void Ec2_stacks_keep_container_insights_enabled_and_no_task_panels()
    {
        var stack = StackVariants.Render("default");
        Assert.Equal("enabled", Setting(stack));
        Assert.Equal("EC2", stack.Program.Map("outputs")!.Str("launchType"));
        Assert.Equal(Dashboard.WidgetCount + Dashboard.HostWidgetCount, Widgets(stack).Count);
        Assert.DoesNotContain(MetricCatalog.For(new StackTarget { ClusterName = "c", ServiceName = "s", LaunchType = "EC2", TaskIds = ["t1"] }),
            p => p.Name.EndsWith("-fargate", StringComparison.Ordinal));
    }
}
