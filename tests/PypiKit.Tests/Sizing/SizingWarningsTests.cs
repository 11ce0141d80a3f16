using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Sizing;

public class SizingWarningsTests
{
    [Fact]
    public void A_demand_far_beyond_every_profile_is_said_plainly()
    {
        var profile = WorkloadProfiles.Classify(100_000, 100_000, 1_000_000);
        var rec = WorkloadProfiles.Recommend(profile, demandPerMinute: 1_000_000);

        var w = Assert.Single(rec.Warnings, w => w.Code == SizingWarning.DemandNotMet);
        Assert.Contains("16,667 req/s", w.Message);
        Assert.Contains("no configuration", w.Message);
        Assert.Null(w.Fix);
        Assert.True(rec.BurstPrediction.SaturationThroughputRps < 1_000_000 / 60.0);
    }

    [Fact]
    public void A_demand_the_profile_serves_gives_no_demand_warning()
    {
        var rec = WorkloadProfiles.Recommend(WorkloadProfiles.Heavy, demandPerMinute: 300);
        Assert.DoesNotContain(rec.Warnings, w => w.Code == SizingWarning.DemandNotMet);
        Assert.Equal(300, rec.DemandPerMinute);
    }

    [Fact]
    public void A_demand_beyond_the_profile_names_a_configuration_that_serves_it()
    {
        // Heavy serves 48 workers / 1.127 s ≈ 42.6 req/s at saturation; 120 req/s needs about three times the workers.
        var rec = WorkloadProfiles.Recommend(WorkloadProfiles.Heavy, demandPerMinute: 120 * 60);
        var w = Assert.Single(rec.Warnings, w => w.Code == SizingWarning.DemandNotMet);
        Assert.NotNull(w.Fix);
        var found = WorkloadProfiles.FindConfiguration(WorkloadProfiles.Heavy.BurstClients, 120, WorkloadProfiles.Heavy.ExpectedBurstP95Seconds);
        Assert.NotNull(found);
        Assert.True(found!.Prediction.SaturationThroughputRps >= 120);
        Assert.True(found.Prediction.P95LatencySeconds <= WorkloadProfiles.Heavy.ExpectedBurstP95Seconds);
        Assert.Equal(SizingCommandLine.For(found.Inputs), w.Fix);
    }

    [Fact]
    public void A_profile_whose_own_p95_misses_its_target_says_so()
    {
        var rec = WorkloadProfiles.Recommend(WorkloadProfiles.Light);
        Assert.True(rec.BurstPrediction.P95LatencySeconds > WorkloadProfiles.Light.ExpectedBurstP95Seconds);
        Assert.Contains(rec.Warnings, w => w.Code == SizingWarning.LatencyTargetMissed);
    }

    [Fact]
    public void Efs_demand_above_the_burst_rate_warns_and_names_the_provisioned_rate()
    {
        var size = Bytes.FromGibibytes(10);
        var metered = EfsCreditModel.Metered(BytesPerSecond.FromMebibytesPerSecond(300), BytesPerSecond.FromMebibytesPerSecond(50));
        var w = Assert.Single(EfsThroughputCheck.Warnings(size, metered, EfsCreditModel.StartingCredits));
        Assert.Contains("exceeds the bursting burst rate", w.Message);
        Assert.EndsWith("--provisioned-mibps 150", w.Fix);
    }

    [Fact]
    public void Efs_demand_between_baseline_and_burst_rate_warns_of_credit_depletion_and_below_the_baseline_does_not()
    {
        var size = Bytes.FromGibibytes(10); // baseline 500 KiB/s
        var above = Assert.Single(EfsThroughputCheck.Warnings(size, BytesPerSecond.FromMebibytesPerSecond(1), EfsCreditModel.StartingCredits));
        Assert.Contains("baseline", above.Message);
        Assert.Empty(EfsThroughputCheck.Warnings(size, BytesPerSecond.FromKibibytesPerSecond(400), EfsCreditModel.StartingCredits));
    }

    [Fact]
    public void Elastic_bytes_per_month_follow_the_steady_rate()
    {
        // 1 MiB/s for 730 h = 1,048,576 B × 2,628,000 s ≈ 2,755.7 GB.
        Assert.Equal(2755.7, EfsThroughputCheck.GbPerMonth(BytesPerSecond.FromMebibytesPerSecond(1)), 1);
    }
}
