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
}
