using System.Globalization;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using PypiKit.Charts;

namespace PypiKit.Sizing.Reports;

public static partial class SizingCharts
{
    /// <summary>
    /// Cost vs capacity across a sweep's configurations: EC2 dollars a month (x) against the gunicorn workers the
    /// minimum task count runs (left) and the latency model's p95 at the sweep's concurrency (right, seconds). One colour
    /// per instance type; marker size grows with container memory (points are also labelled with it when there are at most
    /// four types). <paramref name="p95TargetSeconds"/> draws a target line on the right panel when it falls within the
    /// predictions, else says where it is.
    /// </summary>
    public static GenericChart CostVsCapacity(SweepResult sweep, double? p95TargetSeconds = null)
    {
        if (sweep.Rows.Count == 0) throw new ArgumentException("The sweep has no rows.", nameof(sweep));
        var p95s = sweep.Rows.Select(r => r.PredictedP95Seconds).Where(v => v > 0 && double.IsFinite(v)).DefaultIfEmpty(1).ToArray();
        var logP95 = p95s.Max() / p95s.Min() > 20;
        // Room on the right for the memory labels of the most expensive points.
        var maxCost = sweep.Rows.Max(r => (double)r.Ec2MonthlyUsd.Value);
        var costTop = maxCost * 1.25 + 1;
        LinearAxis Cost(string anchor, double[] domain) =>
            Axes.Linear("EC2 cost", "USD/month").Range(0, costTop).With("domain", domain).With("anchor", anchor).With("tickformat", "$,.0f");
        var b = new ChartBuilder($"Cost vs capacity: {sweep.InstanceCount} instances, p95 at {sweep.Clients} concurrent clients")
            .XAxis(Cost("y", [0, 0.46]))
            .YAxis(Axes.Linear("Gunicorn workers at the minimum task count", "workers").ToZero().With("anchor", "x"))
            .Axis('x', 2, Cost("y2", [0.56, 1]))
            .Axis('y', 2, (logP95 ? Axes.Log("Predicted p95 latency", "s") : Axes.Linear("Predicted p95 latency", "s").ToZero()).With("anchor", "x2"))
            .Legend(ChartBuilder.LegendBelow(-0.18))
            .Size(null, 560);

        var types = sweep.Rows.Select(r => r.InstanceType).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        // Marker size grows with container memory; labels only while they fit (few types).
        var memories = sweep.Rows.Select(r => r.ContainerMemoryMb.Value).Distinct().Order().ToList();
        Func<SweepRow, double> size = r => 9 + 5 * memories.IndexOf(r.ContainerMemoryMb.Value);
        var labels = types.Length <= 4;
        for (int i = 0; i < types.Length; i++)
        {
            var rows = sweep.Rows.Where(r => string.Equals(r.InstanceType, types[i], StringComparison.OrdinalIgnoreCase)).ToArray();
            var color = ChartColors.At(i);
            b.Add(Points(types[i], color, rows, r => r.TotalWorkers, size, labels, "x", "y", true));
            b.Add(Points(types[i], color, rows, r => r.PredictedP95Seconds, size, labels, "x2", "y2", false));
        }
        if (p95TargetSeconds is { } target)
            b.Threshold(target, $"target p95 {target:0.##} s", logP95 ? p95s.Min() : 0, p95s.Max(), 0.0, costTop, ChartColors.Threshold, "x2", "y2");
        return b.Build();
    }

    /// <summary>One marker per distinct (cost, value) of a type's rows, labelled with the container memories that share it.</summary>
    private static Trace2D Points(string type, string color, SweepRow[] rows, Func<SweepRow, double> value, Func<SweepRow, double> size,
        bool labels, string xs, string ys, bool legend)
    {
        var points = rows.GroupBy(r => ((double)r.Ec2MonthlyUsd.Value, value(r))).ToArray();
        var trace = Traces.Markers(type, points.Select(g => g.Key.Item1).ToArray(), points.Select(g => g.Key.Item2), color)
            .With("legendgroup", type).With("showlegend", legend)
            .With("marker", Traces.Marker(color).With("size", points.Select(g => g.Max(size)).ToArray())
                .With("line", Traces.Line("#ffffff", null, 1)))
            .With("xaxis", xs).With("yaxis", ys)
            .With("hovertemplate", "%{customdata}<extra></extra>")
            .With("customdata", points.Select(g => string.Join("<br>", g.Select(Describe))).ToArray())
            .With("cliponaxis", false);
        if (labels)
            trace.With("mode", "markers+text").With("textposition", "middle right")
                .With("text", points.Select(g => string.Join(" · ", g.Select(r => r.ContainerMemoryMb.Value.ToString(CultureInfo.InvariantCulture))) + " MiB").ToArray());
        return trace;
    }

    private static string Describe(SweepRow r) =>
        $"{r.InstanceType}, {r.ContainerMemoryMb.Value} MiB containers: {r.TasksPerInstance} tasks/instance " +
        $"({Limit(r.LimitingFactor)}-limited), {r.TotalWorkers} workers, " +
        $"{r.Ec2MonthlyUsd}/month, p95 {r.PredictedP95Seconds:0.##} s, max {r.SaturationThroughputRps:0.#} req/s";
}
