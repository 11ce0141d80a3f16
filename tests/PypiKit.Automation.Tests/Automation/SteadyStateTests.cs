using PypiKit.Automation.Deployment;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The wait after <c>up</c>, driven by a scripted status source (what ECS and ELBv2 would answer, poll by poll).</summary>
public class SteadyStateTests
{
    private sealed class Scripted(params ServiceStatus[] statuses) : IServiceStatusSource
    {
        public int Polls { get; private set; }
        public Task<ServiceStatus> GetAsync(CancellationToken ct) => Task.FromResult(statuses[Math.Min(Polls++, statuses.Length - 1)]);
    }

    private sealed class Collect : IProgress<ServiceStatus>
    {
        public List<ServiceStatus> Seen { get; } = [];
        public void Report(ServiceStatus value) => Seen.Add(value);
    }

    [Fact]
    public async Task Waits_through_a_rollout_until_tasks_run_and_targets_are_healthy()
    {
        var source = new Scripted(
            new ServiceStatus(3, 0, 1, "IN_PROGRESS", 0, 0),
            new ServiceStatus(3, 3, 2, "IN_PROGRESS", 1, 3),
            new ServiceStatus(3, 3, 1, "COMPLETED", 2, 3),
            new ServiceStatus(3, 3, 1, "COMPLETED", 3, 3));
        var progress = new Collect();
        var done = await SteadyStateWaiter.WaitAsync(source, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(1), progress, ct: TestContext.Current.CancellationToken);
        Assert.True(done.Ready);
        Assert.Equal(4, source.Polls);
        Assert.Equal(4, progress.Seen.Count);
        Assert.False(progress.Seen[2].TargetsHealthy);
        Assert.True(progress.Seen[2].SteadyState);
    }

    [Fact]
    public async Task A_timeout_says_which_part_did_not_get_there()
    {
        var unhealthy = new Scripted(new ServiceStatus(2, 2, 1, "COMPLETED", 0, 2));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            SteadyStateWaiter.WaitAsync(unhealthy, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(5), ct: TestContext.Current.CancellationToken));
        Assert.Contains("0 healthy of 2 targets", ex.Message);
        Assert.DoesNotContain("steady state", ex.Message);
        Assert.True(unhealthy.Polls >= 1);

        var stuck = new Scripted(new ServiceStatus(2, 1, 2, "IN_PROGRESS", 2, 2));
        ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            SteadyStateWaiter.WaitAsync(stuck, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(5), ct: TestContext.Current.CancellationToken));
        Assert.Contains("did not reach steady state (1/2 tasks running, 2 deployment(s), rollout IN_PROGRESS)", ex.Message);
        Assert.DoesNotContain("target group", ex.Message);
    }
}
