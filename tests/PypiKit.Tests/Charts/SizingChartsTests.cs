using PypiKit.Charts;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Charts;

public class SizingChartsTests(ChromiumRenderer chromium) : IClassFixture<ChromiumRenderer>
{
    internal static readonly string[] Types = ["t3.small", "t3.medium", "c6a.large", "c6a.xlarge"];
    internal static readonly long[] Memories = [256, 512, 1024];

    internal static CapacityPlan[] Plans() =>
        Memories.SelectMany(m => Types.Select(t => CapacityPlanner.Plan(SizingInputs.Reference with { InstanceType = t, ContainerMemory = new Mebibytes(m) })))
            .ToArray();

    [Fact]
    public void Tasks_per_instance_has_one_panel_per_container_memory_with_both_limits()
    {
        var plans = Plans();
        var fig = SizingCharts.TasksPerInstance(plans);
        Assert.Equal(3 * Memories.Length, fig.Traces.Count);
        Assert.Equal("Tasks per instance (tasks)", fig.Layout.YAxis!.Title!.Text);
        Assert.Equal("tasks", fig.Layout.Axes!["yaxis3"].Unit);
        // The bars carry the planner's numbers; the third bar is the smaller of the two.
        var ram = (BarTrace)fig.Traces[0];
        var cpu = (BarTrace)fig.Traces[1];
        var placed = (BarTrace)fig.Traces[2];
        var c6a = Array.IndexOf(Types, "c6a.xlarge");
        var plan = plans.Single(p => p.InstanceType == "c6a.xlarge" && p.ContainerMemoryMb.Value == 256);
        Assert.Equal(plan.TasksPerInstanceRamLimit, ram.Y!.Numbers![c6a]);
        Assert.Equal(plan.TasksPerInstanceCpuLimit, cpu.Y!.Numbers![c6a]);
        Assert.Equal(Math.Min(plan.TasksPerInstanceRamLimit, plan.TasksPerInstanceCpuLimit), placed.Y!.Numbers![c6a]);
        Assert.Contains(fig.Layout.Annotations!, a => a.Text.Contains("Container memory 1024 MiB"));
    }

    [Fact]
    public async Task Tasks_per_instance_renders_in_chromium()
    {
        var r = await chromium.RenderAsync(SizingCharts.TasksPerInstance(Plans()), "sizing-tasks-per-instance");
        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal(9, r.TraceCount);
        Assert.Equal(9, r.DrawnTraceCount);
    }
}
