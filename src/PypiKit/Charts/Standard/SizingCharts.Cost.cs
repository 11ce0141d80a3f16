using System.Globalization;
using PypiKit.Sizing;

namespace PypiKit.Charts;

public static partial class SizingCharts
{
    /// <summary>
    /// Cost vs capacity across a sweep's configurations: EC2 dollars a month (x) against the gunicorn workers the
    /// minimum task count runs (left) and the latency model's p95 at the sweep's concurrency (right, seconds). One colour
    /// per instance type; marker size grows with container memory (points are also labelled with it when there are at most
    /// four types). <paramref name="p95TargetSeconds"/> draws a
    /// target line on the right panel.
    /// </summary>
    public static Figure CostVsCapacity(SweepResult sweep, double? p95TargetSeconds = null)
    {
        if (sweep.Rows.Count == 0) throw new ArgumentException("The sweep has no rows.", nameof(sweep));
        var p95s = sweep.Rows.Select(r => r.PredictedP95Seconds).Where(v => v > 0 && double.IsFinite(v)).DefaultIfEmpty(1).ToArray();
        var logP95 = p95s.Max() / p95s.Min() > 20;
        // Room on the right for the memory labels of the most expensive points.
        var maxCost = sweep.Rows.Max(r => (double)r.Ec2MonthlyUsd.Value);
        PlotValue[] costRange = [0, maxCost * 1.25 + 1];
        var b = Figure.Build($"Cost vs capacity: {sweep.InstanceCount} instances, p95 at {sweep.Clients} concurrent clients")
            .XAxis(Axis.Linear("EC2 cost", "USD/month") with { Domain = [0, 0.46], Anchor = "y", TickFormat = "$,.0f", Range = costRange })
            .YAxis(Axis.Linear("Gunicorn workers at the minimum task count", "workers") with { Anchor = "x", RangeMode = RangeMode.ToZero })
            .Axis('x', 2, Axis.Linear("EC2 cost", "USD/month") with { Domain = [0.56, 1], Anchor = "y2", TickFormat = "$,.0f", Range = costRange })
            .Axis('y', 2, (logP95 ? Axis.Log("Predicted p95 latency", "s") : Axis.Linear("Predicted p95 latency", "s") with { RangeMode = RangeMode.ToZero })
                with { Anchor = "x2" })
            .Legend(Legend.Below with { Y = -0.18 })
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
        {
            b.Shape(Shape.HorizontalLine(target, yRef: "y2", xRef: "x2 domain"));
            b.Annotation(Annotation.ForHorizontalLine(target, $"target p95 {target:0.##} s", yRef: "y2")
                with { XRef = "x2 domain", X = 0, XAnchor = XAnchor.Left });
        }
        return b.Build();
    }

    /// <summary>One marker per distinct (cost, value) of a type's rows, labelled with the container memories that share it.</summary>
    private static ScatterTrace Points(string type, string color, SweepRow[] rows, Func<SweepRow, double> value, Func<SweepRow, double> size,
        bool labels, string xs, string ys, bool legend)
    {
        var points = rows.GroupBy(r => ((double)r.Ec2MonthlyUsd.Value, value(r))).ToArray();
        return new ScatterTrace
        {
            Name = type, LegendGroup = type, ShowLegend = legend,
            X = PlotValues.Of(points.Select(g => g.Key.Item1)),
            Y = PlotValues.Of(points.Select(g => g.Key.Item2)),
            Text = labels ? PlotValues.Of(points.Select(g => string.Join(" · ", g.Select(r => r.ContainerMemoryMb.Value.ToString(CultureInfo.InvariantCulture))) + " MiB")) : null,
            Mode = labels ? ScatterMode.MarkersText : ScatterMode.Markers,
            TextPosition = labels ? "middle right" : null,
            Marker = new Marker(color) { Sizes = points.Select(g => g.Max(size)).ToArray(), Line = new Line("#ffffff", 1) },
            XAxis = xs, YAxis = ys,
            HoverTemplate = "%{customdata}<extra></extra>",
            Extra = new Dictionary<string, object?>
            {
                ["customdata"] = points.Select(g => string.Join("<br>", g.Select(Describe))).ToArray(),
                ["cliponaxis"] = false,
            },
        };
    }

    private static string Describe(SweepRow r) =>
        $"{r.InstanceType}, {r.ContainerMemoryMb.Value} MiB containers: {r.TasksPerInstance} tasks/instance " +
        $"({(r.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU")}-limited), {r.TotalWorkers} workers, " +
        $"{r.Ec2MonthlyUsd}/month, p95 {r.PredictedP95Seconds:0.##} s, max {r.SaturationThroughputRps:0.#} req/s";
}
