namespace PypiKit.Sandbox.Daemon;

/// <summary>
/// What <c>sandbox up</c> records so that <c>down</c>/<c>status</c>/<c>seed</c> can find the cluster: the URL, the
/// files, and the identity (<see cref="ProcessIdentity"/>) of the process running the balancer and of each instance.
/// </summary>
public sealed record SandboxState(int Pid, long StartTime, string Command, string Url, string PackagesDirectory, string? PasswordFile, string? User,
    IReadOnlyList<SandboxStateInstance> Instances, DateTimeOffset Started)
{
    /// <summary>The process running the balancer (<c>sandbox up</c>).</summary>
    public ProcessIdentity Balancer => new(Pid, StartTime, Command);
}

/// <summary>One instance of the recorded cluster; <see cref="Pid"/> is null for in-process instances.</summary>
public sealed record SandboxStateInstance(string Name, string Url, int? Pid, long StartTime, string Command)
{
    public ProcessIdentity? Identity => Pid is int pid ? new ProcessIdentity(pid, StartTime, Command) : null;
}
