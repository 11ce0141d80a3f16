using System.Diagnostics;
using PypiKit.Processes;

namespace PypiKit.Sandbox.Daemon;

/// <summary>What <see cref="SandboxDaemon.StopAsync"/> did.</summary>
/// <param name="State">The state that was recorded (null when there was none, or it could not be read).</param>
/// <param name="WasStale">The recorded balancer process was no longer running: the state file outlived it.</param>
/// <param name="Signalled">Processes that matched their recorded identity and were stopped.</param>
/// <param name="Skipped">Recorded processes left alone, each with the reason (gone, or the pid now belongs to another process).</param>
public sealed record StopReport(SandboxState? State, bool WasStale, int Signalled, IReadOnlyList<string> Skipped)
{
    public bool NothingRecorded => State is null && !WasStale;
}

/// <summary>
/// The background sandbox's process control: start <c>sandbox up</c> detached with its password in the environment
/// (never on a command line), and stop it by identity — only processes whose pid, start time and command line still
/// match the state file are signalled.
/// </summary>
public static class SandboxDaemon
{
    /// <summary>The environment variable a password travels in to the background process.</summary>
    public const string PasswordEnvironmentVariable = "PYPIKIT_SANDBOX_PASSWORD";

    /// <summary>
    /// Removes a password option from <paramref name="args"/> (<c>--password X</c> and <c>--password=X</c>): what is left
    /// can go on a command line, which every user of the machine can read in <c>/proc/&lt;pid&gt;/cmdline</c>.
    /// </summary>
    public static List<string> WithoutPassword(IEnumerable<string> args, string option = "--password")
    {
        var kept = new List<string>();
        bool skipNext = false;
        foreach (var a in args)
        {
            if (skipNext) { skipNext = false; continue; }
            if (a == option) { skipNext = true; continue; }
            if (a.StartsWith(option + "=", StringComparison.Ordinal) || a.StartsWith(option + ":", StringComparison.Ordinal)) continue;
            kept.Add(a);
        }
        return kept;
    }

    /// <summary>
    /// Starts <paramref name="command"/> in a new session (setsid), stdin from /dev/null, output into the state
    /// directory's log; <paramref name="password"/> goes in <see cref="PasswordEnvironmentVariable"/>. Waits until the
    /// process has written its state file, or exits, or <paramref name="timeout"/> passes; null when it did not start.
    /// </summary>
    public static async Task<SandboxState?> StartDetachedAsync(IReadOnlyList<string> command, SandboxStateDirectory dir, string? password,
        TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add((File.Exists("/usr/bin/setsid") ? "exec /usr/bin/setsid \"$@\"" : "exec \"$@\"") + " >\"$PYPIKIT_SANDBOX_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add("pypikit");
        foreach (var a in command) psi.ArgumentList.Add(a);
        if (password is not null) psi.Environment[PasswordEnvironmentVariable] = password;
        else psi.Environment.Remove(PasswordEnvironmentVariable);
        psi.Environment["PYPIKIT_SANDBOX_LOG"] = dir.LogFile;
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the background sandbox");
        var deadline = DateTime.UtcNow + timeout;
        SandboxState? st = null;
        while (DateTime.UtcNow < deadline && (st = dir.Read()) is null && !p.HasExited) await Task.Delay(200, ct);
        st ??= dir.Read();
        if (st is null && !p.HasExited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        return st;
    }

    /// <summary>
    /// Stops the recorded sandbox: SIGTERM to the balancer process if it is still the recorded one (it stops its instances
    /// and removes the state file), SIGKILL after <paramref name="grace"/>; then any recorded instance that still matches.
    /// The state file is removed in every case.
    /// </summary>
    public static async Task<StopReport> StopAsync(SandboxStateDirectory dir, TimeSpan grace, CancellationToken ct)
    {
        var (status, st) = dir.Inspect();
        if (status == SandboxStatus.None) return new StopReport(null, false, 0, []);
        int signalled = 0;
        var skipped = new List<string>();
        if (st is not null)
        {
            if (status == SandboxStatus.Running)
            {
                Signal(st.Pid, Sigterm);
                var until = DateTime.UtcNow + grace;
                while (DateTime.UtcNow < until && st.Balancer.IsRunning()) await Task.Delay(100, ct);
                if (st.Balancer.IsRunning()) Signal(st.Pid, Sigkill);
                signalled++;
            }
            else skipped.Add(Describe("balancer", st.Balancer));
            foreach (var inst in st.Instances)
            {
                if (inst.Identity is not { } id) continue;
                if (!id.IsRunning()) { if (status == SandboxStatus.Stale) skipped.Add(Describe(inst.Name, id)); continue; }
                Signal(id.Pid, Sigkill);
                signalled++;
            }
        }
        dir.DeleteState();
        return new StopReport(st, status == SandboxStatus.Stale, signalled, skipped);
    }

    private static string Describe(string what, ProcessIdentity recorded) =>
        ProcessIdentity.Of(recorded.Pid) is null
            ? $"{what}: pid {recorded.Pid} is gone"
            : $"{what}: pid {recorded.Pid} now belongs to another process (different start time or command); left alone";

    private const int Sigterm = UnixSignal.Terminate, Sigkill = UnixSignal.Kill;

    // A process that exited meanwhile (ESRCH) is already what was asked for.
    private static void Signal(int pid, int sig) => _ = UnixSignal.Send(pid, sig);
}
