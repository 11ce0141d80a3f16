namespace PypiKit.Incidents;

/// <summary>
/// What was captured on one host: its facts (<c>host.json</c>), its own series (plain names: vmstat.si, sar.%iowait,
/// cloudwatch.CPUCreditBalance of its instance, …) and the parsed samples. A capture with a <c>hosts/&lt;name&gt;/</c>
/// folder per host has one per folder (plus one per CloudWatch InstanceId not matched to a folder); a flat capture has one.
/// </summary>
public sealed record HostCapture
{
    public required string Name { get; init; }
    public HostFacts Facts { get; init; } = new();
    public Timeline Timeline { get; init; } = new();
    public HostSamples Samples { get; init; } = HostSamples.Empty;

    /// <summary>The name a host's series carry on the merged timeline of a several-host capture: "vmstat.si@web-1".</summary>
    public static string Qualify(string series, string host) => $"{series}@{host}";
}
