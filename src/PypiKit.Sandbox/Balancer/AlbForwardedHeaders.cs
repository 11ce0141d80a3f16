using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace PypiKit.Sandbox.Balancer;

/// <summary>
/// What an ALB changes on the way through, as YARP transforms of its forwarder's copy: the client's address appended to
/// <c>X-Forwarded-For</c>; <c>X-Forwarded-Proto</c> and <c>-Port</c> set to the listener's; <c>Host</c> set to the
/// balancer's own address (a client's Host never reaches a target's Location); <c>Expect: 100-continue</c> on requests
/// with a body, so a target that refuses before reading it (413, 401, 403) is heard intact; and on the reply, the
/// stickiness cookie from YARP's session affinity policy. One transformer instead of YARP's list of single-header
/// transforms: the same headers for a fraction of the work per request (bench/results/sandbox.md).
/// </summary>
internal sealed class AlbForwardedHeaders(string authority, string port, Func<string?, ISessionAffinityPolicy> affinity) : HttpTransformer
{
    public const string ForwardedFor = "X-Forwarded-For", ForwardedProto = "X-Forwarded-Proto", ForwardedPort = "X-Forwarded-Port";

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var copying = base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (!copying.IsCompletedSuccessfully) return Finish(copying, httpContext, proxyRequest);
        Apply(httpContext, proxyRequest);
        return default;
    }

    private async ValueTask Finish(ValueTask copying, HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        await copying;
        Apply(httpContext, proxyRequest);
    }

    private void Apply(HttpContext httpContext, HttpRequestMessage proxyRequest)
    {
        var headers = proxyRequest.Headers;
        var from = httpContext.Request.Headers[ForwardedFor];
        headers.Remove(ForwardedFor);
        var client = httpContext.Connection.RemoteIpAddress;
        var forwardedFor = client is null ? from : StringValues.Concat(from, (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString());
        if (forwardedFor.Count > 0) headers.TryAddWithoutValidation(ForwardedFor, (IEnumerable<string?>)forwardedFor);
        headers.Remove(ForwardedProto);
        headers.TryAddWithoutValidation(ForwardedProto, httpContext.Request.Scheme);
        headers.Remove(ForwardedPort);
        headers.TryAddWithoutValidation(ForwardedPort, port); // one listener, so one port
        headers.Remove("Host");
        headers.TryAddWithoutValidation("Host", authority);
        if (proxyRequest.Content is not null) headers.ExpectContinue = true;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copying = base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null || httpContext.Features.Get<StickyChoice>() is not { } sticky) return copying;
        return Affinitize(copying, httpContext, sticky, cancellationToken);
    }

    private async ValueTask<bool> Affinitize(ValueTask<bool> copying, HttpContext httpContext, StickyChoice sticky, CancellationToken cancellationToken)
    {
        bool proceed = await copying;
        await affinity(sticky.Config.Policy).AffinitizeResponseAsync(httpContext, sticky.Cluster, sticky.Config, sticky.Destination, cancellationToken);
        return proceed;
    }
}

/// <summary>The target a request went to under stickiness, for the reply's cookie (a request feature).</summary>
internal sealed record StickyChoice(ClusterState Cluster, SessionAffinityConfig Config, DestinationState Destination);
