using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace PypiKit.Sandbox.Balancer;

/// <summary>
/// YARP passive health policy: a target whose connection failed (refused, reset before the reply, closed mid-reply) is
/// ejected at once, before that reply reaches its client, so each client meets a dead target at most once; it returns
/// when active probes pass <see cref="HealthCheckOptions.HealthyThreshold"/> times. Timeouts and client-side errors do
/// not eject.
/// </summary>
internal sealed class ConnectionFailureEjection(TargetRegistry targets) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "EjectOnConnectionFailure";
    public string Name => PolicyName;

    public static bool IsConnectionFailure(ForwarderError error) => error is ForwarderError.Request or ForwarderError.ResponseBodyDestination;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.GetForwarderErrorFeature() is not { } failure || !IsConnectionFailure(failure.Error)) return;
        if (targets.Find(destination.DestinationId) is { } entry)
            targets.Eject(entry, $"Target.ConnectionFailed ({failure.Error}: {failure.Exception?.GetBaseException().Message})");
    }
}
