using PypiKit.Sizing;
using PypiKit.Sizing.Model;

namespace PypiKit.Tests.Sizing;

public class ReferenceReadingsTests
{
    [Fact]
    public void The_sticky_reading_fits_the_observed_cpu_and_the_even_one_cannot()
    {
        var r = ReferenceReadings.Read();
        var run = ReferenceRun.Default;
        // A: 48 workers, S fitted to the burst throughput: the existing calibration's 1.127 s.
        Assert.Equal(LatencyCalibration.ReferenceServiceTimeSeconds, r.EvenlyRouted.ImpliedServiceSeconds, 0.002);
        // B: 4 saturated workers: X = 4 / S.
        Assert.Equal(4 / run.BurstThroughputRps, r.Sticky.ImpliedServiceSeconds, 1e-4);
        // 380 % on one of 12 containers sharing 8 vCPUs is impossible (at most 4 / 6 = 67 %); on the only busy container of a 4-vCPU host it is not.
        Assert.Equal(400.0 / 6, r.EvenlyRouted.MaxContainerCpuPercent, 6);
        Assert.False(r.EvenlyRouted.CpuConsistent);
        Assert.True(r.Sticky.CpuConsistent);
        Assert.Equal(3.8, r.Sticky.ImpliedCoresBusy, 6);
        Assert.Equal(3.8 / run.BurstThroughputRps, r.Sticky.ImpliedCpuSecondsPerRequest, 9);
        Assert.StartsWith("B: one sticky task fits better", r.Verdict, StringComparison.Ordinal);
        // Both readings are fitted to the throughput, so only the p95 and the CPU can tell them apart: both p95s are near 14 s.
        Assert.InRange(r.EvenlyRouted.PredictedP95Seconds, 12, 16);
        Assert.InRange(r.Sticky.PredictedP95Seconds, 11, 16);
    }
}
