using Plotly.NET;
using PypiKit.Charts;
using PypiKit.Series;

namespace PypiKit.Incidents.Reports;

/// <summary>
/// Host charts for incident analysis as Plotly.NET <see cref="GenericChart"/>s, drawn from <see cref="TimeSeries"/>
/// (vmstat, sar, free -m, ALB per-minute series on an incident <see cref="Timeline"/>):
/// <list type="bullet">
/// <item><see cref="SwapActivity"/>: swap-in / swap-out in KiB/s with the 1,000 KiB/s "swap storm" line when in range;</item>
/// <item><see cref="AvailableMemory"/>: available memory and swap used in MiB against the host's RAM and a 10 % band;</item>
/// <item><see cref="CpuAndIoWait"/>: user, system, iowait and steal as stacked percentages (0–100 %);</item>
/// <item><see cref="LatencyVsSwap"/>: p95 request latency (s) against swap-in on a second axis;</item>
/// <item><see cref="ForIncident"/>: every chart the incident has data for.</item>
/// </list>
/// </summary>
public static class HostCharts
{
    /// <summary>Swap-in rate above which the working set clearly does not fit in RAM (the memory rule's storm line).</summary>
    public const double SwapStormKiBs = 1000;

    /// <summary>Swap-in (vmstat si) and swap-out (so), KiB/s, with a dashed line at <paramref name="stormKiBs"/> when it
    /// falls within the data (else noted under the title).</summary>
    public static GenericChart SwapActivity(TimeSeries swapIn, TimeSeries? swapOut = null, double stormKiBs = SwapStormKiBs)
    {
        if (swapIn.IsEmpty) throw new ArgumentException("The swap-in series is empty.", nameof(swapIn));
        var (t0, t1) = SeriesTraces.Extent(swapIn, swapOut);
        var max = Math.Max(swapIn.Max, swapOut is { IsEmpty: false } ? swapOut.Max : 0);
        var b = new ChartBuilder("Swap activity (vmstat si / so)")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("swap traffic", "KiB/s").ToZero())
            .Legend(ChartBuilder.LegendBelow())
            .HoverMode("x unified")
            .Add(SeriesTraces.Line(swapIn, UnitScale.Identity("KiB/s"), "swap-in (si)", ChartColors.Red));
        if (swapOut is { IsEmpty: false }) b.Add(SeriesTraces.Line(swapOut, UnitScale.Identity("KiB/s"), "swap-out (so)", ChartColors.Orange));
        b.Threshold(stormKiBs, $"swap storm: ≥ {stormKiBs:N0} KiB/s", 0, max, t0, t1);
        return b.Build();
    }

    /// <summary>
    /// Available memory (free -m "available" or meminfo MemAvailable) and swap used, MiB, with the host's RAM as a line
    /// and the band below 10 % of RAM shaded (both in the legend).
    /// </summary>
    public static GenericChart AvailableMemory(TimeSeries available, TimeSeries? swapUsed = null, double? totalMib = null)
    {
        if (available.IsEmpty) throw new ArgumentException("The available-memory series is empty.", nameof(available));
        var (t0, t1) = SeriesTraces.Extent(available, swapUsed);
        var top = new[] { available.Max, swapUsed?.Max ?? 0, totalMib ?? 0 }.Where(double.IsFinite).Max() * 1.05;
        var b = new ChartBuilder("Available memory and swap used")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("memory", "MiB").Range(0, top))
            .Legend(ChartBuilder.LegendBelow())
            .HoverMode("x unified");
        if (totalMib is { } t) b.Band(t0, t1, 0, t * 0.10, "below 10 % of RAM");
        b.Add(SeriesTraces.Line(available, UnitScale.Identity("MiB"), "available", ChartColors.Blue));
        if (swapUsed is { IsEmpty: false }) b.Add(SeriesTraces.Line(swapUsed, UnitScale.Identity("MiB"), "swap used", ChartColors.Purple));
        if (totalMib is { } total) b.HorizontalLine(t0, t1, total, $"RAM {total:N0} MiB", ChartColors.Model);
        return b.Build();
    }

    /// <summary>CPU time split (percent, stacked to 100): user, system, iowait, steal — any may be null.</summary>
    public static GenericChart CpuAndIoWait(TimeSeries? user, TimeSeries? system, TimeSeries? iowait, TimeSeries? steal = null)
    {
        var parts = new (TimeSeries? Series, string Name, string Color)[]
        {
            (user, "user", ChartColors.Blue), (system, "system", ChartColors.Green), (iowait, "iowait", ChartColors.Red), (steal, "steal", ChartColors.Purple),
        }.Where(p => p.Series is { IsEmpty: false }).ToArray();
        if (parts.Length == 0) throw new ArgumentException("Give at least one non-empty CPU series.");
        var b = new ChartBuilder("CPU: user, system, iowait, steal")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("CPU time", "%").Range(0, 100))
            .Legend(ChartBuilder.LegendBelow())
            .HoverMode("x unified");
        foreach (var (s, name, color) in parts)
            b.Add(SeriesTraces.Line(s!, UnitScale.Identity("%"), name, color).With("stackgroup", "cpu").With("fill", "tonexty"));
        return b.Build();
    }

    /// <summary>p95 request latency (seconds, left axis) against swap-in (KiB/s, right axis), per minute; each series
    /// names its axis in the legend.</summary>
    public static GenericChart LatencyVsSwap(TimeSeries latencyP95, TimeSeries swapIn)
    {
        if (latencyP95.IsEmpty || swapIn.IsEmpty) throw new ArgumentException("Both series need points.");
        var perMinute = Timeline.Resample(swapIn, TimeSpan.FromMinutes(1));
        return new ChartBuilder("Request latency (p95) vs swap-in")
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("p95 latency", "s").ToZero())
            .SecondaryYAxis(Axes.Linear("swap-in", "KiB/s").ToZero())
            .Legend(ChartBuilder.LegendBelow())
            .HoverMode("x unified")
            .Add(SeriesTraces.Line(latencyP95, UnitScale.Identity("s"), "p95 latency (left)", ChartColors.Blue))
            .Add(SeriesTraces.Line(perMinute, UnitScale.Identity("KiB/s"), "swap-in, per-minute mean (right)", ChartColors.Red, "dash").With("yaxis", "y2"))
            .Build();
    }

    /// <summary>Every host chart the incident has data for (vmstat first, then sar / free / meminfo fallbacks).</summary>
    public static IReadOnlyList<GenericChart> ForIncident(IncidentData data)
    {
        var tl = data.Timeline;
        var figures = new List<GenericChart>();
        var si = tl.Get("vmstat.si");
        if (si is { IsEmpty: false }) figures.Add(SwapActivity(si, tl.Get("vmstat.so")));
        var avail = tl.Get("free.available") ?? tl.Get("meminfo.MemAvailable");
        if (avail is { IsEmpty: false }) figures.Add(AvailableMemory(avail, tl.Get("free.swap_used") ?? tl.Get("meminfo.SwapUsed"), data.HostMemoryMib));
        var user = tl.Get("vmstat.us") ?? tl.Find("sar.%user");
        var sys = tl.Get("vmstat.sy") ?? tl.Find("sar.%system");
        var wa = tl.Get("vmstat.wa") ?? tl.Find("sar.%iowait");
        var st = tl.Get("vmstat.st") ?? tl.Find("sar.%steal");
        if (new[] { user, sys, wa, st }.Any(s => s is { IsEmpty: false })) figures.Add(CpuAndIoWait(user, sys, wa, st));
        var lat = tl.Get("alb.latency_p95");
        if (lat is { IsEmpty: false } && si is { IsEmpty: false }) figures.Add(LatencyVsSwap(lat, si));
        return figures;
    }
}
