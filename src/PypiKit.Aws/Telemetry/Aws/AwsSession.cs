using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Polly;
using Polly.Retry;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// Resolved AWS context shared by PypiKit's clients: region, credentials provider, endpoints, one HttpClient and the
/// retry pipeline. Create one per target account/region and dispose it when done.
/// </summary>
public sealed class AwsSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly Func<string, string?> _env;

    private AwsSession(AwsOptions options, string region, AWSCredentials credentials, HttpClient http, Func<string, string?> env)
    {
        Options = options;
        Region = region;
        Credentials = credentials;
        _http = http;
        _env = env;
        Retry = options.MaxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsServiceException>(e => e.IsRetryable)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>(),
            })
            .Build();
    }

    public AwsOptions Options { get; }
    public string Region { get; }

    /// <summary>The credentials provider (refreshing where the SDK's provider refreshes: SSO, assume-role, container, IMDS).</summary>
    public AWSCredentials Credentials { get; }

    internal ResiliencePipeline Retry { get; }
    internal HttpClient Http => _http;

    /// <summary>Endpoint of <paramref name="service"/> for this session.</summary>
    public Uri EndpointFor(AwsService service) => AwsEndpoints.Resolve(service, Region, Options.EndpointUrl, _env);

    /// <summary>
    /// Resolves region and credentials. <paramref name="environment"/> defaults to the process environment; it is only
    /// used for region and endpoint lookup (the SDK's credential chain always reads the process environment).
    /// </summary>
    public static AwsSession Create(AwsOptions? options = null, HttpMessageHandler? handler = null, Func<string, string?>? environment = null)
    {
        options = (options ?? new AwsOptions()).Validate();
        var env = environment ?? Environment.GetEnvironmentVariable;
        var profileFromEnv = options.Profile is null ? NullIfEmpty(env("AWS_PROFILE")) : null;
        var profileName = options.Profile ?? profileFromEnv;
        var profileSource = options.Profile is not null ? "profile" : "AWS_PROFILE";

        string? profileRegion = null;
        CredentialProfile? profile = null;
        var chain = new CredentialProfileStoreChain();
        if (profileName is not null)
        {
            if (!chain.TryGetProfile(profileName, out profile))
                throw new InvalidInputException(profileSource, options.Profile is not null
                    ? $"AWS profile '{profileName}' was not found in the shared config or credentials file."
                    : $"AWS profile '{profileName}' (from AWS_PROFILE) was not found in the shared config or credentials file.");
            profileRegion = profile.Region?.SystemName;
        }
        else if (chain.TryGetProfile("default", out var def)) profileRegion = def.Region?.SystemName;

        var region = AwsEndpoints.ResolveRegion(options.Region, env, profileRegion)
                     ?? (AwsEndpoints.HasOverride(options.EndpointUrl, env) ? "us-east-1" : null)
                     ?? throw new InvalidInputException("region", "No AWS region: pass --region, set AWS_REGION, or set region in the profile.");

        AWSCredentials credentials;
        if (options.Credentials is not null) credentials = options.Credentials;
        else if (options.Profile is not null && profile is not null)
        {
            try
            {
                if (!chain.TryGetAWSCredentials(options.Profile, out credentials))
                    throw new AwsConfigurationException($"AWS profile '{options.Profile}' has no usable credentials.");
            }
            catch (Exception ex) when (ex is not AwsConfigurationException)
            {
                throw new AwsConfigurationException($"AWS profile '{options.Profile}' could not give credentials: {FirstLine(ex.Message)}", ex);
            }
        }
        else
        {
            try { credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(); }
            catch (Exception ex) { throw new AwsConfigurationException("No AWS credentials found (environment, web identity, shared profile, SSO, assume-role, container, instance metadata were tried). " + FirstLine(ex.Message), ex); }
        }

        var http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: handler is null)
        {
            Timeout = options.RequestTimeout,
        };
        return new AwsSession(options, region, credentials, http, env);
    }

    /// <summary>Current immutable credentials (refreshes if the provider needs to).</summary>
    public async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        try { return await Credentials.GetCredentialsAsync().ConfigureAwait(false); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new AwsConfigurationException("AWS credentials could not be resolved: " + FirstLine(ex.Message), ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
