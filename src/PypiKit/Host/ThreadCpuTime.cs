using System.Runtime.InteropServices;

namespace PypiKit.Host;

/// <summary>
/// CPU time the calling thread has used (user + system), from <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>: what one
/// thread's work cost, apart from start-up, the runtime's background threads and the time spent waiting for a CPU on a
/// busy machine. Null where the clock is not available (Windows, or a failed call).
/// </summary>
public static partial class ThreadCpuTime
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The calling thread's CPU time so far; null where it cannot be read.</summary>
    public static TimeSpan? Now() => Nanoseconds() is { } ns ? TimeSpan.FromTicks(ns / 100) : null;

    /// <summary>The calling thread's CPU time so far in nanoseconds; null where it cannot be read.</summary>
    public static long? Nanoseconds()
    {
        int clock;
        if (OperatingSystem.IsLinux()) clock = 3; // CLOCK_THREAD_CPUTIME_ID
        else if (OperatingSystem.IsMacOS()) clock = 16;
        else return null;
        try
        {
            return ClockGetTime(clock, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }
}
