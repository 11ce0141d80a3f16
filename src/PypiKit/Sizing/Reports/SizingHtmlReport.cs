using System.Globalization;
using PypiKit.Charts;
using PypiKit.Series;
using PypiKit.Units;

namespace PypiKit.Sizing.Reports;

/// <summary>Options of <see cref="SizingHtmlReport.Build"/>.</summary>
public sealed record SizingReportOptions
{
    public string Title { get; init; } = "PypiKit sizing sweep";

    /// <summary>Steady CPU utilisation (% of the whole instance) of the T-family credit projection (default 40 %,
    /// the top of the reference guide's "t3: 20–40 % CPU" range).</summary>
    public Percent TFamilyCpuUtilization { get; init; } = new(40);

    /// <summary>How long the T-family projection runs (default 48 h: long enough to see a full bank drain at 40 %).</summary>
    public TimeSpan CreditHorizon { get; init; } = TimeSpan.FromHours(48);

    /// <summary>When the projection starts; null = today 00:00 UTC.</summary>
    public DateTimeOffset? CreditStart { get; init; }

    /// <summary>Optional p95 target (seconds), drawn on the cost chart and used to name the cheapest configuration meeting it.</summary>
    public double? P95TargetSeconds { get; init; }

    public SizingReportOptions Validate()
    {
        if (TFamilyCpuUtilization.Value is < 0 or > 100)
            throw new InvalidInputException("cpu_utilization", $"cpu_utilization must be 0..100 %, got {TFamilyCpuUtilization.Value}");
        if (CreditHorizon <= TimeSpan.Zero) throw new InvalidInputException("credit_horizon", "credit_horizon must be positive");
        if (P95TargetSeconds is <= 0) throw new InvalidInputException("p95_target", $"p95_target must be > 0 s, got {P95TargetSeconds}");
        return this;
    }
}

/// <summary>
/// The HTML report of a sizing sweep: what was swept, tasks per instance (RAM vs CPU limit), cost vs capacity, the
/// T-family CPU credit projection (when the sweep has burstable types) and the full table. Write it with
/// <see cref="HtmlReportWriter"/>; <c>pypikit size sweep --html FILE</c> does.
/// </summary>
public static class SizingHtmlReport
{
    public static HtmlReport Build(SweepResult sweep, SizingReportOptions? options = null, InstanceCatalog? catalog = null)
    {
        var o = (options ?? new SizingReportOptions()).Validate();
        var cat = catalog ?? InstanceCatalog.Default;
        var inv = CultureInfo.InvariantCulture;
        var report = HtmlReport.Create(o.Title)
            .Text($"{sweep.InstanceTypes.Count} instance types × {sweep.ContainerMemories.Count} container memories " +
                  $"({string.Join(", ", sweep.ContainerMemories.Select(m => m.ToString(inv) + " MiB"))}), " +
                  $"**{sweep.InstanceCount}** instances each. The latency model is evaluated at **{sweep.Clients}** concurrent clients " +
                  $"with a service time of {sweep.ServiceTimeSeconds.ToString("0.###", inv)} s per request per worker. " +
                  "Costs are on-demand EC2 estimates from dated price data, not quotes.");
        if (o.P95TargetSeconds is { } target)
        {
            var best = sweep.CheapestMeeting(target);
            report.Text(best is null
                ? $"No configuration meets a p95 of {target.ToString("0.##", inv)} s at {sweep.Clients} clients."
                : $"Cheapest configuration meeting a p95 of {target.ToString("0.##", inv)} s: **{best.InstanceType}** with " +
                  $"**{best.ContainerMemoryMb.Value} MiB** containers ({best.Ec2MonthlyUsd}/month, p95 {best.PredictedP95Seconds.ToString("0.##", inv)} s).");
        }

        report.Heading("Tasks per instance")
            .Figure(SizingCharts.TasksPerInstance(sweep.Rows.Select(r => r.Plan)),
                "RAM limit = available RAM ÷ memory reservation; CPU limit = available CPU units ÷ container CPU units; the smaller is placed.")
            .Heading("Cost vs capacity")
            .Figure(SizingCharts.CostVsCapacity(sweep, o.P95TargetSeconds),
                "Each point is one configuration; bigger markers mean more container memory. Hover for memory, tasks, workers and throughput.");

        var burstable = sweep.InstanceTypes.Select(cat.Get).Where(t => t.Burstable && t.CpuCreditsPerHour is not null).ToArray();
        if (burstable.Length > 0)
        {
            var start = o.CreditStart ?? new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
            var steps = (int)Math.Ceiling(o.CreditHorizon.TotalMinutes / 5);
            var cpu = new TimeSeries("CPUUtilization", "Percent",
                Enumerable.Range(0, steps + 1).Select(i => new TimePoint(start.AddMinutes(5 * i), o.TFamilyCpuUtilization.Value)).ToArray());
            var sims = burstable.Select(t => CpuCreditModel.Simulate(t, cpu, CpuCreditModel.MaxBalance(t))).ToArray();
            var scenario = $"steady {o.TFamilyCpuUtilization.Value.ToString("0.#", inv)} % CPU from a full bank";
            report.Heading("T-family CPU credits")
                .Figure(SizingCharts.CpuCreditBalance(sims, scenario),
                    "Standard mode: at zero credits the instance is held to its baseline. Unlimited mode bills the surplus instead.");
        }

        report.Heading("All configurations")
            .Table(["Instance type", "Memory (MiB)", "Workers/task", "CPU units/task", "Tasks/instance", "Limit", "Tasks min..max",
                    "Workers", "EC2 (USD/month)", "USD/worker", "Max (req/s)", "p95 (s)"],
                sweep.Rows.Select(r => (IReadOnlyList<string>)
                [
                    r.InstanceType, r.ContainerMemoryMb.Value.ToString(inv), r.GunicornWorkersPerContainer.ToString(inv),
                    r.ContainerCpuUnits.Value.ToString(inv), r.TasksPerInstance.ToString(inv), r.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU",
                    $"{r.TaskMinCount}..{r.TaskMaxCount}", r.TotalWorkers.ToString(inv), r.Ec2MonthlyUsd.Value.ToString("0.00", inv),
                    r.UsdPerWorkerMonth.Value.ToString("0.00", inv), r.SaturationThroughputRps.ToString("0.#", inv),
                    r.PredictedP95Seconds.ToString("0.##", inv),
                ]));
        return report.Build();
    }
}
