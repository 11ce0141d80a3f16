using System.Text.Json;
using System.Xml;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>What kind of failure a telemetry call met; the report groups failures by it.</summary>
public enum TelemetryFailureKind { Network, Timeout, MalformedReply, AccessDenied, Throttled, AwsError, Configuration, Other }

/// <summary>
/// One telemetry call that failed: which part (<c>ecs describe-services</c>, <c>ssm free_m on i-0…</c>), what kind, and
/// the message (AWS's code and message, credentials already redacted). Failures are data: they land in the snapshot and
/// the report, and never stop the burst.
/// </summary>
public sealed record TelemetryFailure(DateTimeOffset Time, string Part, TelemetryFailureKind Kind, string Message)
{
    /// <summary>Classifies <paramref name="ex"/> (after the retries the session allows) as a failure of <paramref name="part"/>.</summary>
    public static TelemetryFailure From(string part, Exception ex, DateTimeOffset? time = null) =>
        new(time ?? DateTimeOffset.UtcNow, part, Classify(ex), Describe(ex));

    /// <summary>The kind of <paramref name="ex"/>.</summary>
    public static TelemetryFailureKind Classify(Exception ex) => ex switch
    {
        AwsServiceException { IsThrottling: true } => TelemetryFailureKind.Throttled,
        AwsServiceException a when IsAccessDenied(a.ErrorCode) || a.StatusCode == 403 => TelemetryFailureKind.AccessDenied,
        AwsServiceException => TelemetryFailureKind.AwsError,
        TimeoutException or OperationCanceledException => TelemetryFailureKind.Timeout,
        HttpRequestException or System.Net.Sockets.SocketException or IOException => TelemetryFailureKind.Network,
        JsonException or XmlException or FormatException or KeyNotFoundException or InvalidOperationException => TelemetryFailureKind.MalformedReply,
        AwsConfigurationException => TelemetryFailureKind.Configuration,
        _ => TelemetryFailureKind.Other,
    };

    /// <summary>True for AWS's permission error codes.</summary>
    public static bool IsAccessDenied(string code) =>
        code is "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" or "UnrecognizedClientException" or
            "InvalidClientTokenId" or "ExpiredToken" or "ExpiredTokenException" or "AuthFailure";

    private static string Describe(Exception ex) => ex switch
    {
        AwsServiceException a => $"{a.ErrorCode}: {a.AwsMessage}".TrimEnd(' ', ':'),
        OperationCanceledException => "no answer within the snapshot's time limit",
        _ => FirstLine(ex.Message),
    };

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>One line for the console: <c>ecs list-tasks: network: Connection refused</c>.</summary>
    public override string ToString() => $"{Part}: {KindName(Kind)}: {Message}";

    /// <summary>The kind as written in reports (<c>access_denied</c>, <c>malformed_reply</c>…, as in the JSON files).</summary>
    public static string KindName(TelemetryFailureKind kind) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
