using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Charts;

[Collection(ChromiumCollection.Name)]
public class SizingChartsTests(ChromiumRenderer chromium)
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

    internal static SweepResult Sweep() =>
        SizingSweep.Run(new SweepOptions { InstanceTypes = Types, ContainerMemories = Memories, InstanceCount = 2 });

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private static TimeSeries SteadyCpu(double percent, int hours = 24) =>
        new("CPUUtilization", "Percent", Enumerable.Range(0, hours * 12 + 1).Select(i => new TimePoint(Start.AddMinutes(5 * i), percent)).ToArray());

    [Fact]
    public void Cost_vs_capacity_plots_every_configuration_at_its_cost_in_usd()
    {
        var sweep = Sweep();
        var fig = SizingCharts.CostVsCapacity(sweep, p95TargetSeconds: 15);
        Assert.Equal(2 * Types.Length, fig.Traces.Count);
        Assert.Equal("USD/month", fig.Layout.XAxis!.Unit);
        Assert.Equal("workers", fig.Layout.YAxis!.Unit);
        Assert.Equal("s", fig.Layout.Axes!["yaxis2"].Unit);
        var c6a = (ScatterTrace)fig.Traces[2 * Array.IndexOf(Types, "c6a.xlarge")];
        var rows = sweep.Rows.Where(r => r.InstanceType == "c6a.xlarge").ToArray();
        // Every configuration sits at its cost and worker count, labelled with its memory (points that coincide share a label).
        foreach (var row in rows)
        {
            var i = Enumerable.Range(0, c6a.X!.Count).Single(k =>
                c6a.X.Numbers![k] == (double)row.Ec2MonthlyUsd.Value && c6a.Y!.Numbers![k] == row.TotalWorkers);
            Assert.Contains(row.ContainerMemoryMb.Value.ToString(), c6a.Text!.Strings![i]!.Split(' '));
        }
        var target = fig.Layout.Shapes!.Single();
        Assert.Equal(15, target.Y0!.Value.Number);
        Assert.Equal("y2", target.YRef);
    }

    [Fact]
    public void Cpu_credit_chart_draws_the_baseline_and_max_bank_where_the_model_puts_them()
    {
        var t3 = InstanceCatalog.Default.Get("t3.small");
        var sim = CpuCreditModel.Simulate(t3, SteadyCpu(40), CpuCreditModel.MaxBalance(t3));
        var fig = SizingCharts.CpuCreditBalance(sim, SteadyCpu(40));
        Assert.Equal(3, fig.Traces.Count);
        Assert.Equal("credits", fig.Layout.YAxis!.Unit);
        Assert.Equal("%", fig.Layout.Axes!["yaxis2"].Unit);
        var lines = fig.Layout.Shapes!.Where(s => s.XRef == "paper").ToArray();
        Assert.Equal(CpuCreditModel.MaxBalance(t3), lines[0].Y0!.Value.Number);
        Assert.Equal("y", lines[0].YRef);
        Assert.Equal(CpuCreditModel.Baseline(t3).Value, lines[1].Y0!.Value.Number!.Value, 9);
        Assert.Equal("y2", lines[1].YRef);
        Assert.NotNull(sim.DepletedAt); // 40 % on a 20 %-baseline t3.small drains a full bank
        Assert.Contains(fig.Layout.Shapes!, s => s.X0 == sim.DepletedAt);
    }

    [Fact]
    public async Task Every_sizing_chart_renders_in_chromium()
    {
        var t3s = new[] { "t3.small", "t3.medium" }.Select(InstanceCatalog.Default.Get).ToArray();
        var sims = t3s.Select(t => CpuCreditModel.Simulate(t, SteadyCpu(40), CpuCreditModel.MaxBalance(t))).ToArray();
        var report = HtmlReport.Create("Sizing charts")
            .Figure(SizingCharts.TasksPerInstance(Sweep()))
            .Figure(SizingCharts.CostVsCapacity(Sweep(), 15))
            .Figure(SizingCharts.CpuCreditBalance(sims[0], SteadyCpu(40)))
            .Figure(SizingCharts.CpuCreditBalance(sims, "steady 40 % CPU"))
            .Build();
        var r = await chromium.RenderAsync(report, "sizing-charts");
        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal([9, 8, 3, 2], r.Figures.Select(f => f.TraceCount));
        Assert.Equal([9, 8, 3, 2], r.Figures.Select(f => f.DrawnTraceCount));
    }

    [Fact]
    public async Task The_sweep_report_renders_with_a_table_and_every_chart()
    {
        var report = SizingHtmlReport.Build(Sweep(), new SizingReportOptions { P95TargetSeconds = 15, CreditStart = Start });
        Assert.Equal(3, report.Figures.Count());
        Assert.Single(report.Blocks.OfType<TableBlock>());
        Assert.Equal(Types.Length * Memories.Length, report.Blocks.OfType<TableBlock>().Single().Rows.Count);
        var r = await chromium.RenderAsync(report, "sizing-report");
        Assert.Empty(r.AllErrors);
        Assert.Equal(3, r.FigureCount);
        Assert.True(new FileInfo(r.PngPath!).Length > 20_000);
    }

    [Fact]
    public void A_sweep_without_burstable_types_has_no_credit_chart()
    {
        var sweep = SizingSweep.Run(new SweepOptions { InstanceTypes = ["c6a.xlarge"], ContainerMemories = [512] });
        Assert.Equal(2, SizingHtmlReport.Build(sweep).Figures.Count());
    }
}
