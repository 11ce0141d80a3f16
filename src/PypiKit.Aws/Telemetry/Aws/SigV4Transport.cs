using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Identity;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;

namespace PypiKit.Telemetry.Aws;

/// <summary>A raw HTTP answer from an AWS endpoint.</summary>
internal sealed record AwsHttpResponse(int StatusCode, byte[] Body, string? ContentType, string? RequestId, string? ErrorTypeHeader);

/// <summary>
/// Signs a POST with SigV4 (AWSSDK.Core's <see cref="AWS4Signer"/>) and sends it. Adds <c>X-Amz-Security-Token</c>
/// itself for temporary credentials, because the signer alone does not.
/// </summary>
internal static class SigV4Transport
{
    private static readonly AWS4Signer Signer = new();

    public static async Task<AwsHttpResponse> PostAsync(AwsSession session, AwsService service, byte[] body, string contentType,
        IReadOnlyDictionary<string, string> extraHeaders, CancellationToken ct)
    {
        var endpoint = session.EndpointFor(service);
        var credentials = await session.GetCredentialsAsync().ConfigureAwait(false);

        var request = new DefaultRequest(new RawRequest(), service.Name)
        {
            HttpMethod = "POST",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = endpoint.AbsolutePath,
            Content = body,
            AuthenticationRegion = session.Region,
            OverrideSigningServiceName = service.SigningName,
        };
        request.Headers["Content-Type"] = contentType;
        foreach (var (k, v) in extraHeaders) request.Headers[k] = v;
        BaseIdentity identity = new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey);
        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
            identity = new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token);
        }
        Signer.Sign(request, new SigningConfig(endpoint, session.Region, service.SigningName), new RequestMetrics(), identity);

        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        message.Content = content;
        foreach (var (k, v) in request.Headers)
        {
            if (k.Equals("Host", StringComparison.OrdinalIgnoreCase) || k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ||
                k.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            message.Headers.TryAddWithoutValidation(k, v);
        }

        HttpResponseMessage response;
        try { response = await session.Http.SendAsync(message, ct).ConfigureAwait(false); }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{service.Name} request to {endpoint.Host} timed out after {session.Options.RequestTimeout.TotalSeconds:0} s.", ex);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            string? First(string name) => response.Headers.TryGetValues(name, out var vs) ? vs.FirstOrDefault() : null;
            return new AwsHttpResponse((int)response.StatusCode, bytes, response.Content.Headers.ContentType?.MediaType,
                First("x-amzn-RequestId") ?? First("x-amz-request-id"), First("x-amzn-ErrorType"));
        }
    }

    /// <summary>Removes the access key, secret and token from text that came back from a server.</summary>
    public static string Redact(string text, ImmutableCredentials? credentials)
    {
        if (credentials is null || string.IsNullOrEmpty(text)) return text;
        foreach (var secret in new[] { credentials.SecretKey, credentials.Token, credentials.AccessKey })
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    private sealed class RawRequest : AmazonWebServiceRequest;

    /// <summary>The minimum <see cref="ClientConfig"/> the signer reads: endpoint, region and signing name.</summary>
    private sealed class SigningConfig : ClientConfig
    {
        public SigningConfig(Uri endpoint, string region, string signingName)
            : base(new DefaultConfigurationProvider(new IDefaultConfiguration[]
            {
                new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard },
            }))
        {
            ServiceURL = endpoint.ToString();
            AuthenticationRegion = region;
            AuthenticationServiceName = signingName;
        }

        public override string ServiceVersion => "1";
        public override string UserAgent => "pypikit";
        public override string RegionEndpointServiceName => AuthenticationServiceName;
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
    }
}
