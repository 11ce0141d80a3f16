namespace PypiKit.Telemetry.Aws;

/// <summary>
/// An AWS service answered with an error. Keeps AWS's own error code (<c>ClusterNotFoundException</c>,
/// <c>AccessDenied</c>, <c>SignatureDoesNotMatch</c>…) and message; the message is scrubbed of the caller's access key,
/// secret and session token before it is stored, so it is safe to log or print.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, int statusCode, string errorCode, string awsMessage, string? requestId)
        : base($"{service} {operation} failed: {errorCode} (HTTP {statusCode}){(awsMessage.Length > 0 ? ": " + awsMessage : "")}")
    {
        Service = service;
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        AwsMessage = awsMessage;
        RequestId = requestId;
    }

    /// <summary>The service id, e.g. <c>ECS</c>, <c>CloudWatch</c>.</summary>
    public string Service { get; }
    public string Operation { get; }
    public int StatusCode { get; }

    /// <summary>AWS's error code without namespace prefix, e.g. <c>ClusterNotFoundException</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>AWS's message (credentials redacted).</summary>
    public string AwsMessage { get; }
    public string? RequestId { get; }

    /// <summary>True for the throttling codes AWS documents for its retry strategy.</summary>
    public bool IsThrottling => ThrottlingCodes.Contains(ErrorCode);

    /// <summary>True when a retry may succeed: throttling or a server-side failure.</summary>
    public bool IsRetryable => IsThrottling || StatusCode is 500 or 502 or 503 or 504;

    internal static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };
}

/// <summary>Credentials, region or endpoint could not be resolved (no secret material in the message).</summary>
public sealed class AwsConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
