using PypiKit.Sizing;

namespace PypiKit.Charts;

/// <summary>
/// Charts of the sizing engine's results (<see cref="CapacityPlan"/>s, sweeps, CPU credit simulations):
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
    /// (available CPU units ÷ container CPU units) and the tasks placed (the smaller, labelled with the limiting factor), one panel per container
    /// memory (in MiB), in the order first seen.
    /// </summary>
    public static Figure TasksPerInstance(SweepResult sweep) => TasksPerInstance(sweep.Rows.Select(r => r.Plan));

    /// <inheritdoc cref="TasksPerInstance(SweepResult)"/>
    public static Figure TasksPerInstance(IEnumerable<CapacityPlan> plans)
    {
        var byMemory = plans.GroupBy(p => p.ContainerMemoryMb.Value).ToArray();
        if (byMemory.Length == 0) throw new ArgumentException("No capacity plans to chart.", nameof(plans));
        var panels = byMemory.Length;
        const double gap = 0.1;
        var h = (1 - gap * (panels - 1)) / panels;
        var b = Figure.Build("Tasks per instance: RAM limit vs CPU limit")
            .BarMode(BarMode.Group)
            .Legend(Legend.TopRight with { Orientation = Orientation.H, Y = 1.0, YAnchor = YAnchor.Bottom })
            .Size(null, 140 + 280 * panels);

        for (int i = 0; i < panels; i++)
        {
            var k = i + 1;
            var group = byMemory[i].ToArray();
            var top = 1 - i * (h + gap);
            var domain = new[] { Math.Max(0, top - h), top };
            string xs = k == 1 ? "x" : $"x{k}", ys = k == 1 ? "y" : $"y{k}";
            b.Axis('x', k, Axis.Category("Instance type") with { Anchor = ys, Title = i == panels - 1 ? new Title("Instance type") : null });
            b.Axis('y', k, Axis.Linear("Tasks per instance", "tasks") with { Anchor = xs, Domain = domain, RangeMode = RangeMode.ToZero });
            var types = group.Select(p => p.InstanceType).ToArray();
            var first = i == 0;
            b.Add(Bars("RAM limit", types, group.Select(p => (double)p.TasksPerInstanceRamLimit), ChartColors.Blue, xs, ys, first,
                group.Select(p => $"{p.AvailableRamMbPerInstance.Value} MiB ÷ {p.ContainerMemoryReservationMb.Value} MiB reserved")));
            b.Add(Bars("CPU limit", types, group.Select(p => (double)p.TasksPerInstanceCpuLimit), ChartColors.Orange, xs, ys, first,
                group.Select(p => $"{p.AvailableCpuUnitsPerInstance.Value} ÷ {p.ContainerCpuUnits.Value} CPU units")));
            b.Add(Bars("Tasks placed", types, group.Select(p => (double)p.TasksPerInstance), ChartColors.Gray, xs, ys, first,
                group.Select(p => $"the smaller limit: {(p.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU")}-limited"))
                with { Text = PlotValues.Of(group.Select(p => $"{p.TasksPerInstance} ({(p.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU")})")) });
            var reservation = group[0].ContainerMemoryReservationMb.Value;
            b.Annotation(new Annotation
            {
                Text = $"<b>Container memory {byMemory[i].Key} MiB</b> (reservation {reservation} MiB, {group[0].GunicornWorkersPerContainer} workers, {group[0].ContainerCpuUnits.Value} CPU units)",
                XRef = "paper", X = 0, YRef = "paper", Y = top, ShowArrow = false,
                XAnchor = XAnchor.Left, YAnchor = YAnchor.Bottom,
            });
        }
        return b.Build();
    }

    private static BarTrace Bars(string name, string[] types, IEnumerable<double> values, string color, string xs, string ys, bool showLegend,
        IEnumerable<string> how)
    {
        var v = values.ToArray();
        return new BarTrace
        {
            Name = name,
            LegendGroup = name,
            ShowLegend = showLegend,
            X = types,
            Y = v,
            Text = PlotValues.Of(v.Select(x => x.ToString("0", System.Globalization.CultureInfo.InvariantCulture))),
            TextPosition = "outside",
            Marker = new Marker(color),
            HoverTemplate = "%{x} " + name + ": %{y} tasks<br>%{customdata}<extra></extra>",
            XAxis = xs,
            YAxis = ys,
            Extra = new Dictionary<string, object?> { ["customdata"] = how.ToArray(), ["cliponaxis"] = false },
        };
    }
}
