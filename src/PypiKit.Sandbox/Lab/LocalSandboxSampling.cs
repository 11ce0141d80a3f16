using PypiKit.Host;
using PypiKit.Sandbox.Daemon;

namespace PypiKit.Sandbox.Lab;

/// <summary>
/// Host sampling beside a burst whose target is this machine's recorded sandbox (<c>pypikit sandbox up</c>, foreground
/// or <c>--detach</c>): the host, the balancer process and every instance process still running under its recorded
/// identity. Any other target samples nothing.
/// </summary>
public static class LocalSandboxSampling
{
    /// <summary>
    /// The processes of the recorded sandbox serving <paramref name="target"/> (same host and port as its balancer or one
    /// of its instances), or an empty list when the target is not that sandbox or the state is stale.
    /// </summary>
    public static IReadOnlyList<int> Pids(Uri target, SandboxStateDirectory? state = null)
    {
        var (status, st) = (state ?? new SandboxStateDirectory(SandboxStateDirectory.DefaultPath())).Inspect();
        if (status != SandboxStatus.Running || st is null) return [];
        bool Same(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Port == target.Port
                                 && string.Equals(u.Host, target.Host, StringComparison.OrdinalIgnoreCase);
        if (!Same(st.Url) && !st.Instances.Any(i => Same(i.Url))) return [];
        var pids = new List<int> { st.Pid };
        pids.AddRange(st.Instances.Where(i => i.Identity?.IsRunning() == true).Select(i => i.Pid!.Value));
        return pids.Distinct().ToArray();
    }

    /// <summary>Starts sampling when <paramref name="target"/> is the recorded local sandbox; null otherwise.</summary>
    public static BackgroundHostSampler? TryStart(Uri target, SandboxStateDirectory? state = null) =>
        Pids(target, state) is { Count: > 0 } pids ? BackgroundHostSampler.Start(new HostSamplerOptions { Pids = pids }) : null;
}
