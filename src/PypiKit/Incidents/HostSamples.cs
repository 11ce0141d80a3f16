using PypiKit.Incidents.Parsers;

namespace PypiKit.Incidents;

/// <summary>
/// The parsed samples of one host, one list per capture tool. A <see cref="HostCapture"/> holds its host's; an
/// <see cref="IncidentData"/> holds the single host's (empty when several hosts were captured: see
/// <see cref="IncidentData.ForHost"/>).
/// </summary>
public sealed record HostSamples
{
    public static HostSamples Empty { get; } = new();

    public IReadOnlyList<VmstatSample> Vmstat { get; init; } = Array.Empty<VmstatSample>();
    public IReadOnlyList<FreeSnapshot> Free { get; init; } = Array.Empty<FreeSnapshot>();
    public IReadOnlyList<MeminfoSnapshot> Meminfo { get; init; } = Array.Empty<MeminfoSnapshot>();
    public IReadOnlyList<IostatSample> Iostat { get; init; } = Array.Empty<IostatSample>();
    public IReadOnlyList<SarReport> Sar { get; init; } = Array.Empty<SarReport>();
    public IReadOnlyList<NfsMountStats> Mountstats { get; init; } = Array.Empty<NfsMountStats>();
    public IReadOnlyList<DockerStatsRow> DockerStats { get; init; } = Array.Empty<DockerStatsRow>();

    /// <summary>Memory visible to the host, MiB, from the samples: <c>free -m</c>'s total, else /proc/meminfo; null when neither was captured.</summary>
    public double? MemoryMib =>
        Free.Count > 0 ? Free.Max(f => f.Total)
        : Meminfo.Count > 0 && Meminfo[0]["MemTotal"] is long kb ? kb / 1024.0
        : null;
}
