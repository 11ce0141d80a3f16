namespace PypiKit.Host;

/// <summary>
/// Deltas of one process's I/O counters over one tick (bytes): storage-layer bytes (read_bytes / write_bytes) and
/// bytes through read()/write() calls (rchar / wchar).
/// </summary>
public sealed record IoDelta(long ReadBytes, long WriteBytes, long ReadChars, long WriteChars);

/// <summary>One watched process over one tick: RSS at the tick's end, CPU % of one core, and I/O deltas.</summary>
public sealed record ProcessTick(int Pid, string Name, double? RssBytes, double? CpuPercent, IoDelta? Io);

/// <summary>
/// What one tick (two successive snapshots) measured. Gauges (memory available, swap used, RSS, PSI avg10) are the
/// current snapshot's values; rates are counter deltas over <see cref="Seconds"/>. A value is null when either snapshot
/// lacked it or a counter went backwards (a restarted process reusing its pid).
/// </summary>
public sealed record HostTick
{
    public required DateTimeOffset Time { get; init; }
    public required double Seconds { get; init; }
    public double? MemAvailableBytes { get; init; }
    public double? SwapUsedBytes { get; init; }
    /// <summary>Pages swapped in during the tick (pswpin delta).</summary>
    public long? SwapInPages { get; init; }
    /// <summary>Pages swapped out during the tick (pswpout delta).</summary>
    public long? SwapOutPages { get; init; }
    public double? SwapInPagesPerSecond => SwapInPages / Seconds;
    public double? SwapOutPagesPerSecond => SwapOutPages / Seconds;
    public double? PressureSomeAvg10 { get; init; }
    public double? PressureFullAvg10 { get; init; }
    /// <summary>Microseconds some task stalled on memory, per second of the tick (PSI "some" total delta / seconds).</summary>
    public double? PressureSomeStallMicrosecondsPerSecond { get; init; }
    public double? PressureFullStallMicrosecondsPerSecond { get; init; }
    /// <summary>CPU time neither idle nor waiting for I/O, percent of all cores.</summary>
    public double? CpuBusyPercent { get; init; }
    public double? CpuIowaitPercent { get; init; }
    public IReadOnlyList<ProcessTick> Processes { get; init; } = [];
    /// <summary>The current snapshot's unreadable parts (see <see cref="HostSnapshot.Missing"/>).</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
