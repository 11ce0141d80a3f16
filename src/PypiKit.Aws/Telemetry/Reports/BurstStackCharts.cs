using System.Globalization;
using Plotly.NET;
using PypiKit.Burst;
using PypiKit.Charts;
using PypiKit.Series;

namespace PypiKit.Telemetry.Reports;

/// <summary>One point of a CloudWatch series placed on the burst's time axis: its period clipped to the burst.</summary>
/// <param name="From">Seconds since the burst started where the period's overlap with the burst begins.</param>
/// <param name="To">Seconds since the burst started where that overlap ends.</param>
/// <param name="Value">The CloudWatch value of the period.</param>
public readonly record struct WindowStep(double From, double To, double Value);

/// <summary>
/// The stack's CloudWatch series of the burst window (<see cref="BurstTelemetryOutcome.BurstWindowMetrics"/>) as charts on
/// the burst report's time axis (seconds since the burst started, the axis of its client latency chart): ECS CPU and
/// memory, Container Insights task CPU and memory on Fargate, EFS credits and throughput, ALB latency beside the
/// clients' p95, ALB 5xx by source, host swap. A CloudWatch value covers a whole period, so it is drawn as a step over
/// the part of its period that falls inside the burst; nothing is drawn outside the burst.
/// </summary>
public static class BurstStackCharts
{
    /// <summary>The catalogue panels charted beside the burst, in report order.</summary>
    public static IReadOnlyList<string> Panels { get; } =
    [
        "ecs-cpu-memory", "task-memory-fargate", "task-cpu-fargate", "efs-burst-credit-balance", "efs-throughput-utilization", "efs-io-bytes",
        "alb-target-response-time", "alb-5xx-by-source", "host-swap",
    ];

    /// <summary>Panels whose values are sums over the period, drawn per second instead.</summary>
    private static readonly HashSet<string> PerSecond = ["efs-io-bytes"];

    private static readonly string[] Palette =
        [ChartColors.Blue, ChartColors.Orange, ChartColors.Green, ChartColors.Red, ChartColors.Purple, ChartColors.Brown];

    /// <summary>
    /// The value of each point of <paramref name="series"/> over the part of its period [t, t + period) that overlaps
    /// the burst [start, start + duration], in seconds since the start; points whose period misses the burst are left out.
    /// </summary>
    public static IReadOnlyList<WindowStep> Clip(TimeSeries series, DateTimeOffset start, double durationSeconds, int periodSeconds)
    {
        if (periodSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(periodSeconds), "the period must be positive");
        var steps = new List<WindowStep>();
        foreach (var p in series.Points.OrderBy(p => p.Time))
        {
            var from = (p.Time - start).TotalSeconds;
            var to = from + periodSeconds;
            if (to <= 0 || from >= durationSeconds || !double.IsFinite(p.Value)) continue;
            steps.Add(new WindowStep(Math.Max(0, from), Math.Min(durationSeconds, to), p.Value));
        }
        return steps;
    }

    /// <summary>The report section: a heading, what the charts show, and one chart per panel that was read.</summary>
    public static IReadOnlyList<ReportBlock> Blocks(BurstResult burst, MetricsReport metrics, int periodSeconds = BurstTelemetry.BurstWindowPeriodSeconds,
        IReadOnlyList<AlarmStateReport>? alarms = null)
    {
        var charts = Charts(burst, metrics, periodSeconds);
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock("AWS during the burst"),
            new TextBlock($"CloudWatch series of the stack over the burst window ({periodSeconds} s periods, read after the burst), on the " +
                          "time axis of the client latency chart. Each value covers its whole period and is drawn over the part of it inside the burst." +
                          (metrics.Warnings.Count > 0 ? "\n\nWarnings: " + string.Join("; ", metrics.Warnings) : "")),
        };
        if (alarms is { Count: > 0 }) blocks.Add(AlarmTable(burst, alarms));
        blocks.AddRange(charts.Select(c => new FigureBlock(c)));
        return blocks;
    }

    /// <summary>
    /// CloudWatch's own state of each alarm and its transitions (DescribeAlarmHistory), each at its second of the burst
    /// (negative: before it started); history that could not be read says so instead of showing "no change".
    /// </summary>
    public static TableBlock AlarmTable(BurstResult burst, IReadOnlyList<AlarmStateReport> alarms)
    {
        var ci = CultureInfo.InvariantCulture;
        string Transitions(AlarmStateReport a) => a.HistoryFailure is { } f ? $"not read ({f.Message.Split('\n')[0].Trim()})"
            : a.Transitions.Count == 0 ? "none in the window"
            : string.Join("; ", a.Transitions.Select(t => string.Create(ci, $"{(t.Time - burst.StartTime).TotalSeconds:0} s: {t.From ?? "?"} → {t.To ?? "?"}")));
        return new TableBlock(["alarm", "state (CloudWatch)", "transitions (s since start)"],
            alarms.Select(a => (IReadOnlyList<string>)[a.Name, a.State, Transitions(a)]).ToList(),
            "States as CloudWatch holds them (DescribeAlarms / DescribeAlarmHistory), not evaluated here.");
    }

    /// <summary>One chart per panel of <see cref="Panels"/> present in <paramref name="metrics"/>.</summary>
    public static IReadOnlyList<GenericChart> Charts(BurstResult burst, MetricsReport metrics, int periodSeconds = BurstTelemetry.BurstWindowPeriodSeconds) =>
        Panels.Select(name => (Name: name, Lines: metrics.Series.Where(s => s.Panel == name).ToList()))
            .Where(p => p.Lines.Count > 0)
            .Select(p => Panel(burst, p.Name, p.Lines, periodSeconds))
            .ToList();

    private static GenericChart Panel(BurstResult burst, string name, IReadOnlyList<MetricSeries> lines, int periodSeconds)
    {
        var ci = CultureInfo.InvariantCulture;
        var duration = burst.DurationSeconds;
        var perSecond = PerSecond.Contains(name);
        var unit = lines[0].Series.Unit + (perSecond ? "/s" : "");
        var b = new ChartBuilder(lines[0].Title ?? name)
            .XAxis(Axes.Linear("Time since start", "s").Range(0, duration))
            .YAxis(Axes.Linear(perSecond ? "Rate" : "Value", unit).ToZero())
            .Legend(ChartBuilder.LegendBelow());
        var empty = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var steps = Clip(lines[i].Series, burst.StartTime, duration, periodSeconds);
            if (steps.Count == 0)
            {
                empty.Add($"{lines[i].Series.Name} ({lines[i].Status})");
                continue;
            }
            var scale = perSecond ? 1.0 / periodSeconds : 1.0;
            var x = steps.SelectMany(s => new[] { s.From, s.To }).ToArray();
            var y = steps.SelectMany(s => new[] { s.Value * scale, s.Value * scale });
            b.Add(Traces.Lines(lines[i].Series.Name, x, y, Palette[i % Palette.Length]));
        }
        if (name == "alb-target-response-time")
        {
            // The clients' own p95 per second, in seconds: what the load balancer saw against what the clients waited.
            var points = burst.PerSecond.Where(s => double.IsFinite(s.P95Ms) && s.Offset >= 0 && s.Offset <= duration).ToArray();
            if (points.Length > 0)
                b.Add(Traces.Lines("client p95 (burst)", points.Select(s => s.Offset).ToArray(), points.Select(s => s.P95Ms / 1000), ChartColors.Gray, "dot"));
        }
        if (empty.Count > 0) b.Note("no data points in the burst window: " + string.Join(", ", empty));
        b.Note(string.Create(ci, $"{periodSeconds} s CloudWatch periods"));
        return b.Build();
    }
}
