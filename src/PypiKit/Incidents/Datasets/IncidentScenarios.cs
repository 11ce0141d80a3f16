namespace PypiKit.Incidents.Datasets;

/// <summary>Named scenarios for the synthetic incident generator.</summary>
public static class IncidentScenarios
{
    /// <summary>
    /// The 2025-12-27 production incident as published (infrahouse terraform-aws-pypiserver plans): a CI burst of ~1,500
    /// requests (16:35:24–16:59:09 UTC) from five AWS us-west IPs (434 / 413 / 337 / 171 / 139, poetry/2.1.3 and pip/25.3)
    /// against a t3.micro (916 MB visible) running 2 × 128 MB pypiserver containers; iowait 30–84 %, si up to 6,612 KB/s,
    /// so up to 2,639 KB/s; free -m 916 total / 731 used / 59 free / 55 available / 748 MB swap used; EFS PercentIOLimit
    /// 0.8 % and BurstCreditBalance 2.3e12 bytes. Everything else (exact times, paths, latencies, the few 504s) is invented
    /// to be consistent with those figures.
    /// </summary>
    public static IncidentScenario Incident20251227 { get; } = new()
    {
        Name = "2025-12-27",
        Seed = 20251227,
        Start = new DateTimeOffset(2025, 12, 27, 16, 35, 24, TimeSpan.Zero),
        End = new DateTimeOffset(2025, 12, 27, 16, 59, 9, TimeSpan.Zero),
        Clients =
        [
            new("34.212.88.14", 434, "poetry/2.1.3"),
            new("35.165.21.203", 413, "pip/25.3"),
            new("44.230.17.96", 337, "poetry/2.1.3"),
            new("52.34.118.7", 171, "pip/25.3"),
            new("54.70.241.12", 139, "poetry/2.1.3"),
        ],
        ElbTimeouts504 = 7,
        ElbBadGateway502 = 2,
        LatencySeconds = new(0.4, 14),
        SwapInKiBs = new(0, 6612),
        SwapOutKiBs = new(0, 2639),
        SwapUsedMib = new(310, 748),
        UsedMib = new(610, 731),
        FreeMib = new(118, 59),
        AvailableMib = new(176, 55),
        IoWait = new(30, 84),
        ContainerMemoryUsedMib = new(112, 127.8),
    };

    /// <summary>
    /// A healthy-host baseline on a t3.small for counter-examples: no swap, plenty of memory, low iowait, EFS far from its
    /// limits, same client mix as 2025-12-27. Tests change one dimension to build each counter-example.
    /// </summary>
    public static IncidentScenario HealthyBaseline { get; } = Incident20251227 with
    {
        Name = "baseline",
        Seed = 7,
        InstanceType = "t3.small",
        MemoryMib = 1910,
        SwapTotalMib = 3820,
        ContainerMemoryMib = 512,
        ContainerMemoryUsedMib = new(140, 260),
        ElbTimeouts504 = 0,
        ElbBadGateway502 = 0,
        LatencySeconds = new(0.15, 0.3),
        SwapInKiBs = new(0, 0),
        SwapOutKiBs = new(0, 0),
        SwapUsedMib = new(0, 0),
        UsedMib = new(700, 820),
        FreeMib = new(700, 600),
        AvailableMib = new(1100, 990),
        IoWait = new(0, 3),
        User = new(5, 12),
        System = new(2, 5),
        CpuAtPeakFraction = 1,
        CpuUtilization = new(8, 18),
        CpuCreditStart = 280,
        CpuCreditEnd = 276,
        PercentIoLimit = new(0.2, 1.5),
        BurstCreditStart = 2.1e12,
        BurstCreditEnd = 2.09e12,
    };
}
