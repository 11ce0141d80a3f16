using PypiKit.Incidents.Parsers;

namespace PypiKit.Incidents;

/// <summary>
/// What is known about the host(s) beyond the logs, read from <c>host.json</c> in an incident directory (snake_case):
/// instance type, visible memory, containers, and the start time/offset for tools that print no timestamps.
/// </summary>
public sealed record HostFacts
{
    public string? InstanceType { get; init; }
    /// <summary>The EC2 instance id: CloudWatch series labelled with it belong to this host.</summary>
    public string? InstanceId { get; init; }
    public int? Vcpus { get; init; }
    public double? MemoryMib { get; init; }
    public int? Containers { get; init; }
    public double? ContainerMemoryMib { get; init; }
    /// <summary>"bursting", "elastic" or "provisioned".</summary>
    public string? EfsThroughputMode { get; init; }
    /// <summary>Where untimed host samples start (vmstat/iostat without -t).</summary>
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>Seconds between untimed samples.</summary>
    public double? IntervalSeconds { get; init; }
    public string? Notes { get; init; }

    /// <summary>T-family (burstable, CPU credits): t2, t3, t3a, t4g.</summary>
    public bool IsBurstable => InstanceType is { } t && t.Length > 2 && t[0] == 't' && char.IsAsciiDigit(t[1]);
}

/// <summary>
/// Everything loaded for one incident: the timeline, the ALB traffic summary, parsed host samples and diagnostics.
/// With one host, the host's series sit on <see cref="Timeline"/> under their plain names and the sample lists are that
/// host's. With several (<see cref="Hosts"/>), the timeline holds the shared series (ALB, EFS, …) plus every host's
/// series as "name@host" — none replaces or interleaves another — and <see cref="ForHost"/> gives one host's view.
/// </summary>
public sealed class IncidentData
{
    public string Name { get; init; } = "incident";
    public Timeline Timeline { get; init; } = new();
    public AlbTrafficSummary? Alb { get; init; }
    /// <summary>The single host's samples (empty with several hosts: each <see cref="HostCapture"/> has its own).</summary>
    public HostSamples Samples { get; init; } = HostSamples.Empty;
    public HostFacts Host { get; init; } = new();
    public IReadOnlyList<ParseDiagnostics> Diagnostics { get; init; } = Array.Empty<ParseDiagnostics>();
    /// <summary>Files in the directory no parser claimed.</summary>
    public IReadOnlyList<string> SkippedFiles { get; init; } = Array.Empty<string>();
    /// <summary>The hosts captured (one for a flat capture; none when only ALB logs were given).</summary>
    public IReadOnlyList<HostCapture> Hosts { get; init; } = Array.Empty<HostCapture>();
    /// <summary>Series not tied to a host: ALB, EFS and other CloudWatch metrics without an InstanceId.</summary>
    public IReadOnlyList<PypiKit.Series.TimeSeries> SharedSeries { get; init; } = Array.Empty<PypiKit.Series.TimeSeries>();

    /// <summary>PypiKit's own runs when the input was a burst, lab or campaign folder (<see cref="BurstFolderSource"/>); else empty.</summary>
    internal IReadOnlyList<ClientRun> ClientRuns { get; init; } = Array.Empty<ClientRun>();

    /// <summary>The names of <see cref="Hosts"/>.</summary>
    public IReadOnlyList<string> HostNames => Hosts.Select(h => h.Name).ToArray();

    /// <summary>One host's view: shared series plus that host's series under plain names, and that host's samples and facts.</summary>
    public IncidentData ForHost(string host)
    {
        var h = Hosts.FirstOrDefault(x => x.Name == host) ?? throw new KeyNotFoundException($"no host '{host}' (hosts: {string.Join(", ", HostNames)})");
        if (Hosts.Count == 1) return this;
        return new IncidentData
        {
            Name = Name, Alb = Alb, Diagnostics = Diagnostics, SkippedFiles = SkippedFiles, SharedSeries = SharedSeries, ClientRuns = ClientRuns,
            Timeline = new Timeline(SharedSeries).AddRange(h.Timeline.Series),
            Samples = h.Samples, Host = h.Facts, Hosts = [h],
        };
    }

    /// <summary>Memory visible to the host, MiB: free -m's total, else /proc/meminfo, else host.json.</summary>
    public double? HostMemoryMib => Samples.MemoryMib ?? Host.MemoryMib;
}
