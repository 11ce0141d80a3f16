using PypiKit.Sandbox.Balancer;

namespace PypiKit.Sandbox.Tests.Balancer;

public class TargetHealthTests
{
    private static readonly HealthCheckOptions Hc = new() { HealthyThreshold = 3, UnhealthyThreshold = 2 };

    [Theory]
    [InlineData(TargetState.Healthy, 0, 1, TargetState.Healthy)]     // one failure is not enough
    [InlineData(TargetState.Healthy, 0, 2, TargetState.Unhealthy)]   // unhealthy threshold reached
    [InlineData(TargetState.Unhealthy, 2, 0, TargetState.Unhealthy)] // two successes of three
    [InlineData(TargetState.Unhealthy, 3, 0, TargetState.Healthy)]   // healthy threshold reached
    [InlineData(TargetState.Initial, 1, 0, TargetState.Initial)]
    [InlineData(TargetState.Initial, 3, 0, TargetState.Healthy)]
    [InlineData(TargetState.Initial, 0, 2, TargetState.Unhealthy)]
    public void Next_applies_both_ALB_thresholds(TargetState current, int ok, int fail, TargetState expected) =>
        Assert.Equal(expected, TargetHealth.Next(current, ok, fail, Hc));

    [Fact]
    public void An_ejected_target_returns_only_after_the_healthy_threshold_of_passing_probes()
    {
        var registry = new TargetRegistry();
        var t = new TargetEntry("a", "http://127.0.0.1:1/", TargetState.Healthy);
        registry.Add(t);
        registry.RecordProbe(t, ok: true, "passed", Hc);
        Assert.True(registry.Eject(t, "Target.ConnectionFailed"));
        Assert.Equal(TargetState.Unhealthy, t.State);
        registry.RecordProbe(t, ok: true, "passed", Hc);
        registry.RecordProbe(t, ok: true, "passed", Hc);
        Assert.Equal(TargetState.Unhealthy, t.State); // the success before the ejection does not count
        registry.RecordProbe(t, ok: true, "passed", Hc);
        Assert.Equal(TargetState.Healthy, t.State);
        Assert.Equal([(TargetState.Healthy, TargetState.Unhealthy), (TargetState.Unhealthy, TargetState.Healthy)],
            registry.Changes.Select(c => (c.From, c.To)));
    }

    [Fact]
    public void A_replacement_starts_initial_and_counts_a_restart()
    {
        var registry = new TargetRegistry();
        var t = new TargetEntry("a", "http://127.0.0.1:1/", TargetState.Unhealthy);
        registry.Add(t);
        registry.Replace(t, "http://127.0.0.1:2/");
        Assert.Equal((TargetState.Initial, 1L, "http://127.0.0.1:2"), (t.State, t.Snapshot().Restarts, t.Snapshot().Url));
    }
}
