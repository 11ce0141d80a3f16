using System.Globalization;
using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Host;

/// <summary>
/// The plan's figures a sampling run is judged against; each is optional and its verdict says so when absent.
/// </summary>
public sealed record HostPlanFigures
{
    /// <summary>The container's hard memory limit (ECS "memory"), MiB.</summary>
    public double? ContainerHardLimitMib { get; init; }
    /// <summary>The container's soft reservation (ECS "memoryReservation"), MiB.</summary>
    public double? ReservationMib { get; init; }
    /// <summary>Host memory the plan leaves for page cache and system overhead, MiB: available memory below it is a miss.</summary>
    public double? HostAvailableBudgetMib { get; init; }
    /// <summary>EFS Standard storage for a bursting-mode credit simulation of the instances' I/O; null = no EFS verdict.</summary>
    public Bytes? EfsBurstingStorage { get; init; }
    /// <summary>Credit balance at the start; null = a new file system's (<see cref="EfsCreditModel.StartingCredits"/>).</summary>
    public Bytes? EfsStartingCredits { get; init; }
}

/// <summary>One verdict line: the signal it judges ("rss", "host_memory", "swap", "pressure", "cpu", "io", "efs") and the text.</summary>
public sealed record HostVerdict(string Signal, string Text);

/// <summary>Verdict lines of a sampling run against the plan: pure, one per signal (one "io" line per process).</summary>
public static class HostVerdicts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<HostVerdict> Of(HostSamplingResult run, HostPlanFigures plan)
    {
        var lines = new List<HostVerdict> { Rss(run, plan), HostMemory(run, plan), Swap(run), Pressure(run), Cpu(run) };
        lines.AddRange(run.Processes.Select(Io));
        if (plan.EfsBurstingStorage is { } storage) lines.Add(Efs(run, storage, plan.EfsStartingCredits));
        return lines;
    }

    private static HostVerdict Rss(HostSamplingResult run, HostPlanFigures plan)
    {
        var peaks = run.Processes.Where(p => !p.Rss.IsEmpty).Select(p => (p, Peak: p.Rss.Points.MaxBy(x => x.Value))).ToArray();
        if (peaks.Length == 0) return new("rss", "instance RSS not sampled (no watched process was readable)");
        var peak = peaks.MaxBy(x => x.Peak.Value);
        double mib = peak.Peak.Value / Bytes.MiB;
        var text = $"peak instance RSS {F(mib, "N0")} MiB ({Label(peak.p)} at {T(peak.Peak.Time)})";
        if (plan.ContainerHardLimitMib is { } limit)
            text += $", {F(mib / limit * 100, "0")} % of the {F(limit, "N0")} MiB hard limit";
        if (plan.ReservationMib is { } reservation)
            text += $", {F(mib / reservation * 100, "0")} % of the {F(reservation, "N0")} MiB reservation";
        return new("rss", text);
    }

    private static HostVerdict HostMemory(HostSamplingResult run, HostPlanFigures plan)
    {
        var s = run.Host.MemAvailable;
        if (s.IsEmpty) return new("host_memory", "host memory available not sampled (/proc/meminfo unreadable)");
        var low = s.Points.MinBy(p => p.Value);
        double mib = low.Value / Bytes.MiB;
        var text = $"lowest host memory available {F(mib, "N0")} MiB at {T(low.Time)}";
        if (plan.HostAvailableBudgetMib is { } budget)
            text += mib >= budget ? $", above the plan's {F(budget, "N0")} MiB page-cache and overhead budget"
                                  : $", BELOW the plan's {F(budget, "N0")} MiB page-cache and overhead budget";
        return new("host_memory", text);
    }

    private static HostVerdict Swap(HostSamplingResult run)
    {
        var (ins, outs) = (run.Host.SwapIn, run.Host.SwapOut);
        if (ins.IsEmpty && outs.IsEmpty) return new("swap", "swap not sampled (/proc/vmstat unreadable)");
        if (run.SwapInPagesTotal == 0 && run.SwapOutPagesTotal == 0) return new("swap", "no swap activity");
        var peak = ins.Points.Concat(outs.Points).GroupBy(p => p.Time)
            .Select(g => new TimePoint(g.Key, g.Sum(p => p.Value))).MaxBy(p => p.Value);
        return new("swap", $"swapped in {F(run.SwapInPagesTotal, "N0")} pages, out {F(run.SwapOutPagesTotal, "N0")} pages " +
                           $"(peak {F(peak.Value, "N0")} pages/s at {T(peak.Time)})");
    }

    private static HostVerdict Pressure(HostSamplingResult run)
    {
        var some = run.Host.PressureSomeAvg10;
        if (some.IsEmpty) return new("pressure", "memory pressure not sampled (no /proc/pressure/memory: kernel without PSI)");
        var peak = some.Points.MaxBy(p => p.Value);
        if (peak.Value == 0) return new("pressure", "memory pressure: none (some avg10 stayed at 0 %)");
        var text = $"memory pressure: some avg10 peaked at {F(peak.Value, "0.0")} % at {T(peak.Time)}";
        if (!run.Host.PressureFullAvg10.IsEmpty) text += $", full avg10 at {F(run.Host.PressureFullAvg10.Max, "0.0")} %";
        return new("pressure", text);
    }

    private static HostVerdict Cpu(HostSamplingResult run)
    {
        if (run.Host.CpuBusy.IsEmpty) return new("cpu", "host CPU not sampled (/proc/stat unreadable)");
        return new("cpu", $"host CPU busy peaked at {F(run.Host.CpuBusy.Max, "0")} %, iowait at {F(run.Host.CpuIowait.Max, "0")} %");
    }

    private static HostVerdict Io(ProcessSeries p)
    {
        var label = Label(p);
        var text = p.IoSource switch
        {
            IoSource.Unavailable => $"{label}: I/O not sampled (/proc/{p.Pid}/io unreadable)",
            IoSource.Chars => $"{label} read {MiB(p.ReadBytesTotal)}, wrote {MiB(p.WriteBytesTotal)} through read()/write() " +
                              "(rchar/wchar: read_bytes and write_bytes stayed zero, the page cache served the files)",
            _ => $"{label} read {MiB(p.ReadBytesTotal)}, wrote {MiB(p.WriteBytesTotal)} from storage (read_bytes/write_bytes)",
        };
        if (p.ExitedAt is { } gone) text += $"; exited at {T(gone)}";
        return new("io", text);
    }

    private static HostVerdict Efs(HostSamplingResult run, Bytes storage, Bytes? startingCredits)
    {
        string size = $"{F(storage.Gibibytes, "N0")} GiB bursting";
        if (HostEfs.Simulate(run, storage, startingCredits) is not { } sim)
            return new("efs", $"EFS credits not simulated at {size}: no instance I/O was sampled");
        double start = sim.StartingCredits.Value;
        double fall = start > 0 ? (start - sim.MinimumCredits.Value) / start * 100 : 0;
        string peak = $"metered peak {F(sim.Metered.Max / Bytes.MiB, "0.###")} MiB/s against a {F(sim.Baseline.Value / Bytes.MiB, "0.###")} MiB/s baseline";
        if (fall <= 0) return new("efs", $"EFS credits would not fall during this run at {size} ({peak})");
        string pct = fall < 0.001 ? "< 0.001" : F(fall, "0.###");
        var text = $"EFS credits would fall {pct} % during this run at {size} ({peak})";
        if (sim.DepletedAt is { } d) text += $"; depleted at {T(d)}, then throttled to the baseline";
        return new("efs", text);
    }

    private static string Label(ProcessSeries p) => p.Name.Length > 0 ? $"pid {p.Pid} ({p.Name})" : $"pid {p.Pid}";
    private static string MiB(long bytes) => $"{F(bytes / Bytes.MiB, "N1")} MiB";
    private static string F(double v, string format) => v.ToString(format, Inv);
    private static string T(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss", Inv);
}
