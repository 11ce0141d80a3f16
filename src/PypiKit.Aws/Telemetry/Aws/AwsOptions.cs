using Amazon.Runtime;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// How to reach AWS. Every field is optional: with none set, PypiKit behaves like the AWS CLI (default credential chain,
/// region from <c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c>/the profile, endpoints from <c>AWS_ENDPOINT_URL[_&lt;SERVICE&gt;]</c>).
/// </summary>
public sealed record AwsOptions
{
    /// <summary>Region such as <c>us-west-2</c>. Null: environment, then the profile's <c>region</c>.</summary>
    public string? Region { get; init; }

    /// <summary>Named profile from the shared config/credentials files (SSO, assume-role, static keys…).</summary>
    public string? Profile { get; init; }

    /// <summary>One endpoint for every service (moto, LocalStack). Wins over <c>AWS_ENDPOINT_URL*</c>.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>Explicit credentials; when set, the chain and <see cref="Profile"/> are not consulted.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Attempts per request including the first (throttling and 5xx are retried with jittered backoff).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First backoff delay; doubles per retry.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Validates the options; the exception names the field.</summary>
    public AwsOptions Validate()
    {
        if (MaxAttempts is < 1 or > 20)
            throw new InvalidInputException("max_attempts", $"max_attempts must be between 1 and 20 (was {MaxAttempts}).");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromSeconds(30))
            throw new InvalidInputException("retry_base_delay", "retry_base_delay must be between 0 and 30 s.");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new InvalidInputException("request_timeout", "request_timeout must be positive.");
        if (EndpointUrl is not null && !Uri.TryCreate(EndpointUrl, UriKind.Absolute, out _))
            throw new InvalidInputException("endpoint_url", $"endpoint_url '{EndpointUrl}' is not an absolute URL such as http://127.0.0.1:5000.");
        if (Region is not null && !System.Text.RegularExpressions.Regex.IsMatch(Region, "^[a-z]{2}(-[a-z]+)+-\\d+$"))
            throw new InvalidInputException("region", $"region '{Region}' is not an AWS region name such as us-west-2.");
        return this;
    }
}
