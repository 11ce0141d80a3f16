using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Sizing.Reports;
using PypiKit.Units;

namespace PypiKit.Tests.Charts;

[Collection(ChromiumCollection.Name)]
[Trait("Category", "Slow")]
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
        var fig = new ChartJson(SizingCharts.TasksPerInstance(plans));
        Assert.Equal(3 * Memories.Length, fig.Data.Count);
        Assert.Equal("Tasks per instance (tasks)", fig.AxisTitle("yaxis"));
        Assert.Equal("Tasks per instance (tasks)", fig.AxisTitle("yaxis3"));
        // The bars carry the planner's numbers; the third bar is the smaller of the two.
        var c6a = Array.IndexOf(Types, "c6a.xlarge");
        var plan = plans.Single(p => p.InstanceType == "c6a.xlarge" && p.ContainerMemoryMb.Value == 256);
        Assert.Equal(plan.TasksPerInstanceRamLimit, ChartJson.Numbers(fig.Traces[0], "y")[c6a]);
        Assert.Equal(plan.TasksPerInstanceCpuLimit, ChartJson.Numbers(fig.Traces[1], "y")[c6a]);
        Assert.Equal(Math.Min(plan.TasksPerInstanceRamLimit, plan.TasksPerInstanceCpuLimit), ChartJson.Numbers(fig.Traces[2], "y")[c6a]);
        Assert.Contains(((System.Text.Json.Nodes.JsonArray)fig.Layout["annotations"]!), a => ((string?)a!["text"])!.Contains("Container memory 1024 MiB"));
    }

    [Fact]
    public void A_notebook_cell_gets_a_plotly_net_chart()
    {
        // What a notebook cell `SizingCharts.TasksPerInstance(...)` returns: Plotly.NET's own chart type, which
        // Plotly.NET.Interactive displays and which has .Show() and SaveHtml.
        object cell = SizingCharts.TasksPerInstance(Plans());
        var chart = Assert.IsType<Plotly.NET.GenericChart>(cell, exactMatch: false);
        Assert.Equal(9, Plotly.NET.GenericChart.countTrace(chart));
        var html = Plotly.NET.GenericChart.toChartHTML(chart);
        Assert.Contains("Tasks per instance: RAM limit vs CPU limit", html);
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
        var p95s = sweep.Rows.Select(r => r.PredictedP95Seconds).ToArray();
        var target = (p95s.Min() + p95s.Max()) / 2;
        var fig = new ChartJson(SizingCharts.CostVsCapacity(sweep, p95TargetSeconds: target));
        Assert.Equal(2 * Types.Length + 1, fig.Data.Count);
        Assert.Equal("EC2 cost (USD/month)", fig.AxisTitle("xaxis"));
        Assert.Equal("Gunicorn workers at the minimum task count (workers)", fig.AxisTitle("yaxis"));
        Assert.Equal("Predicted p95 latency (s)", fig.AxisTitle("yaxis2"));
        var c6a = fig.Traces[2 * Array.IndexOf(Types, "c6a.xlarge")];
        var rows = sweep.Rows.Where(r => r.InstanceType == "c6a.xlarge").ToArray();
        var x = ChartJson.Numbers(c6a, "x");
        var y = ChartJson.Numbers(c6a, "y");
        var text = ChartJson.Strings(c6a, "text");
        // Every configuration sits at its cost and worker count, labelled with its memory (points that coincide share a label).
        foreach (var row in rows)
        {
            var i = Enumerable.Range(0, x.Length).Single(k => x[k] == (double)row.Ec2MonthlyUsd.Value && y[k] == row.TotalWorkers);
            Assert.Contains(row.ContainerMemoryMb.Value.ToString(), text[i]!.Split(' '));
        }
        var line = fig.Trace($"target p95 {target:0.##} s");
        Assert.Equal([target, target], ChartJson.Numbers(line, "y"));
        Assert.Equal("y2", (string?)line["yaxis"]);
        Assert.Equal("x2", (string?)line["xaxis"]);
    }

    [Fact]
    public void Cpu_credit_chart_draws_the_baseline_and_max_bank_where_the_model_puts_them()
    {
        var t3 = InstanceCatalog.Default.Get("t3.small");
        var sim = CpuCreditModel.Simulate(t3, SteadyCpu(40), CpuCreditModel.MaxBalance(t3));
        var fig = new ChartJson(SizingCharts.CpuCreditBalance(sim, SteadyCpu(40)));
        Assert.Equal(6, fig.Data.Count); // balance, delivered, requested, max bank, baseline, depletion
        Assert.Equal("CPUCreditBalance (credits)", fig.AxisTitle("yaxis"));
        Assert.Equal("CPU utilisation (%)", fig.AxisTitle("yaxis2"));
        var max = fig.Traces.Single(t => ((string?)t["name"])!.StartsWith("max bank", StringComparison.Ordinal));
        Assert.Equal(CpuCreditModel.MaxBalance(t3), ChartJson.Numbers(max, "y")[0]);
        Assert.Equal("y", (string?)max["yaxis"]);
        var baseline = fig.Traces.Single(t => ((string?)t["name"])!.StartsWith("baseline", StringComparison.Ordinal));
        Assert.Equal(CpuCreditModel.Baseline(t3).Value, ChartJson.Numbers(baseline, "y")[0]!.Value, 9);
        Assert.Equal("y2", (string?)baseline["yaxis"]);
        Assert.NotNull(sim.DepletedAt); // 40 % on a 20 %-baseline t3.small drains a full bank
        Assert.Equal(PlotlyProps.Time(sim.DepletedAt!.Value), ChartJson.Strings(fig.Trace("credits exhausted"), "x")[0]);
    }

    [Fact]
    public async Task Every_sizing_chart_renders_in_chromium()
    {
        var t3s = new[] { "t3.small", "t3.medium" }.Select(InstanceCatalog.Default.Get).ToArray();
        var sims = t3s.Select(t => CpuCreditModel.Simulate(t, SteadyCpu(40), CpuCreditModel.MaxBalance(t))).ToArray();
        var report = HtmlReport.Create("Sizing charts")
            .Figure(SizingCharts.TasksPerInstance(Sweep()))
            .Figure(SizingCharts.CostVsCapacity(Sweep(), 1e6))
            .Figure(SizingCharts.CpuCreditBalance(sims[0], SteadyCpu(40)))
            .Figure(SizingCharts.CpuCreditBalance(sims, "steady 40 % CPU"))
            .Build();
        var r = await chromium.RenderAsync(report, "sizing-charts");
        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal([9, 8, 6, 2], r.Figures.Select(f => f.TraceCount));
        Assert.Equal([9, 8, 6, 2], r.Figures.Select(f => f.DrawnTraceCount));
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
