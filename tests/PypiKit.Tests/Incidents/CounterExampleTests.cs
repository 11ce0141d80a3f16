using PypiKit.Incidents;
using PypiKit.Incidents.Datasets;

namespace PypiKit.Tests.Incidents;

/// <summary>Incidents the tests build themselves from the healthy baseline, each with a different cause.</summary>
public class CounterExampleTests
{
    private static DiagnosisResult Diagnose(IncidentScenario scenario)
    {
        using var dir = IncidentTestData.Generate(scenario);
        return IncidentAnalyzer.Analyze(dir.Path, ParseOptions.Strict).Diagnosis;
    }

    [Fact]
    public void Efs_burst_credit_depletion_is_the_top_verdict()
    {
        var d = Diagnose(IncidentScenarios.HealthyBaseline with
        {
            Name = "efs-credits",
            BurstCreditStart = 6e11,
            BurstCreditEnd = 0,
            PercentIoLimit = new(5, 60),
            NfsRttMs = new(2, 60),
            IoWait = new(5, 45),
            LatencySeconds = new(0.3, 12),
        });
        Assert.Equal("efs-throughput", d.Top!.RuleId);
        Assert.Equal(VerdictStatus.Likely, d.Top.Status);
        Assert.Contains(d.Top.For, e => e.Metric.Contains("BurstCreditBalance (min)"));
        Assert.Contains(d.Top.For, e => e.Metric.Contains("NFS round-trip"));
        Assert.Equal(VerdictStatus.RuledOut, d.Get("memory-pressure")!.Status);
    }

    [Fact]
    public void T3_cpu_credit_exhaustion_is_the_top_verdict()
    {
        var d = Diagnose(IncidentScenarios.HealthyBaseline with
        {
            Name = "t3-credits",
            InstanceType = "t3.small",
            CpuCreditStart = 25,
            CpuCreditEnd = 0,
            CpuUtilization = new(20, 20.5),
            Steal = new(5, 55),
            User = new(15, 25),
            System = new(5, 10),
            LatencySeconds = new(0.3, 8),
        });
        Assert.Equal("cpu", d.Top!.RuleId);
        Assert.Contains("credit", d.Top.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(d.Top.For, e => e.Metric.Contains("CPUCreditBalance"));
        Assert.Contains(d.Top.For, e => e.Metric.Contains("steal"));
        Assert.Equal(VerdictStatus.RuledOut, d.Get("efs-throughput")!.Status);
    }

    [Fact]
    public void Load_pinned_to_one_target_is_the_top_verdict()
    {
        var d = Diagnose(IncidentScenarios.HealthyBaseline with
        {
            Name = "pinned",
            InstanceType = "c6a.xlarge",
            Vcpus = 4,
            MemoryMib = 7680,
            Containers = 4,
            Targets = ["10.0.1.23:32768", "10.0.1.23:32771", "10.0.2.41:32768", "10.0.2.41:32771"],
            TargetWeights = [0.88, 0.04, 0.04, 0.04],
            ContainerCpuPercent = new(20, 95),
            User = new(10, 35),
            System = new(3, 10),
            LatencySeconds = new(0.3, 6),
        });
        Assert.Equal("load-imbalance", d.Top!.RuleId);
        Assert.Contains(d.Top.For, e => e.Metric.Contains("share of requests") && e.Observed.StartsWith("10.0.1.23:32768", StringComparison.Ordinal));
    }

    [Fact]
    public void A_healthy_baseline_has_no_likely_resource_verdict()
    {
        var d = Diagnose(IncidentScenarios.HealthyBaseline);
        Assert.DoesNotContain(d.Verdicts, v => v.Status == VerdictStatus.Likely);
    }
}
