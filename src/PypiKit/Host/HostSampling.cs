namespace PypiKit.Host;

/// <summary>The arithmetic of one sampling tick: pure, so tests check it without timing.</summary>
public static class HostSampling
{
    /// <summary>
    /// Linux reports process CPU time in USER_HZ clock ticks, 100 per second on every mainstream architecture
    /// (sysconf(_SC_CLK_TCK)).
    /// </summary>
    public const double DefaultClockTicksPerSecond = 100;

    /// <summary>
    /// One tick from two successive snapshots: gauges from <paramref name="current"/>, rates from the counter deltas
    /// divided by the time between the snapshots. Process CPU % is of one core (200 % = two cores busy).
    /// </summary>
    public static HostTick Sample(HostSnapshot previous, HostSnapshot current, double clockTicksPerSecond = DefaultClockTicksPerSecond)
    {
        double seconds = (current.Time - previous.Time).TotalSeconds;
        if (seconds <= 0) throw new ArgumentException($"snapshots must be in time order: {previous.Time:O} then {current.Time:O}", nameof(current));

        var processes = new List<ProcessTick>(current.Processes.Count);
        foreach (var now in current.Processes)
        {
            // Same pid under another name: a new process reusing the number, so no deltas against the old one.
            var before = previous.Processes.FirstOrDefault(p => p.Pid == now.Pid && p.Name == now.Name);
            double? cpu = before is null ? null : Delta(before.CpuTicks, now.CpuTicks) / clockTicksPerSecond / seconds * 100;
            IoDelta? io = null;
            if (before?.Io is { } a && now.Io is { } b
                && Delta(a.ReadBytes, b.ReadBytes) is { } rb && Delta(a.WriteBytes, b.WriteBytes) is { } wb
                && Delta(a.ReadChars, b.ReadChars) is { } rc && Delta(a.WriteChars, b.WriteChars) is { } wc)
                io = new IoDelta(rb, wb, rc, wc);
            processes.Add(new ProcessTick(now.Pid, now.Name, now.RssBytes, cpu, io));
        }

        double? busy = null, iowait = null;
        if (previous.Cpu is { } c0 && current.Cpu is { } c1 && Delta(c0.Total, c1.Total) is { } total and > 0
            && Delta(c0.Idle, c1.Idle) is { } idle && Delta(c0.Iowait, c1.Iowait) is { } wait)
        {
            busy = (double)(total - idle - wait) / total * 100;
            iowait = (double)wait / total * 100;
        }

        return new HostTick
        {
            Time = current.Time,
            Seconds = seconds,
            MemAvailableBytes = current.Memory?.AvailableBytes,
            SwapUsedBytes = current.Memory?.SwapUsedBytes,
            SwapInPages = previous.Swap is { } s0 && current.Swap is { } s1 ? Delta(s0.PagesIn, s1.PagesIn) : null,
            SwapOutPages = previous.Swap is { } o0 && current.Swap is { } o1 ? Delta(o0.PagesOut, o1.PagesOut) : null,
            PressureSomeAvg10 = current.Pressure?.SomeAvg10,
            PressureFullAvg10 = current.Pressure?.FullAvg10,
            PressureSomeStallMicrosecondsPerSecond = previous.Pressure is { } p0 && current.Pressure is { } p1
                ? Delta(p0.SomeTotalMicroseconds, p1.SomeTotalMicroseconds) / seconds : null,
            PressureFullStallMicrosecondsPerSecond = previous.Pressure?.FullTotalMicroseconds is { } f0 && current.Pressure?.FullTotalMicroseconds is { } f1
                ? Delta(f0, f1) / seconds : null,
            CpuBusyPercent = busy,
            CpuIowaitPercent = iowait,
            Processes = processes,
            Missing = current.Missing,
        };
    }

    /// <summary>A counter's increase; null when it went backwards (reset, or a pid reused by a new process).</summary>
    private static long? Delta(long before, long after) => after >= before ? after - before : null;
}
