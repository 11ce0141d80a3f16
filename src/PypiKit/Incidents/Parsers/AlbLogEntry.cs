namespace PypiKit.Incidents.Parsers;

/// <summary>
/// One Application Load Balancer access-log entry, every documented field in order ("-" becomes null for optional
/// fields; the three processing times keep ALB's -1 for "not available"). Fields the format may add later are kept in
/// <see cref="ExtraFields"/>.
/// </summary>
public sealed record AlbLogEntry
{
    public required string Type { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Elb { get; init; }
    public required string ClientIp { get; init; }
    public required int ClientPort { get; init; }
    /// <summary>"ip:port" of the target, or null when no target was reached ("-").</summary>
    public string? Target { get; init; }
    public string? TargetIp { get; init; }
    public int? TargetPort { get; init; }
    /// <summary>Seconds; -1 when the request never reached a target or the balancer could not measure it.</summary>
    public double RequestProcessingTime { get; init; }
    public double TargetProcessingTime { get; init; }
    public double ResponseProcessingTime { get; init; }
    public int? ElbStatusCode { get; init; }
    public int? TargetStatusCode { get; init; }
    public long ReceivedBytes { get; init; }
    public long SentBytes { get; init; }
    /// <summary>The request line as logged ("GET https://host:443/simple/x/ HTTP/1.1").</summary>
    public required string Request { get; init; }
    public string? Method { get; init; }
    public string? Url { get; init; }
    public string? HttpVersion { get; init; }
    public string? UserAgent { get; init; }
    public string? SslCipher { get; init; }
    public string? SslProtocol { get; init; }
    public string? TargetGroupArn { get; init; }
    public string? TraceId { get; init; }
    public string? DomainName { get; init; }
    public string? ChosenCertArn { get; init; }
    public int? MatchedRulePriority { get; init; }
    public DateTimeOffset? RequestCreationTime { get; init; }
    public string? ActionsExecuted { get; init; }
    public string? RedirectUrl { get; init; }
    public string? ErrorReason { get; init; }
    public IReadOnlyList<string> TargetPortList { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> TargetStatusCodeList { get; init; } = Array.Empty<string>();
    public string? Classification { get; init; }
    public string? ClassificationReason { get; init; }
    public string? ConnTraceId { get; init; }
    public string? TransformedHost { get; init; }
    public string? TransformedUri { get; init; }
    public string? RequestTransformStatus { get; init; }
    public IReadOnlyList<string> ExtraFields { get; init; } = Array.Empty<string>();

    /// <summary>Request + target + response processing time in seconds, or null when any of them is -1.</summary>
    public double? TotalTime => RequestProcessingTime < 0 || TargetProcessingTime < 0 || ResponseProcessingTime < 0
        ? null : RequestProcessingTime + TargetProcessingTime + ResponseProcessingTime;

    /// <summary>A 5xx the balancer generated itself (no target status): 502/503/504 from ELB, not from pypiserver.</summary>
    public bool IsElbGenerated5xx => ElbStatusCode is >= 500 and < 600 && TargetStatusCode is null;
    public bool IsTarget5xx => TargetStatusCode is >= 500 and < 600;
}
