namespace PypiKit.Telemetry.Aws;

/// <summary>Endpoint and region resolution, the way the AWS SDKs and CLI do it (pure functions over an environment).</summary>
public static class AwsEndpoints
{
    /// <summary>
    /// The endpoint of <paramref name="service"/>: <paramref name="explicitUrl"/> if given, else
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, else <c>AWS_ENDPOINT_URL</c> (both ignored when
    /// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>), else the public regional endpoint.
    /// </summary>
    public static Uri Resolve(AwsService service, string region, string? explicitUrl, Func<string, string?> env)
    {
        if (!string.IsNullOrWhiteSpace(explicitUrl)) return Parse(explicitUrl, "endpoint_url");
        var ignore = string.Equals(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ignore)
        {
            var specific = env("AWS_ENDPOINT_URL_" + service.EnvSuffix);
            if (!string.IsNullOrWhiteSpace(specific)) return Parse(specific, "AWS_ENDPOINT_URL_" + service.EnvSuffix);
            var global = env("AWS_ENDPOINT_URL");
            if (!string.IsNullOrWhiteSpace(global)) return Parse(global, "AWS_ENDPOINT_URL");
        }
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}/");
    }

    /// <summary>True when any endpoint override applies (then a missing region defaults to us-east-1).</summary>
    public static bool HasOverride(string? explicitUrl, Func<string, string?> env) =>
        !string.IsNullOrWhiteSpace(explicitUrl) ||
        (!string.Equals(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase) &&
         KnownServices.Select(s => "AWS_ENDPOINT_URL_" + s.EnvSuffix).Append("AWS_ENDPOINT_URL").Any(k => !string.IsNullOrWhiteSpace(env(k))));

    private static readonly AwsService[] KnownServices =
        [AwsService.Ecs, AwsService.CloudWatch, AwsService.Logs, AwsService.Elbv2, AwsService.SecretsManager, AwsService.Ssm, AwsService.S3, AwsService.Ec2];

    /// <summary>Region: explicit, then <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, then <paramref name="profileRegion"/>.</summary>
    public static string? ResolveRegion(string? explicitRegion, Func<string, string?> env, string? profileRegion)
    {
        foreach (var candidate in new[] { explicitRegion, env("AWS_REGION"), env("AWS_DEFAULT_REGION"), profileRegion })
            if (!string.IsNullOrWhiteSpace(candidate)) return candidate.Trim();
        return null;
    }

    private static Uri Parse(string url, string source) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")
            ? u
            : throw new InvalidInputException(source, $"{source} '{url}' is not an absolute http(s) URL.");
}
