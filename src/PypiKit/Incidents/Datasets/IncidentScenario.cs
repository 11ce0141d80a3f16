namespace PypiKit.Incidents.Datasets;

/// <summary>A metric's value when the host is calm (stress 0) and at the incident's peak (stress 1); linear between.</summary>
public readonly record struct Span2(double Calm, double Peak)
{
    public double At(double stress) => Calm + (Peak - Calm) * stress;
    public static implicit operator Span2(double constant) => new(constant, constant);
}

/// <summary>One client of the synthetic ALB log: its IP, how many requests it sends, its user agent.</summary>
public sealed record ClientSpec(string Ip, int Requests, string UserAgent);

/// <summary>
/// The knobs of a synthetic incident. One "stress" curve in [0, 1] (0 = calmest sample, 1 = the peak, both reached
/// exactly) drives every metric given as a <see cref="Span2"/>, so host metrics, EFS metrics and request latency move
/// together. <see cref="IncidentScenarios"/> holds the 2025-12-27 reconstruction and the counter-examples' starting point.
/// </summary>
public sealed record IncidentScenario
{
    public string Name { get; init; } = "incident";
    public int Seed { get; init; } = 20251227;
    public DateTimeOffset Start { get; init; }
    public DateTimeOffset End { get; init; }
    /// <summary>Where in the window (0..1) the stress peaks, and how wide the hump is (fraction of the window).</summary>
    public double PeakAt { get; init; } = 0.55;
    public double PeakWidth { get; init; } = 0.25;

    // --- ALB
    public string AccountId { get; init; } = "123456789012";
    public string Region { get; init; } = "us-west-2";
    public string LoadBalancer { get; init; } = "app/pypiserver-alb/5f3a1c2d9e8b7a60";
    public string DomainName { get; init; } = "pypi.example.internal";
    public IReadOnlyList<string> AlbNodes { get; init; } = ["10.0.0.12", "10.0.1.45"];
    public IReadOnlyList<ClientSpec> Clients { get; init; } = [];
    public IReadOnlyList<string> Targets { get; init; } = ["10.0.1.23:32768", "10.0.1.23:32771"];
    /// <summary>Share of requests per target (normalised); null = even.</summary>
    public IReadOnlyList<double>? TargetWeights { get; init; }
    public int ElbTimeouts504 { get; init; }
    public int ElbBadGateway502 { get; init; }
    public int Target5xx { get; init; }
    /// <summary>Median target time per request, seconds (lognormal around it).</summary>
    public Span2 LatencySeconds { get; init; } = new(0.15, 0.15);

    // --- host
    public string InstanceType { get; init; } = "t3.micro";
    public int Vcpus { get; init; } = 2;
    public double MemoryMib { get; init; } = 916;
    public double SwapTotalMib { get; init; } = 1832;
    public int Containers { get; init; } = 2;
    public double ContainerMemoryMib { get; init; } = 128;
    public int VmstatIntervalSeconds { get; init; } = 5;
    public Span2 SwapInKiBs { get; init; }
    public Span2 SwapOutKiBs { get; init; }
    public Span2 SwapUsedMib { get; init; }
    public Span2 UsedMib { get; init; } = new(400, 400);
    public Span2 FreeMib { get; init; } = new(300, 300);
    public Span2 AvailableMib { get; init; } = new(450, 450);
    public Span2 IoWait { get; init; } = new(1, 1);
    /// <summary>User and system CPU follow a hump that tops out mid-way to the peak (busiest while the host still copes).</summary>
    public Span2 User { get; init; } = new(4, 11);
    public Span2 System { get; init; } = new(2, 7);
    /// <summary>User/system at the peak itself, as a fraction of the way from Calm to Peak.</summary>
    public double CpuAtPeakFraction { get; init; } = 7.0 / 12;
    public Span2 Steal { get; init; }
    public Span2 ContainerCpuPercent { get; init; } = new(3, 9);
    public Span2 ContainerMemoryUsedMib { get; init; } = new(90, 120);

    // --- CloudWatch
    public Span2 CpuUtilization { get; init; } = new(8, 18);
    public double CpuCreditStart { get; init; } = 96;
    public double CpuCreditEnd { get; init; } = 93;
    public Span2 PercentIoLimit { get; init; } = new(0.1, 0.8);
    public double BurstCreditStart { get; init; } = 2.31e12;
    public double BurstCreditEnd { get; init; } = 2.30e12;
    public string EfsThroughputMode { get; init; } = "bursting";
    public Span2 NfsRttMs { get; init; } = new(1.2, 2.4);
}
