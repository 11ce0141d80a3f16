using PypiKit.Incidents.Parsers;

namespace PypiKit.Incidents;

/// <summary>
/// What is known about the host(s) beyond the logs, read from <c>host.json</c> in an incident directory (snake_case):
/// instance type, visible memory, containers, and the start time/offset for tools that print no timestamps.
/// </summary>
public sealed record HostFacts
{
    public string? InstanceType { get; init; }
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

/// <summary>Everything loaded for one incident: the timeline, the ALB traffic summary, parsed host samples and diagnostics.</summary>
public sealed class IncidentData
{
    public string Name { get; init; } = "incident";
    public Timeline Timeline { get; init; } = new();
    public AlbTrafficSummary? Alb { get; init; }
    public IReadOnlyList<VmstatSample> Vmstat { get; init; } = Array.Empty<VmstatSample>();
    public IReadOnlyList<FreeSnapshot> Free { get; init; } = Array.Empty<FreeSnapshot>();
    public IReadOnlyList<MeminfoSnapshot> Meminfo { get; init; } = Array.Empty<MeminfoSnapshot>();
    public IReadOnlyList<IostatSample> Iostat { get; init; } = Array.Empty<IostatSample>();
    public IReadOnlyList<SarReport> Sar { get; init; } = Array.Empty<SarReport>();
    public IReadOnlyList<NfsMountStats> Mountstats { get; init; } = Array.Empty<NfsMountStats>();
    public IReadOnlyList<DockerStatsRow> DockerStats { get; init; } = Array.Empty<DockerStatsRow>();
    public HostFacts Host { get; init; } = new();
    public IReadOnlyList<ParseDiagnostics> Diagnostics { get; init; } = Array.Empty<ParseDiagnostics>();
    /// <summary>Files in the directory no parser claimed.</summary>
    public IReadOnlyList<string> SkippedFiles { get; init; } = Array.Empty<string>();

    /// <summary>Memory visible to the host, MiB: free -m's total, else /proc/meminfo, else host.json.</summary>
    public double? HostMemoryMib =>
        Free.Count > 0 ? Free.Max(f => f.Total)
        : Meminfo.Count > 0 && Meminfo[0]["MemTotal"] is long kb ? kb / 1024.0
        : Host.MemoryMib;
}
