using PypiKit.Host;
using PypiKit.Probe;

namespace PypiKit.Sandbox.Validation;

/// <summary>
/// How much CPU processes other than the given ones (this process and the sandbox's instances) used over a window: the
/// machine's busy time from <c>/proc/stat</c> minus theirs from <c>/proc/&lt;pid&gt;/stat</c>, in cores. The load average
/// cannot say this: it counts the validation's own load generator and instances, and it lags by a minute.
/// </summary>
internal sealed class OtherProcessesCpu
{
    /// <summary>More than a quarter of a core used by others during a probe is reported as a broken assumption.</summary>
    public const double NoticeableCores = 0.25;

    private readonly ProcessCpu _ours;
    private readonly CpuTimes? _hostStart;
    private readonly double _oursStart;
    private readonly DateTime _start = DateTime.UtcNow;

    private OtherProcessesCpu(IReadOnlyList<int> pids)
    {
        _ours = new ProcessCpu(pids);
        _hostStart = ReadHost();
        _oursStart = TryOurs() ?? double.NaN;
    }

    public static OtherProcessesCpu Start(IReadOnlyList<int> pids) => new(pids.Distinct().ToArray());

    /// <summary>Cores the other processes used since <see cref="Start"/>; null where /proc cannot tell.</summary>
    public double? StopCores()
    {
        var host = ReadHost();
        double? ours = TryOurs();
        double wall = (DateTime.UtcNow - _start).TotalSeconds;
        if (_hostStart is null || host is null || ours is null || double.IsNaN(_oursStart) || wall <= 0) return null;
        long busyTicks = (host.Total - host.Idle - host.Iowait) - (_hostStart.Total - _hostStart.Idle - _hostStart.Iowait);
        double others = busyTicks / HostSampling.DefaultClockTicksPerSecond - (ours.Value - _oursStart);
        return Math.Max(0, others / wall);
    }

    private double? TryOurs()
    {
        try { return _ours.ReadSeconds(); }
        catch (InvalidInputException) { return null; }
    }

    private static CpuTimes? ReadHost()
    {
        try { return new HostProcReader().Read(DateTimeOffset.UtcNow, []).Cpu; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
