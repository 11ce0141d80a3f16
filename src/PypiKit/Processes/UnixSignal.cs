using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PypiKit.Processes;

/// <summary>
/// Sends a POSIX signal to a process (libc <c>kill</c>): how PypiKit asks a child to stop gracefully (SIGINT to
/// <c>pulumi</c> and to burst workers, SIGTERM/SIGKILL to a background sandbox). On Windows, where there are no signals,
/// the process tree is killed instead.
/// </summary>
public static class UnixSignal
{
    public const int Interrupt = 2, Kill = 9, Terminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when no such process exists (it exited meanwhile).</summary>
    public static bool Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(entireProcessTree: true); return true; }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { return false; }
        }
        return SysKill(pid, signal) == 0;
    }

    /// <summary>
    /// Makes <paramref name="start"/> run its program in a session and process group of its own, so the signals a
    /// terminal sends to its foreground group (Ctrl+C → SIGINT to every process in it) reach PypiKit only, which then
    /// forwards one graceful signal with <see cref="Send"/>. A child such as <c>pulumi</c> treats a second SIGINT as
    /// "terminate now", so it must not receive the terminal's copy as well. It prefixes util-linux <c>setsid</c>, which
    /// calls setsid(2) and execs the program (same pid, so <see cref="Send"/> and <see cref="Process.Id"/> still name
    /// the program). <paramref name="start"/>'s FileName must be a full path (the caller resolves it, so a missing
    /// program is reported as such and not as a failure of setsid). Returns false, changing nothing, where there is no
    /// <c>setsid</c> (Windows, macOS): the child then shares PypiKit's group as before.
    /// </summary>
    public static bool StartInOwnSession(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!OperatingSystem.IsLinux() || SetsidPath is not { } setsid) return false;
        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = setsid;
        return true;
    }

    /// <summary>util-linux <c>setsid</c>, where Debian and most Linux distributions install it; null when absent.</summary>
    public static string? SetsidPath { get; } = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
}
