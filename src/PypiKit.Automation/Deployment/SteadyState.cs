using PypiKit.Telemetry.Aws;

namespace PypiKit.Automation.Deployment;

/// <summary>What the service and its target group report at one moment.</summary>
/// <param name="DesiredTasks">The service's desired count.</param>
/// <param name="RunningTasks">Tasks running.</param>
/// <param name="Deployments">ECS deployments still listed (1 once a rollout has finished).</param>
/// <param name="RolloutState">The primary deployment's rollout state (COMPLETED, IN_PROGRESS, FAILED), when ECS reports it.</param>
/// <param name="HealthyTargets">Targets the load balancer reports healthy.</param>
/// <param name="Targets">All registered targets.</param>
public sealed record ServiceStatus(int DesiredTasks, int RunningTasks, int Deployments, string? RolloutState, int HealthyTargets, int Targets)
{
    /// <summary>ECS's own definition: one deployment, rollout completed (when reported), every desired task running.</summary>
    public bool SteadyState => Deployments == 1 && RolloutState is null or "COMPLETED" && RunningTasks == DesiredTasks && DesiredTasks > 0;

    /// <summary>At least one target, and at least as many healthy ones as desired tasks.</summary>
    public bool TargetsHealthy => HealthyTargets > 0 && HealthyTargets >= DesiredTasks;

    public bool Ready => SteadyState && TargetsHealthy;

    public override string ToString() =>
        $"tasks {RunningTasks}/{DesiredTasks} running, {Deployments} deployment(s){(RolloutState is null ? "" : $" ({RolloutState})")}, targets {HealthyTargets}/{Targets} healthy";
}

/// <summary>Where the status comes from (AWS in production; a scripted sequence in tests).</summary>
public interface IServiceStatusSource
{
    Task<ServiceStatus> GetAsync(CancellationToken ct);
}

/// <summary>The status from ECS <c>DescribeServices</c> and ELBv2 <c>DescribeTargetHealth</c> (the stack outputs name the three).</summary>
public sealed class AwsServiceStatusSource(EcsClient ecs, Elbv2Client elbv2, string cluster, string service, string targetGroupArn) : IServiceStatusSource
{
    public async Task<ServiceStatus> GetAsync(CancellationToken ct)
    {
        var described = await ecs.DescribeServicesAsync(cluster, [service], ct);
        var s = described.Items.FirstOrDefault() ?? throw new InvalidOperationException($"ECS service {service} not found in cluster {cluster}");
        var primary = s.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY");
        var targets = await elbv2.DescribeTargetHealthAsync(targetGroupArn, ct);
        return new ServiceStatus(s.DesiredCount, s.RunningCount, s.Deployments?.Count ?? 0, primary?.RolloutState,
            targets.Count(t => t.State == "healthy"), targets.Count);
    }
}

/// <summary>
/// After <c>up</c>: polls until the ECS service is in steady state and the target group reports healthy targets, at
/// most <c>timeout</c>, reporting each status; a timeout names what did not get there.
/// </summary>
public static class SteadyStateWaiter
{
    public static async Task<ServiceStatus> WaitAsync(IServiceStatusSource source, TimeSpan timeout, TimeSpan interval,
        IProgress<ServiceStatus>? progress = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        var time = clock ?? TimeProvider.System;
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var status = await source.GetAsync(ct);
            progress?.Report(status);
            if (status.Ready) return status;
            if (time.GetUtcNow() + interval > deadline)
            {
                var missing = new List<string>();
                if (!status.SteadyState) missing.Add($"the ECS service did not reach steady state ({status.RunningTasks}/{status.DesiredTasks} tasks running, {status.Deployments} deployment(s){(status.RolloutState is null ? "" : ", rollout " + status.RolloutState)})");
                if (!status.TargetsHealthy) missing.Add($"the target group has {status.HealthyTargets} healthy of {status.Targets} targets (needs {Math.Max(1, status.DesiredTasks)})");
                throw new TimeoutException($"after {timeout.TotalMinutes:0.#} min: " + string.Join("; ", missing));
            }
            await Task.Delay(interval, time, ct);
        }
    }
}
