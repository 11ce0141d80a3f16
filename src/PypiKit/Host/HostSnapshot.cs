namespace PypiKit.Host;

/// <summary>Host memory from /proc/meminfo, in bytes (the file counts kB = KiB).</summary>
public sealed record MemorySnapshot(long AvailableBytes, long SwapTotalBytes, long SwapFreeBytes)
{
    public long SwapUsedBytes => SwapTotalBytes - SwapFreeBytes;
}

/// <summary>Cumulative pages swapped in and out since boot (/proc/vmstat pswpin, pswpout).</summary>
public sealed record SwapCounters(long PagesIn, long PagesOut);

/// <summary>
/// Memory pressure (PSI, /proc/pressure/memory): the share of the last 10 s some / all non-idle tasks were stalled on
/// memory (percent), and the cumulative stall time in microseconds. Absent on kernels without PSI.
/// </summary>
public sealed record PressureSnapshot(double SomeAvg10, long SomeTotalMicroseconds, double? FullAvg10, long? FullTotalMicroseconds);

/// <summary>Cumulative CPU time of all cores (/proc/stat "cpu" line, clock ticks): all of it, idle, and waiting for I/O.</summary>
public sealed record CpuTimes(long Total, long Idle, long Iowait);

/// <summary>
/// Cumulative I/O of one process (/proc/&lt;pid&gt;/io): bytes fetched from / sent to the storage layer, and bytes
/// passed through read()/write() calls of any kind (files served from the page cache, sockets, pipes).
/// </summary>
public sealed record IoCounters(long ReadBytes, long WriteBytes, long ReadChars, long WriteChars);

/// <summary>
/// One watched process at one instant: resident memory (VmRSS), CPU time (utime + stime, clock ticks) and I/O
/// (null when /proc/&lt;pid&gt;/io is not readable, e.g. another user's process).
/// </summary>
public sealed record ProcessSnapshot(int Pid, string Name, long? RssBytes, long CpuTicks, IoCounters? Io);

/// <summary>
/// Everything read from /proc at one instant. A part that could not be read is null (or, for a process, left out) and
/// named in <see cref="Missing"/> by its path under the /proc root, e.g. "pressure/memory" or "4242/stat".
/// </summary>
public sealed record HostSnapshot
{
    public required DateTimeOffset Time { get; init; }
    public MemorySnapshot? Memory { get; init; }
    public SwapCounters? Swap { get; init; }
    public PressureSnapshot? Pressure { get; init; }
    public CpuTimes? Cpu { get; init; }
    public IReadOnlyList<ProcessSnapshot> Processes { get; init; } = [];
    public IReadOnlyList<string> Missing { get; init; } = [];
}
