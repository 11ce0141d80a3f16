using PypiKit.Series;

namespace PypiKit.Host;

/// <summary>Which /proc/&lt;pid&gt;/io counters a process's read/write series come from.</summary>
public enum IoSource
{
    /// <summary>read_bytes / write_bytes: bytes fetched from or sent to the storage layer (what a disk or EFS sees).</summary>
    StorageBytes,
    /// <summary>
    /// rchar / wchar, used when read_bytes and write_bytes stayed zero all run (files served from the page cache):
    /// every byte through read()/write(), sockets and pipes included, so an upper bound of the file I/O.
    /// </summary>
    Chars,
    /// <summary>/proc/&lt;pid&gt;/io was not readable (another user's process) or the process was never seen twice.</summary>
    Unavailable,
}

/// <summary>A /proc file that could not be read at some ticks (path under the /proc root, e.g. "pressure/memory").</summary>
public sealed record UnavailableSource(string Path, int Snapshots, DateTimeOffset First);

/// <summary>Host-wide series, one point per tick.</summary>
public sealed record HostSeries
{
    public required TimeSeries MemAvailable { get; init; }
    public required TimeSeries SwapUsed { get; init; }
    public required TimeSeries SwapIn { get; init; }
    public required TimeSeries SwapOut { get; init; }
    public required TimeSeries PressureSomeAvg10 { get; init; }
    public required TimeSeries PressureFullAvg10 { get; init; }
    public required TimeSeries PressureSomeStall { get; init; }
    public required TimeSeries PressureFullStall { get; init; }
    public required TimeSeries CpuBusy { get; init; }
    public required TimeSeries CpuIowait { get; init; }
}

/// <summary>One watched process's series, one point per tick while it lived.</summary>
public sealed record ProcessSeries
{
    public required int Pid { get; init; }
    /// <summary>The command name from /proc/&lt;pid&gt;/stat; empty when the process was never seen.</summary>
    public required string Name { get; init; }
    public required IoSource IoSource { get; init; }
    public required TimeSeries Rss { get; init; }
    /// <summary>Percent of one core.</summary>
    public required TimeSeries Cpu { get; init; }
    /// <summary>Bytes read per second, from the counters <see cref="IoSource"/> names.</summary>
    public required TimeSeries Read { get; init; }
    public required TimeSeries Write { get; init; }
    public required long ReadBytesTotal { get; init; }
    public required long WriteBytesTotal { get; init; }
    /// <summary>The first snapshot the process was missing from after having been seen (it exited).</summary>
    public DateTimeOffset? ExitedAt { get; init; }
}

/// <summary>
/// What a host sampling run recorded: host and per-process time series, swap totals, and the /proc files that could
/// not be read. Serialisable with <see cref="Json.PypiKitJson"/>.
/// </summary>
public sealed record HostSamplingResult
{
    public required DateTimeOffset? Start { get; init; }
    public required DateTimeOffset? End { get; init; }
    public required int Snapshots { get; init; }
    public required HostSeries Host { get; init; }
    public required long SwapInPagesTotal { get; init; }
    public required long SwapOutPagesTotal { get; init; }
    public required IReadOnlyList<ProcessSeries> Processes { get; init; }
    public required IReadOnlyList<UnavailableSource> Unavailable { get; init; }
    /// <summary>
    /// Wall-clock seconds the sampler spent reading /proc and folding snapshots (0 when the series were built by hand):
    /// divided by the run's length, an upper bound of its cost in cores.
    /// </summary>
    public double SamplerBusySeconds { get; init; }
    /// <summary>
    /// CPU seconds the sampling thread used for that work (<c>/proc/thread-self/schedstat</c>); null where the kernel
    /// does not report it. Divided by the run's length: the sampler's cost in cores, however busy the machine was.
    /// </summary>
    public double? SamplerCpuSeconds { get; init; }
}
