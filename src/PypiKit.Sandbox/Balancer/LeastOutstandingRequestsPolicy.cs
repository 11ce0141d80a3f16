using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace PypiKit.Sandbox.Balancer;

/// <summary>
/// ALB's least outstanding requests: the available target with the fewest requests in flight; ties go in turn (the scan
/// starts one further each time), where YARP's own <c>LeastRequests</c> would always give them to the first. Requests in
/// flight are the balancer's count around YARP's forwarder (<see cref="TargetEntry.Outstanding"/>): YARP keeps its own
/// count only in its route pipeline, which the balancer's request step does not run.
/// </summary>
internal sealed class LeastOutstandingRequestsPolicy(TargetRegistry targets) : ILoadBalancingPolicy
{
    public const string PolicyName = "LeastOutstandingRequestsInTurn";
    private int _turn;
    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        int n = availableDestinations.Count;
        if (n <= 1) return n == 0 ? null : availableDestinations[0];
        int start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)n);
        var best = availableDestinations[start];
        long fewest = Outstanding(best);
        for (int i = 1; i < n; i++)
        {
            var d = availableDestinations[(start + i) % n];
            long outstanding = Outstanding(d);
            if (outstanding < fewest) (best, fewest) = (d, outstanding);
        }
        return best;
    }

    /// <summary>Requests in flight to a destination's target, as the balancer counts them around YARP's forwarder.</summary>
    private long Outstanding(DestinationState d) => targets.Find(d.DestinationId) is { } entry ? Interlocked.Read(ref entry.Outstanding) : 0;
}
