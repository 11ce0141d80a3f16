using System.Runtime.InteropServices;

namespace PypiKit.Cli;

/// <summary>
/// CPU time the calling thread has used (user + system), from <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>: what one
/// thread's work cost, apart from start-up and the runtime's background threads. Null where the clock is not available
/// (Windows, or a failed call).
/// </summary>
internal static class ThreadCpuTime
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static TimeSpan? Now()
    {
        int clock;
        if (OperatingSystem.IsLinux()) clock = 3; // CLOCK_THREAD_CPUTIME_ID
        else if (OperatingSystem.IsMacOS()) clock = 16;
        else return null;
        try
        {
            return ClockGetTime(clock, out var t) == 0 ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }
}
