using Plotly.NET;
using Plotly.NET.LayoutObjects;
using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Charts;
using PypiKit.Host;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Sandbox.Lab.Reports;

/// <summary>
/// The lab's charts next to the sizing formulas, all on one UTC time axis (the same range on every chart):
/// instance RSS against the plan's container hard limit and reservation; host memory available against the plan's
/// page-cache and system budget with swap in/out beneath; the EFS burst-credit balance the credit model simulates
/// from the bytes the instances read and wrote, with the metered rate beneath against the baseline and burst-rate
/// lines of the formula; and the client p95 per second. The plan's lines are always drawn: they are what the
/// measurement is compared with.
/// </summary>
public static class LabCharts
{
    public const string HardLimitLine = "container hard limit (plan)";
    public const string ReservationLine = "memory reservation (plan)";
    public const string HostBudgetLine = "page cache + system budget (plan)";
    public const string MemAvailableTrace = "host memory available";
    public const string SwapInTrace = "swap in (below)";
    public const string SwapOutTrace = "swap out (below)";
    public const string CreditBalanceTrace = "burst credit balance (credit model)";
    public const string MeteredTrace = "metered throughput (below)";
    public const string BaselineLine = "baseline rate (formula, below)";
    public const string BurstRateLine = "burst rate (formula, below)";
    public const string ClientP95Trace = "client p95";

    /// <summary>Every lab chart that has data.</summary>
    public static IReadOnlyList<GenericChart> All(LabResult lab)
    {
        var (t0, t1) = TimeRange(lab);
        var charts = new List<GenericChart>();
        if (lab.Host.Processes.Any(p => !p.Rss.IsEmpty)) charts.Add(InstanceMemory(lab.Host, lab.Mapping, t0, t1));
        if (!lab.Host.Host.MemAvailable.IsEmpty) charts.Add(HostMemory(lab.Host, lab.Mapping, t0, t1));
        if (lab.Efs is { } efs) charts.Add(EfsCredits(efs, lab.Settings.EfsStorageGib, t0, t1));
        if (lab.Burst is { PerSecond.Count: > 0 } burst) charts.Add(ClientP95(burst, t0, t1));
        return charts;
    }

    /// <summary>The common time range: the sampling and the burst together.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) TimeRange(LabResult lab)
    {
        var times = new List<DateTimeOffset>();
        if (lab.Host.Start is { } s) times.Add(s);
        if (lab.Host.End is { } e) times.Add(e);
        if (lab.Burst is { } b) { times.Add(b.StartTime); times.Add(b.EndTime); }
        if (lab.Efs is { } efs) times.AddRange(efs.Balance.Points.Concat(efs.Metered.Points).Select(p => p.Time));
        return times.Count == 0 ? (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) : (times.Min(), times.Max());
    }

    /// <summary>Each instance's resident memory (MiB) with the plan's hard limit and reservation as lines.</summary>
    public static GenericChart InstanceMemory(HostSamplingResult host, LabPlanMapping plan, DateTimeOffset t0, DateTimeOffset t1)
    {
        var mib = new UnitScale(Bytes.MiB, "MiB");
        var b = new ChartBuilder($"Instance memory (RSS) against the plan's {plan.HardLimitMib:0} MiB hard limit")
            .XAxis(TimeAxis(t0, t1))
            .YAxis(Axes.Linear("Resident memory", "MiB").ToZero())
            .Legend(ChartBuilder.LegendBelow());
        int i = 0;
        foreach (var p in host.Processes.Where(p => !p.Rss.IsEmpty))
            b.Add(SeriesTraces.Line(p.Rss, mib, color: ChartColors.At(i++)));
        var (x0, x1) = (PlotlyProps.Time(t0), PlotlyProps.Time(t1));
        b.HorizontalLine(x0, x1, plan.HardLimitMib, HardLimitLine)
         .HorizontalLine(x0, x1, plan.ReservationMib, ReservationLine, ChartColors.Orange);
        return b.Build();
    }

    /// <summary>Host memory available (MiB) with the plan's budget line, and swap in/out (pages/s) in a panel beneath.</summary>
    public static GenericChart HostMemory(HostSamplingResult host, LabPlanMapping plan, DateTimeOffset t0, DateTimeOffset t1)
    {
        var mib = new UnitScale(Bytes.MiB, "MiB");
        var pages = UnitScale.Identity("pages/s");
        var (x0, x1) = (PlotlyProps.Time(t0), PlotlyProps.Time(t1));
        var b = new ChartBuilder($"Host memory available against the plan's {plan.HostBudgetMib:0} MiB page-cache and system budget")
            .XAxis(TimeAxis(t0, t1).With("anchor", "y2"))
            .YAxis(Axes.Linear("Available", "MiB").ToZero().With("domain", new[] { 0.38, 1.0 }))
            .Axis('y', 2, Axes.Linear("Swap", "pages/s").ToZero().With("domain", new[] { 0.0, 0.26 }).With("anchor", "x"))
            .BarMode("group")
            .Legend(ChartBuilder.LegendBelow(-0.25))
            .Add(SeriesTraces.Line(host.Host.MemAvailable, mib, MemAvailableTrace, ChartColors.Blue))
            .HorizontalLine(x0, x1, plan.HostBudgetMib, HostBudgetLine);
        b.Add(SwapBars(host.Host.SwapIn, pages, SwapInTrace, ChartColors.Purple))
         .Add(SwapBars(host.Host.SwapOut, pages, SwapOutTrace, ChartColors.Red));
        if (host.SwapInPagesTotal + host.SwapOutPagesTotal == 0) b.Note("no swap activity during the run");
        return b.Build();
    }

    /// <summary>
    /// The credit balance the model simulates over the run (GiB) and, beneath on a log axis, the metered rate against
    /// the formula's baseline (50 KiB/s per GiB stored) and burst rate.
    /// </summary>
    public static GenericChart EfsCredits(EfsCreditSimulation sim, double storageGib, DateTimeOffset t0, DateTimeOffset t1)
    {
        var gib = new UnitScale(Bytes.GiB, "GiB");
        var rate = new UnitScale(Bytes.MiB, "MiB/s");
        var (x0, x1) = (PlotlyProps.Time(t0), PlotlyProps.Time(t1));
        double start = sim.StartingCredits.Value, fall = start > 0 ? (start - sim.MinimumCredits.Value) / start * 100 : 0;
        var b = new ChartBuilder($"EFS burst credits at {storageGib:0.##} GiB bursting, simulated from the instances' I/O")
            .XAxis(TimeAxis(t0, t1).With("anchor", "y2"))
            .YAxis(Axes.Linear("Credit balance", "GiB").With("domain", new[] { 0.5, 1.0 }))
            .Axis('y', 2, Axes.Log("Metered", "MiB/s").With("domain", new[] { 0.0, 0.38 }).With("anchor", "x"))
            .Legend(ChartBuilder.LegendBelow(-0.25))
            .Add(SeriesTraces.Line(sim.Balance, gib, CreditBalanceTrace, ChartColors.Blue))
            .Add(SeriesTraces.Line(Positive(sim.Metered), rate, MeteredTrace, ChartColors.Green).With("yaxis", "y2"))
            .HorizontalLine(x0, x1, rate.Apply(sim.Baseline.Value), BaselineLine, ChartColors.Orange, yAxis: "y2")
            .HorizontalLine(x0, x1, rate.Apply(sim.BurstRate.Value), BurstRateLine, ChartColors.Threshold, yAxis: "y2")
            .Note($"balance fell {fall:0.####} % from {gib.Apply(start):N0} GiB; reads metered at one third");
        return b.Build();
    }

    /// <summary>The client's p95 latency in each second of the burst, on the lab's time axis; bursts shaded.</summary>
    public static GenericChart ClientP95(BurstResult r, DateTimeOffset t0, DateTimeOffset t1)
    {
        var x = PlotlyProps.Times(r.PerSecond.Select(s => r.StartTime.AddSeconds(s.Offset)));
        var top = r.PerSecond.Select(s => s.P95Ms).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var b = new ChartBuilder($"Client p95 latency per second — {r.Profile}")
            .XAxis(TimeAxis(t0, t1))
            .YAxis(Axes.Linear("p95 from scheduled start", "ms").ToZero())
            .Legend(ChartBuilder.LegendBelow());
        foreach (var burst in r.Bursts.Where(i => i.IsBurst))
            b.Band(PlotlyProps.Time(r.StartTime.AddSeconds(burst.StartOffsetSeconds)),
                PlotlyProps.Time(r.StartTime.AddSeconds(burst.StartOffsetSeconds + burst.CompletionSeconds)), 0, Math.Max(top, 1),
                BurstCharts.BurstWindow, ChartColors.WindowBand);
        b.Add(Traces.Lines(ClientP95Trace, x, r.PerSecond.Select(s => s.P95Ms), ChartColors.Orange));
        return b.Build();
    }

    private static LinearAxis TimeAxis(DateTimeOffset t0, DateTimeOffset t1) =>
        Axes.Date().Range(PlotlyProps.Time(t0), PlotlyProps.Time(t1));

    private static Trace SwapBars(TimeSeries s, UnitScale scale, string name, string color) =>
        Traces.Bars(name, PlotlyProps.Times(s.Points.Select(p => p.Time)), s.Points.Select(p => scale.Apply(p.Value)), color).With("yaxis", "y2");

    /// <summary>A log axis cannot show zero: seconds with no metered I/O are left out of the line.</summary>
    private static TimeSeries Positive(TimeSeries s) => s with { Points = s.Points.Where(p => p.Value > 0).ToArray() };
}
