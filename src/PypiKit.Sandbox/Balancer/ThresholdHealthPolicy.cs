using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace PypiKit.Sandbox.Balancer;

/// <summary>
/// YARP active health-check policy with ALB's two thresholds (YARP's own counts failures only): each probe result goes
/// to the <see cref="TargetRegistry"/>, which applies <see cref="TargetHealth.Next"/>.
/// </summary>
internal sealed class ThresholdHealthPolicy(TargetRegistry targets, HealthCheckOptions hc) : IActiveHealthCheckPolicy
{
    public const string PolicyName = "AlbThresholds";
    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        foreach (var r in probingResults)
        {
            if (targets.Find(r.Destination.DestinationId) is not { } entry) continue;
            var (ok, reason) = r.Response is { } resp
                ? TargetHealth.Matches((int)resp.StatusCode, hc)
                    ? (true, "health check passed")
                    : (false, $"Target.ResponseCodeMismatch ({(int)resp.StatusCode})")
                : r.Exception is OperationCanceledException
                    ? (false, "Target.Timeout")
                    : (false, "Target.FailedHealthChecks: " + r.Exception?.Message);
            targets.RecordProbe(entry, ok, reason, hc);
        }
    }
}
