using Amazon.Runtime;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// Settings shared by every AWS SDK client PypiKit builds (S3, SSM, EC2): the session's region, endpoint (an override
/// such as moto goes in <see cref="ClientConfig.ServiceURL"/>), request timeout and retry budget, and the mapping of the
/// SDK's exceptions onto <see cref="AwsServiceException"/> so callers see one error type for SDK and hand-written clients.
/// </summary>
internal static class SdkClientConfig
{
    /// <summary>Fills <paramref name="config"/> from <paramref name="session"/>; returns true when an endpoint override is used.</summary>
    public static bool Apply(ClientConfig config, AwsSession session, AwsService service)
    {
        var endpoint = session.EndpointFor(service);
        config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(session.Region);
        config.MaxErrorRetry = session.Options.MaxAttempts - 1;
        config.Timeout = session.Options.RequestTimeout;
        var overridden = !endpoint.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal) &&
                         !endpoint.Host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal);
        if (overridden)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = session.Region;
        }
        return overridden;
    }

    /// <summary>Runs an SDK call; its service errors become <see cref="AwsServiceException"/> (same code, status and message).</summary>
    public static async Task<T> CallAsync<T>(AwsService service, string operation, Func<Task<T>> call, CancellationToken ct)
    {
        try { return await call().ConfigureAwait(false); }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0 || ex.ErrorCode is not null)
        {
            throw new AwsServiceException(service.Name, operation, (int)ex.StatusCode, ex.ErrorCode ?? $"Http{(int)ex.StatusCode}", ex.Message, ex.RequestId);
        }
        catch (AmazonServiceException ex) when (ex.InnerException is HttpRequestException or IOException)
        {
            throw new HttpRequestException($"{service.Name} {operation}: {ex.InnerException.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{service.Name} {operation} timed out after {ex.Message}", ex);
        }
    }
}
