using System.Globalization;
using PypiKit.Burst;
using PypiKit.Incidents;
using PypiKit.Sandbox.Lab;
using PypiKit.Sizing;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// A real lab folder (an in-process sandbox on 127.0.0.1, a short burst, /proc sampled beside it, written by the lab's
/// own report writer) analysed as an incident: the host samples kept in lab.json and the burst's figures reach the rules.
/// </summary>
[Trait("Category", "Slow")]
public class BurstFolderLabTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public async Task A_lab_folder_is_diagnosed_from_its_burst_and_its_host_samples()
    {
        using var temp = new TempDir("pypikit-lab-incident-");
        var dir = temp.Path;
        var lab = await LabRunner.RunAsync(new LabOptions
        {
            Plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", ContainerMemory = new(512) }),
            SandboxInstances = 2,
            Profile = BurstProfiles.Resolve("production_incident-local"),
            DurationSeconds = 4,
            Versions = 1,
            InProcess = true,
            OutDirectory = dir,
        }, null, TestContext.Current.CancellationToken);
        Assert.Null(lab.Burst.Host); // the lab keeps its samples in lab.json, not in the burst result

        var a = IncidentAnalyzer.Analyze(lab.Folder, ct: TestContext.Current.CancellationToken);

        var run = Assert.Single(a.Data.ClientRuns);
        Assert.Equal(lab.Burst.TotalRequests, run.Result.TotalRequests);
        Assert.Equal(lab.Host.Host.SwapIn.Points.Count, a.Data.Timeline.Get("vmstat.si")!.Points.Count);
        Assert.Equal(lab.Host.Host.MemAvailable.Points.Count, a.Data.Timeline.Get("meminfo.MemAvailable")!.Points.Count);
        Assert.Equal(lab.Host.Host.MemAvailable.Points[0].Value / (1024 * 1024), a.Data.Timeline.Get("meminfo.MemAvailable")!.Points[0].Value, 6);
        var client = a.Diagnosis.Get("client-burst")!;
        Assert.Contains(client.For, e => e.Metric == "requests measured by the load generator"
                                         && e.Observed.StartsWith($"{lab.Burst.TotalRequests.ToString("N0", Inv)} ({lab.Burst.FailedRequests.ToString("N0", Inv)} failed)", StringComparison.Ordinal));
        Assert.Contains(client.For, e => e.Metric == "p95 latency of successful requests" && e.Observed.StartsWith($"{lab.Burst.LatencyP95.ToString("0.0", Inv)} ms", StringComparison.Ordinal));
        var memory = a.Diagnosis.Get("memory-pressure")!;
        Assert.NotEqual(VerdictStatus.NoData, memory.Status);
        Assert.Contains(memory.For.Concat(memory.Against), e => e.Metric == "swap-in (si) peak" && e.Source == "vmstat.si");
    }
}
