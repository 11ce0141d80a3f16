using System.Globalization;
using Plotly.NET;
using PypiKit.Charts;

namespace PypiKit.Sizing.Reports;

/// <summary>
/// Charts of the sizing engine's results (<see cref="CapacityPlan"/>s, sweeps, CPU credit simulations), as Plotly.NET
/// <see cref="GenericChart"/>s (display them in a notebook, <c>.Show()</c>, <c>SaveHtml</c>, or put them in a report):
/// <list type="bullet">
/// <item><see cref="TasksPerInstance(IEnumerable{CapacityPlan})"/>: tasks per instance by instance type — the RAM limit,
/// the CPU limit and the tasks actually placed (the smaller) side by side, one panel per container memory;</item>
/// <item><see cref="CostVsCapacity"/>: EC2 cost against workers and predicted p95 across a sweep's configurations;</item>
/// <item><see cref="CpuCreditBalance(CpuCreditSimulation, PypiKit.Series.TimeSeries?)"/>: a T-family instance's CPU
/// credit balance and delivered CPU against its baseline (or several types' balances compared).</item>
/// </list>
/// <see cref="SizingHtmlReport"/> puts them together for <c>pypikit size sweep --html</c>.
/// </summary>
public static partial class SizingCharts
{
    /// <summary>
    /// Tasks per instance by instance type: bars for the RAM limit (available RAM ÷ memory reservation), the CPU limit
    /// (available CPU units ÷ container CPU units) and the tasks placed (the smaller, labelled with the limiting factor),
    /// one panel per container memory (in MiB), in the order first seen.
    /// </summary>
    public static GenericChart TasksPerInstance(SweepResult sweep) => TasksPerInstance(sweep.Rows.Select(r => r.Plan));

    /// <inheritdoc cref="TasksPerInstance(SweepResult)"/>
    public static GenericChart TasksPerInstance(IEnumerable<CapacityPlan> plans)
    {
        var byMemory = plans.GroupBy(p => p.ContainerMemoryMb.Value).ToArray();
        if (byMemory.Length == 0) throw new ArgumentException("No capacity plans to chart.", nameof(plans));
        var panels = byMemory.Length;
        const double gap = 0.1;
        var h = (1 - gap * (panels - 1)) / panels;
        var b = new ChartBuilder("Tasks per instance: RAM limit vs CPU limit")
            .BarMode("group")
            .Legend(ChartBuilder.LegendTop())
            .Size(null, 140 + 280 * panels);

        for (int i = 0; i < panels; i++)
        {
            var k = i + 1;
            var group = byMemory[i].ToArray();
            var top = 1 - i * (h + gap);
            string xs = k == 1 ? "x" : $"x{k}", ys = k == 1 ? "y" : $"y{k}";
            var most = group.Max(p => Math.Max(p.TasksPerInstanceRamLimit, p.TasksPerInstanceCpuLimit));
            b.Axis('x', k, Axes.Category(i == panels - 1 ? "Instance type" : "").With("anchor", ys));
            // Room above the tallest bar for its label.
            b.Axis('y', k, Axes.Linear("Tasks per instance", "tasks").Range(0, Math.Max(1, most) * 1.18)
                .With("anchor", xs).With("domain", new[] { Math.Max(0, top - h), top }));
            var types = group.Select(p => p.InstanceType).ToArray();
            var first = i == 0;
            b.Add(Bars("RAM limit", types, group.Select(p => (double)p.TasksPerInstanceRamLimit), ChartColors.Blue, xs, ys, first,
                group.Select(p => $"{p.AvailableRamMbPerInstance.Value} MiB ÷ {p.ContainerMemoryReservationMb.Value} MiB reserved")));
            b.Add(Bars("CPU limit", types, group.Select(p => (double)p.TasksPerInstanceCpuLimit), ChartColors.Orange, xs, ys, first,
                group.Select(p => $"{p.AvailableCpuUnitsPerInstance.Value} ÷ {p.ContainerCpuUnits.Value} CPU units")));
            b.Add(Bars("Tasks placed", types, group.Select(p => (double)p.TasksPerInstance), ChartColors.Gray, xs, ys, first,
                    group.Select(p => $"the smaller limit: {Limit(p.LimitingFactor)}-limited"))
                .With("text", group.Select(p => $"{p.TasksPerInstance} ({Limit(p.LimitingFactor)})").ToArray()));
            var reservation = group[0].ContainerMemoryReservationMb.Value;
            b.Annotation(ChartBuilder.PaperLabel(
                $"<b>Container memory {byMemory[i].Key} MiB</b> (reservation {reservation} MiB, {group[0].GunicornWorkersPerContainer} workers, {group[0].ContainerCpuUnits.Value} CPU units)",
                0, top));
        }
        return b.Build();
    }

    private static string Limit(LimitingFactor f) => f == LimitingFactor.Ram ? "RAM" : "CPU";

    private static Trace2D Bars(string name, string[] types, IEnumerable<double> values, string color, string xs, string ys, bool showLegend,
        IEnumerable<string> how)
    {
        var v = values.ToArray();
        return Traces.Bars(name, types, v, color)
            .With("legendgroup", name).With("showlegend", showLegend)
            .With("text", v.Select(x => x.ToString("0", CultureInfo.InvariantCulture)).ToArray()).With("textposition", "outside")
            .With("hovertemplate", "%{x} " + name + ": %{y} tasks<br>%{customdata}<extra></extra>")
            .With("xaxis", xs).With("yaxis", ys)
            .With("customdata", how.ToArray()).With("cliponaxis", false);
    }
}
