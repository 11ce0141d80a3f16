using PypiKit.Host;

namespace PypiKit.Probe;

/// <summary>CPU seconds (user + system) a set of local processes has used, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
public sealed class ProcessCpu(IReadOnlyList<int> pids, string procRoot = HostProcReader.DefaultRoot)
{
    public IReadOnlyList<int> Pids { get; } = pids;

    /// <summary>Sum over the processes, seconds; a process that is gone throws (its CPU would silently drop out).</summary>
    public double ReadSeconds()
    {
        long ticks = 0;
        foreach (var pid in Pids)
        {
            var path = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat");
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new InvalidInputException("server_pid", $"server_pid: no process {pid} on this machine", ex);
            }
            ticks += ProcParsers.PidStat(text)?.CpuTicks ?? throw new InvalidInputException("server_pid", $"server_pid: cannot read the CPU time of process {pid}");
        }
        return ticks / HostSampling.DefaultClockTicksPerSecond;
    }

    /// <summary>One clock tick, seconds: the resolution of <see cref="ReadSeconds"/>.</summary>
    public static double TickSeconds => 1 / HostSampling.DefaultClockTicksPerSecond;
}
