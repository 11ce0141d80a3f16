using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Sizing;

public class CostModelTests
{
    [Theory]
    [InlineData("t3.small", 30.37)]   // reference SIZING.md: 2 × $0.0208/h × 730
    [InlineData("c6a.xlarge", 223.38)]
    [InlineData("c6a.2xlarge", 446.76)]
    public void Ec2_lines_match_the_reference_cost_table(string type, double usd)
    {
        Assert.Equal((decimal)usd, CostModel.Ec2Monthly(InstanceCatalog.Default.Get(type), 2).Value);
        Assert.Equal((decimal)usd, CostModel.Monthly(CostInputs.Dev(type, 2)).For("ec2").Value);
    }

    [Fact]
    public void Dev_and_prod_shapes_price_every_component()
    {
        var dev = CostModel.Monthly(CostInputs.Dev("t3.small", 2));
        var prod = CostModel.Monthly(CostInputs.Prod("t3.small", 2));
        foreach (var c in new[] { "ec2", "alb", "efs", "backup", "nat", "cloudwatch", "secrets_manager" })
        {
            Assert.True(dev.For(c) > Usd.Zero, $"dev {c}");
            Assert.True(prod.For(c) > Usd.Zero, $"prod {c}");
        }
        Assert.Equal(new Usd(16.43m), dev.Lines.First(l => l.Component == "alb").Monthly);   // 730 × $0.0225
        Assert.Equal(new Usd(32.85m), dev.Lines.First(l => l.Component == "nat").Monthly);   // 730 × $0.045
        Assert.Equal(new Usd(65.70m), prod.Lines.First(l => l.Component == "nat").Monthly);  // 2 gateways
        Assert.Equal(new Usd(0.40m), dev.For("secrets_manager"));
        Assert.True(prod.Total > dev.Total);
        Assert.Equal(dev.Lines.Aggregate(Usd.Zero, (a, l) => a + l.Monthly), dev.Total);
    }

    [Fact]
    public void Bad_cost_inputs_name_the_input()
    {
        Assert.Equal("nat_gateways", Assert.Throws<InvalidInputException>(() => CostModel.Monthly(CostInputs.Dev() with { NatGateways = -1 })).Input);
        Assert.Equal("instance_type", Assert.Throws<InvalidInputException>(() => CostModel.Monthly(CostInputs.Dev("t9.nano"))).Input);
    }

    [Fact]
    public void A_user_price_file_overrides_prices()
    {
        var prices = PriceCatalog.Default.WithOverrides(PriceCatalog.Parse("item,unit,usd\nalb_hour,per hour,0.03\n").All);
        var cost = CostModel.Monthly(CostInputs.Dev(), prices: prices);
        Assert.Equal(new Usd(21.90m), cost.Lines.First(l => l.Component == "alb").Monthly);
    }
}

public class WorkloadProfileTests
{
    [Theory]
    [InlineData("light", "t3.small", 512)]
    [InlineData("medium", "c6a.large", 512)]
    [InlineData("heavy", "c6a.xlarge", 512)]
    [InlineData("very heavy", "c6a.2xlarge", 1024)]
    [InlineData("very-heavy", "c6a.2xlarge", 1024)]
    public void Profiles_recommend_the_guide_configurations(string name, string type, long memory)
    {
        var r = WorkloadProfiles.Recommend(name);
        Assert.Equal(type, r.Plan.InstanceType);
        Assert.Equal(2, r.Plan.AsgInstanceCount);
        Assert.Equal(new Mebibytes(memory), r.Plan.ContainerMemoryMb);
        Assert.True(r.Reasons.Count >= 5);
        Assert.All(r.Reasons, s => Assert.False(string.IsNullOrWhiteSpace(s)));
        Assert.True(r.Cost.Total > Usd.Zero);
    }

    [Fact]
    public void Heavy_is_the_validated_configuration()
    {
        var r = WorkloadProfiles.Recommend("heavy");
        Assert.Equal(12, r.Plan.ActualTaskMinCount);
        Assert.Equal(48, r.Plan.TotalWorkersAtMin);
        Assert.InRange(r.BurstPrediction.P95LatencySeconds, 12.6, 15.4); // within 10 % of the measured 14 s
        Assert.Contains(r.Reasons, s => s.Contains("100 % sustained CPU"));
    }

    [Fact]
    public void Classify_picks_the_smallest_profile_that_holds_the_workload()
    {
        Assert.Equal("light", WorkloadProfiles.Classify(30, 3, 20).Name);
        Assert.Equal("medium", WorkloadProfiles.Classify(100, 10, 100).Name);
        Assert.Equal("heavy", WorkloadProfiles.Classify(300, 30, 300).Name);
        Assert.Equal("very-heavy", WorkloadProfiles.Classify(1000, 10, 10).Name);
        Assert.Equal("profile", Assert.Throws<InvalidInputException>(() => WorkloadProfiles.Get("huge")).Input);
    }
}

public class SizingSweepTests
{
    [Fact]
    public void Default_sweep_covers_every_type_and_memory()
    {
        var result = SizingSweep.Run(new SweepOptions());
        Assert.Equal(7 * 4, result.Rows.Count);
        var tested = result.Find("c6a.xlarge", 512)!;
        Assert.Equal(12, tested.TaskMinCount);
        Assert.Equal(48, tested.TotalWorkers);
        Assert.Equal(LimitingFactor.Cpu, tested.LimitingFactor);
        Assert.Equal(new Usd(223.38m), tested.Ec2MonthlyUsd);
        Assert.Equal(48 / LatencyCalibration.ReferenceServiceTimeSeconds, tested.SaturationThroughputRps, 1e-9);
        Assert.Equal("t3.small", result.Rows[0].InstanceType);
        Assert.Equal(256, result.Rows[0].ContainerMemoryMb.Value);
        // More workers never predict a slower p95 at the same concurrency.
        var big = result.Find("c6a.2xlarge", 512)!;
        Assert.True(big.PredictedP95Seconds < tested.PredictedP95Seconds);
        Assert.NotNull(result.CheapestMeeting(20));
    }

    [Fact]
    public void Unknown_types_and_bad_options_name_the_input()
    {
        Assert.Equal("instance_type", Assert.Throws<InvalidInputException>(() => SizingSweep.Run(new SweepOptions { InstanceTypes = ["t9.nano"] })).Input);
        Assert.Equal("container_memory", Assert.Throws<InvalidInputException>(() => SizingSweep.Run(new SweepOptions { ContainerMemories = [64] })).Input);
    }
}
