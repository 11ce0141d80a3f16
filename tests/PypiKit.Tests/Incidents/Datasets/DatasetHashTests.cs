using System.Security.Cryptography;
using System.Text;
using PypiKit.Incidents.Datasets;

namespace PypiKit.Tests.Incidents.Datasets;

/// <summary>
/// The seeded generators write the same bytes for the same scenario and seed. The expected digests were taken from
/// the generator before it was split into one writer per format, so a change to any writer's output fails here,
/// naming each file's digest.
/// </summary>
public class DatasetHashTests
{
    /// <summary>Every branch the writers have: weighted targets, a non-burstable instance (no CPU credits), a 10 s
    /// vmstat interval, 5xx at the balancer and at the target.</summary>
    private static readonly IncidentScenario Variant = IncidentScenarios.HealthyBaseline with
    {
        Name = "variant",
        Seed = 99,
        InstanceType = "m5.large",
        Containers = 3,
        Targets = ["10.0.1.23:32768", "10.0.1.23:32771", "10.0.2.9:32770"],
        TargetWeights = [0.5, 0.3, 0.2],
        VmstatIntervalSeconds = 10,
        ElbTimeouts504 = 5,
        ElbBadGateway502 = 3,
        Target5xx = 4,
    };

    public static TheoryData<string, string> Scenarios => new()
    {
        { "incident-2025-12-27", "072d5937b4a108654ded5b0e5bf41e6ca4b18cc6c726bf5d858073794d466016" },
        { "healthy-baseline", "6c1641c0c957f1ca186635508815dd923df25428944a345e6b40714316b4a15f" },
        { "variant", "7086ad01f0d059e03f8d6b63d1e8e78b978cbc36067be5ac85ae4b7470971631" },
    };

    private static IncidentScenario Scenario(string name) => name switch
    {
        "incident-2025-12-27" => IncidentScenarios.Incident20251227,
        "healthy-baseline" => IncidentScenarios.HealthyBaseline,
        _ => Variant,
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_scenario_writes_the_same_bytes_as_before_the_split(string scenario, string expected)
    {
        using var tmp = new TempDir();
        var result = IncidentDatasetGenerator.Write(Scenario(scenario), tmp.Path);
        var perFile = result.Files.Order(StringComparer.Ordinal)
            .Select(rel => (rel, Hex(SHA256.HashData(File.ReadAllBytes(Path.Combine(tmp.Path, rel))))))
            .ToArray();
        var combined = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", perFile.Select(f => $"{f.rel} {f.Item2}")))));
        Assert.True(expected == combined,
            $"{scenario}: digest {combined}, expected {expected}; files:\n" + string.Join("\n", perFile.Select(f => $"  {f.Item2[..16]} {f.rel}")));
    }

    [Fact]
    public void The_benchmark_alb_log_writes_the_same_bytes_as_before()
    {
        using var tmp = new TempDir();
        var path = Path.Combine(tmp.Path, "alb.log");
        long n = SyntheticAlbLog.Write(path, 200_000, seed: 42, ct: TestContext.Current.CancellationToken);
        Assert.Equal(new FileInfo(path).Length, n);
        Assert.Equal("5ec2f21ef30e0a0b39391f177f02c4ebab05d19a909c5714f036f154e85d0641", Hex(SHA256.HashData(File.ReadAllBytes(path))));
    }

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);
}
