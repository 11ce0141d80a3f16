using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace PypiKit.Sandbox.Balancer;

/// <summary>Routes to healthy targets only; when none is healthy, to all of them (an ALB fails open).</summary>
internal sealed class HealthyOrAllDestinations(TargetRegistry targets) : IAvailableDestinationsPolicy
{
    public const string PolicyName = "HealthyOrAll";
    public string Name => PolicyName;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(ClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        var healthy = allDestinations.Where(d => targets.Find(d.DestinationId)?.State == TargetState.Healthy).ToArray();
        return healthy.Length > 0 ? healthy : allDestinations;
    }
}
