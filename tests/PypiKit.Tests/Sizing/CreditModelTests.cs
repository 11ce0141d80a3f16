using PypiKit.Series;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Tests.Sizing;

public class EfsCreditModelTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 16, 0, 0, TimeSpan.Zero);

    private static TimeSeries Constant(string name, double bytesPerSecond, int points, int stepSeconds) =>
        new(name, "Bytes/Second", Enumerable.Range(0, points).Select(i => new TimePoint(T0.AddSeconds(i * stepSeconds), bytesPerSecond)).ToArray());

    [Fact]
    public void Rates_follow_the_bursting_facts()
    {
        Assert.Equal(BytesPerSecond.FromKibibytesPerSecond(500), EfsCreditModel.Baseline(Bytes.FromGibibytes(10)));
        Assert.Equal(BytesPerSecond.FromMebibytesPerSecond(100), EfsCreditModel.BurstRate(Bytes.FromGibibytes(10)));
        Assert.Equal(BytesPerSecond.FromMebibytesPerSecond(200), EfsCreditModel.BurstRate(Bytes.FromTebibytes(2)));
        Assert.Equal(2.309e12, EfsCreditModel.StartingCredits.Value, 0.001e12);
        Assert.Equal(BytesPerSecond.FromMebibytesPerSecond(2), EfsCreditModel.Metered(BytesPerSecond.FromMebibytesPerSecond(3), BytesPerSecond.FromMebibytesPerSecond(1)));
    }

    [Fact]
    public void Starting_credits_last_about_six_hours_at_full_burst_on_a_small_file_system()
    {
        var t = EfsCreditModel.TimeToDepletion(Bytes.FromGibibytes(10), BytesPerSecond.FromMebibytesPerSecond(100));
        Assert.NotNull(t);
        double expected = 2.1 * 1024 * 1024 / (100 - 500 / 1024.0); // MiB / (MiB/s)
        Assert.Equal(expected, t!.Value.TotalSeconds, 1.0);
        Assert.Null(EfsCreditModel.TimeToDepletion(Bytes.FromGibibytes(10), BytesPerSecond.FromKibibytesPerSecond(400)));
    }

    [Fact]
    public void Simulation_drains_credits_and_throttles_after_depletion()
    {
        // 1 GiB stored (baseline 50 KiB/s), 30 MiB/s of reads = 10 MiB/s metered, 1 GiB of credits.
        var sim = EfsCreditModel.Simulate(new EfsSimulationInputs
        {
            Storage = Bytes.FromGibibytes(1),
            Reads = Constant("DataReadIOBytes", 30 * Bytes.MiB, 20, 10),
            StartingCredits = Bytes.FromGibibytes(1),
        });
        double expected = Bytes.GiB / (10 * Bytes.MiB - 50 * Bytes.KiB);
        Assert.NotNull(sim.TimeToDepletion);
        Assert.Equal(expected, sim.TimeToDepletion!.Value.TotalSeconds, 0.01);
        Assert.Equal(0, sim.EndingCredits.Value);
        Assert.Equal(200 - expected, sim.ThrottledDuration.TotalSeconds, 0.01);
        Assert.Equal(21, sim.Balance.Points.Count);
        Assert.Equal(Bytes.GiB, sim.Balance.Points[0].Value);
        Assert.Equal(10 * Bytes.MiB, sim.MeanMetered.Value, 1e-6);
    }

    [Fact]
    public void Credits_accrue_below_the_baseline_up_to_the_cap()
    {
        var sim = EfsCreditModel.Simulate(new EfsSimulationInputs
        {
            Storage = Bytes.FromGibibytes(100), // baseline 5000 KiB/s
            Writes = Constant("DataWriteIOBytes", 1000 * Bytes.KiB, 7, 600),
            StartingCredits = Bytes.FromGibibytes(1),
        });
        Assert.Null(sim.DepletedAt);
        Assert.Null(sim.ProjectedTimeToDepletion);
        Assert.Equal(Bytes.GiB + 4000 * Bytes.KiB * 4200, sim.EndingCredits.Value, 1);
        var full = EfsCreditModel.Simulate(new EfsSimulationInputs { Storage = Bytes.FromGibibytes(100), Writes = Constant("w", 0, 3, 3600) });
        Assert.Equal(EfsCreditModel.StartingCredits.Value, full.EndingCredits.Value, 1);
    }

    [Fact]
    public void A_slow_drain_projects_the_time_to_depletion()
    {
        var sim = EfsCreditModel.Simulate(new EfsSimulationInputs { Storage = Bytes.FromGibibytes(1), Writes = Constant("w", 1 * Bytes.MiB, 3, 60) });
        Assert.Null(sim.DepletedAt);
        Assert.NotNull(sim.ProjectedTimeToDepletion);
        Assert.Equal(sim.EndingCredits.Value / (Bytes.MiB - 50 * Bytes.KiB), sim.ProjectedTimeToDepletion!.Value.TotalSeconds, 1);
    }

    [Fact]
    public void Costs_of_each_mode()
    {
        var elastic = EfsCreditModel.MonthlyCost(new EfsCostInputs { Mode = EfsThroughputMode.Elastic, StorageGb = 10, ReadGbPerMonth = 10, WriteGbPerMonth = 1 });
        Assert.Equal(new Usd(3.00m), elastic.Storage);
        Assert.Equal(new Usd(0.36m), elastic.Throughput);
        var bursting = EfsCreditModel.MonthlyCost(new EfsCostInputs { Mode = EfsThroughputMode.Bursting, StorageGb = 10 });
        Assert.Equal(Usd.Zero, bursting.Throughput);
        var provisioned = EfsCreditModel.MonthlyCost(new EfsCostInputs { Mode = EfsThroughputMode.Provisioned, StorageGb = 10, ProvisionedMibps = 100 });
        Assert.Equal(Math.Round(6.00m * (decimal)(100 - 10 * 50 / 1024.0), 2, MidpointRounding.AwayFromZero), provisioned.Throughput.Value);
        var ex = Assert.Throws<InvalidInputException>(() => EfsCreditModel.MonthlyCost(new EfsCostInputs { Mode = EfsThroughputMode.Provisioned }));
        Assert.Equal("efs_provisioned_throughput_in_mibps", ex.Input);
    }
}

public class CpuCreditModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Earn_rate_and_baseline_agree_with_the_catalog()
    {
        foreach (var t in InstanceCatalog.Default.All.Where(t => t.Burstable))
            Assert.Equal(t.BaselineCpu.Value, CpuCreditModel.Baseline(t).Value, 1e-9);
        var small = InstanceCatalog.Default.Get("t3.small");
        Assert.Equal(24, CpuCreditModel.EarnRate(small));
        Assert.Equal(576, CpuCreditModel.MaxBalance(small));
        Assert.Equal(TimeSpan.FromHours(6), CpuCreditModel.TimeToDepletion(small, new Percent(100), 576));
        Assert.Null(CpuCreditModel.TimeToDepletion(small, new Percent(15), 0));
        Assert.Equal("instance_type", Assert.Throws<InvalidInputException>(() => CpuCreditModel.EarnRate(InstanceCatalog.Default.Get("c6a.xlarge"))).Input);
    }

    [Fact]
    public void Standard_mode_throttles_to_the_baseline_when_credits_run_out()
    {
        var small = InstanceCatalog.Default.Get("t3.small");
        var cpu = new TimeSeries("CPUUtilization", "Percent", [new(T0, 100), new(T0.AddHours(1), 100), new(T0.AddHours(2), 100)]);
        var sim = CpuCreditModel.Simulate(small, cpu, startingBalance: 100);
        Assert.Equal(100 / 96.0 * 60, sim.TimeToDepletion!.Value.TotalMinutes, 1e-6);
        Assert.Equal(180 - 100 / 96.0 * 60, sim.ThrottledDuration.TotalMinutes, 1e-6);
        Assert.Equal(20, sim.Delivered.Points[2].Value, 1e-9);
        Assert.Equal(0, sim.EndingBalance);
    }

    [Fact]
    public void Unlimited_mode_bills_surplus_credits()
    {
        var small = InstanceCatalog.Default.Get("t3.small");
        var cpu = new TimeSeries("CPUUtilization", "Percent", [new(T0, 100), new(T0.AddHours(1), 100), new(T0.AddHours(2), 100)]);
        var sim = CpuCreditModel.Simulate(small, cpu, 100, CpuCreditMode.Unlimited);
        Assert.Equal(96 * 3 - 100, sim.SurplusCredits, 1e-6);
        Assert.Equal(Math.Round(0.05m * 188m / 60m, 4), sim.SurplusCost.Value);
        Assert.Equal(TimeSpan.Zero, sim.ThrottledDuration);
    }

    [Fact]
    public void Idle_hosts_bank_credits_up_to_24_hours_of_earnings()
    {
        var micro = InstanceCatalog.Default.Get("t3.micro");
        var cpu = new TimeSeries("CPUUtilization", "Percent", Enumerable.Range(0, 49).Select(h => new TimePoint(T0.AddHours(h), 2)).ToArray());
        var sim = CpuCreditModel.Simulate(micro, cpu);
        Assert.Equal(CpuCreditModel.MaxBalance(micro), sim.EndingBalance, 1e-9);
        Assert.Null(sim.DepletedAt);
    }
}
