using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.SessionAffinity;

namespace PypiKit.Sandbox.Balancer;

/// <summary>The request path: one step that asks YARP's state and policies for a target and hands the exchange to YARP's forwarder.</summary>
public sealed partial class LoadBalancer
{
    /// <summary>
    /// Every request (the step is terminal: <paramref name="next"/> is never called), in the order YARP's proxy pipeline
    /// takes them: <c>/_sandbox/stats</c>; refuse what an ALB refuses; the available targets (YARP's cluster state, kept
    /// by the health policies); the sticky target if the request names one (YARP's session affinity policy, its failure
    /// policy otherwise); else YARP's load-balancing policy; YARP's forwarder with <see cref="AlbForwardedHeaders"/>;
    /// YARP's passive health policy. Without stickiness, a request has no async step of its own before the forwarder's.
    /// </summary>
    private Task BalanceAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ctx.Request;
        if (request.Path.Value == StatsPath && HttpMethods.IsGet(request.Method)) return ServeStatsAsync(ctx);
        Interlocked.Increment(ref _requests);
        bool controlCharacters = BalancerReplies.HasControlCharacters(request.Path.Value);
        if (controlCharacters || (Options.MaxRequestBodyBytes is { } max && request.ContentLength > max))
            return RefuseAsync(ctx, controlCharacters);
        if (!_state.TryGetCluster(ClusterId, out var cluster))
            return FailAsync(ctx, null, StatusCodes.Status503ServiceUnavailable, ForwarderError.NoAvailableDestinations);
        var available = cluster.DestinationsState.AvailableDestinations;
        if (cluster.Model.Config.SessionAffinity is { Enabled: true } affinity) return StickyAsync(ctx, cluster, available, affinity);
        return ForwardAsync(ctx, cluster, Pick(ctx, cluster, available));
    }

    /// <summary>
    /// The sticky target when the request's cookie names an available one; otherwise what the affinity failure policy
    /// says, then load balancing. The reply's cookie is set by <see cref="AlbForwardedHeaders"/>, from the choice recorded
    /// here.
    /// </summary>
    private async Task StickyAsync(HttpContext ctx, ClusterState cluster, IReadOnlyList<DestinationState> available, SessionAffinityConfig affinity)
    {
        var found = await _yarp.Affinity(affinity.Policy).FindAffinitizedDestinationsAsync(ctx, cluster, affinity, available, ctx.RequestAborted);
        DestinationState? destination;
        if (found.Status == AffinityStatus.OK) destination = found.Destinations![0];
        else if (found.Status == AffinityStatus.AffinityKeyNotSet || await _yarp.AffinityFailure(affinity.FailurePolicy).Handle(ctx, cluster, found.Status))
            destination = Pick(ctx, cluster, available);
        else return; // the failure policy answered the request itself
        if (destination is not null) ctx.Features.Set(new StickyChoice(cluster, affinity, destination));
        await ForwardAsync(ctx, cluster, destination);
    }

    private DestinationState? Pick(HttpContext ctx, ClusterState cluster, IReadOnlyList<DestinationState> available) => available.Count switch
    {
        0 => null,
        1 => available[0],
        _ => _yarp.Balancing(cluster.Model.Config.LoadBalancingPolicy).PickDestination(ctx, cluster, available),
    };

    /// <summary>YARP's forwarder to <paramref name="destination"/>, counted for its target; a failure is counted, may eject the target, and gets a text body.</summary>
    private async Task ForwardAsync(HttpContext ctx, ClusterState cluster, DestinationState? destination)
    {
        if (destination is null)
        {
            await FailAsync(ctx, null, StatusCodes.Status503ServiceUnavailable, ForwarderError.NoAvailableDestinations);
            return;
        }
        var entry = _targets.Find(destination.DestinationId);
        if (entry is not null)
        {
            Interlocked.Increment(ref entry.Requests);
            Interlocked.Increment(ref entry.Outstanding);
        }
        var model = cluster.Model;
        ForwarderError error;
        try { error = await _yarp.Forwarder.SendAsync(ctx, destination.Model.Config.Address, model.HttpClient, model.Config.HttpRequest ?? ForwarderRequestConfig.Empty, _headers); }
        finally { if (entry is not null) Interlocked.Decrement(ref entry.Outstanding); }
        var status = ctx.Response.StatusCode;
        entry?.CountStatus(status);
        if (error == ForwarderError.None) return;
        if (model.Config.HealthCheck?.Passive is { Enabled: true } passive) _yarp.Passive(passive.Policy).RequestProxied(ctx, cluster, destination);
        await FailAsync(ctx, entry, status, error);
    }

    /// <summary>Counts a failed exchange (unless the client caused it) and gives YARP's bodiless error reply a text body.</summary>
    private Task FailAsync(HttpContext ctx, TargetEntry? entry, int status, ForwarderError error)
    {
        if (!BalancerReplies.IsClientSide(error))
        {
            if (entry is not null) Interlocked.Increment(ref entry.Failures);
            Interlocked.Increment(ref _failures);
        }
        if (ctx.Response.HasStarted || !string.IsNullOrEmpty(ctx.Response.ContentType)) return Task.CompletedTask;
        return BalancerReplies.WriteAsync(ctx, status, BalancerReplies.Describe(error, status, Options.MaxRequestBodyBytes));
    }

    /// <summary>The balancer's own reply to a request the guard refused: 400 for control characters, else 413.</summary>
    private Task RefuseAsync(HttpContext ctx, bool controlCharacters)
    {
        Interlocked.Increment(ref _failures);
        if (controlCharacters)
            return BalancerReplies.WriteAsync(ctx, StatusCodes.Status400BadRequest, "Bad Request: control characters in the request target.");
        return BalancerReplies.WriteAsync(ctx, StatusCodes.Status413PayloadTooLarge,
            $"Request body too large: {ctx.Request.ContentLength} bytes, the limit is {Options.MaxRequestBodyBytes} bytes.", close: true);
    }

    /// <summary>The YARP services the request step uses, with its policies by the names cluster configs give them.</summary>
    private sealed class YarpParts(IServiceProvider services)
    {
        private readonly Dictionary<string, ILoadBalancingPolicy> _balancing = services.GetServices<ILoadBalancingPolicy>().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ISessionAffinityPolicy> _affinity = services.GetServices<ISessionAffinityPolicy>().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, IAffinityFailurePolicy> _affinityFailure = services.GetServices<IAffinityFailurePolicy>().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, IPassiveHealthCheckPolicy> _passive = services.GetServices<IPassiveHealthCheckPolicy>().ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        public IHttpForwarder Forwarder { get; } = services.GetRequiredService<IHttpForwarder>();
        public ILoadBalancingPolicy Balancing(string? name) => _balancing[name ?? LoadBalancingPolicies.PowerOfTwoChoices];
        public ISessionAffinityPolicy Affinity(string? name) => _affinity[name ?? SessionAffinityConstants.Policies.HashCookie];
        public IAffinityFailurePolicy AffinityFailure(string? name) => _affinityFailure[name ?? SessionAffinityConstants.FailurePolicies.Redistribute];
        public IPassiveHealthCheckPolicy Passive(string? name) => _passive[name ?? HealthCheckConstants.PassivePolicy.TransportFailureRate];
    }
}
