namespace PypiKit.Burst;

/// <summary>How requests are started.</summary>
public enum ExecutorKind
{
    /// <summary>
    /// The reference harness's loop: every iteration starts <c>clients</c> workers (× multiplier on a burst
    /// iteration), waits for all of them, then sleeps so an iteration takes about <c>pacing_seconds</c>. Closed model.
    /// </summary>
    PacedClosedLoop,
    /// <summary>Open model: a fixed arrival rate spread over a fixed set of connections; latency from the intended start.</summary>
    ConstantArrivalRate,
    /// <summary>Open model: the arrival rate moves linearly through stages; latency from the intended start.</summary>
    RampingArrivalRate,
    /// <summary>Naive closed loop: N users send back to back (what wrk and most tools do; hides stalls).</summary>
    ConstantVus,
}

/// <summary>Relative weights of the request chains an open-model or constant-VU executor starts.</summary>
public sealed record WorkloadMix(double PipInstall = 0, double List = 0, double Upload = 0, double Get = 0)
{
    public static WorkloadMix PipOnly { get; } = new(PipInstall: 1);
    public static WorkloadMix GetOnly { get; } = new(0, 0, 0, 1);
    public double Sum => PipInstall + List + Upload + Get;
}

/// <summary>One stage of a ramping arrival rate: move linearly to <see cref="TargetRate"/> (req/s) over <see cref="DurationSeconds"/>.</summary>
public sealed record RateStage(double DurationSeconds, double TargetRate);

/// <summary>
/// A named workload. The five reference profiles reproduce the reference harness exactly (clients, duration, burst
/// interval, multiplier, upload ratio, 10-second pacing, pass thresholds); <c>-local</c> variants are scaled to run on
/// one small machine in under a minute. Users load their own from JSON or YAML (<see cref="BurstProfiles.Load"/>),
/// snake_case field names as below.
/// </summary>
public sealed record BurstProfile
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public ExecutorKind Executor { get; init; } = ExecutorKind.PacedClosedLoop;

    /// <summary>How many project names the chains choose from (test-package-000 … ), uniformly at random.</summary>
    public int Packages { get; init; } = 100;
    public string PackagePrefix { get; init; } = "test-package-";

    /// <summary>Run length, seconds (the paced loop starts no iteration after it; open models schedule no arrival after it).</summary>
    public double DurationSeconds { get; init; } = 60;

    // Paced closed loop.
    /// <summary>Workers per normal iteration.</summary>
    public int Clients { get; init; } = 3;
    /// <summary>Seconds between bursts (0 = no bursts); a burst iteration is every burst_interval / pacing iterations.</summary>
    public double BurstIntervalSeconds { get; init; }
    /// <summary>Workers on a burst iteration = int(clients × multiplier).</summary>
    public double BurstMultiplier { get; init; } = 1;
    /// <summary>Fraction of an iteration's workers that upload (after the downloads finish), 0–1.</summary>
    public double UploadRatio { get; init; }
    /// <summary>Target iteration length, seconds (the reference sleeps max(0, 10 − int(iteration time))).</summary>
    public double PacingSeconds { get; init; } = 10;

    // Open model / constant VUs.
    /// <summary>Arrivals per second (constant arrival rate).</summary>
    public double Rate { get; init; }
    /// <summary>Starting rate, req/s, of a ramping arrival rate.</summary>
    public double StartRate { get; init; }
    public IReadOnlyList<RateStage> Stages { get; init; } = [];
    /// <summary>Connections (virtual users) the open model or constant-VU executor uses.</summary>
    public int Connections { get; init; } = 50;
    public WorkloadMix Mix { get; init; } = WorkloadMix.PipOnly;
    /// <summary>Path fetched by the <c>get</c> chain (relative to the target URL).</summary>
    public string Path { get; init; } = "/";

    /// <summary>k6-style pass criteria, e.g. <c>error_rate &lt; 1%</c>, <c>p95 &lt; 15s</c>, <c>count(5xx) &lt; 10</c>.</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];
    /// <summary>Criteria that only warn (the reference CLI's "P95 &gt; 2000 ms" warning).</summary>
    public IReadOnlyList<string> WarnThresholds { get; init; } = [];

    /// <summary>Largest number of workers the profile runs at once.</summary>
    public int PeakConcurrency => Executor == ExecutorKind.PacedClosedLoop
        ? Math.Max(Clients, BurstIntervalSeconds > 0 ? (int)(Clients * BurstMultiplier) : Clients)
        : Connections;

    /// <summary>Checks every field; throws <see cref="InvalidInputException"/> naming the first bad one.</summary>
    public void Validate()
    {
        static void Check(bool ok, string field, string message)
        {
            if (!ok) throw new InvalidInputException(field, $"profile field {field}: {message}");
        }
        Check(!string.IsNullOrWhiteSpace(Name), "name", "must not be empty");
        Check(Packages >= 1, "packages", "must be at least 1");
        Check(DurationSeconds > 0 && DurationSeconds <= 7 * 86400, "duration_seconds", "must be > 0 and at most a week");
        switch (Executor)
        {
            case ExecutorKind.PacedClosedLoop:
                Check(Clients >= 1, "clients", "must be at least 1");
                Check(BurstIntervalSeconds >= 0, "burst_interval_seconds", "must be ≥ 0");
                Check(BurstMultiplier >= 1, "burst_multiplier", "must be ≥ 1");
                Check(UploadRatio is >= 0 and <= 1, "upload_ratio", "must be between 0 and 1");
                Check(PacingSeconds >= 0, "pacing_seconds", "must be ≥ 0");
                Check(BurstIntervalSeconds == 0 || PacingSeconds > 0, "pacing_seconds", "must be > 0 when bursts are on");
                break;
            case ExecutorKind.ConstantArrivalRate:
                Check(Rate > 0, "rate", "must be > 0 req/s");
                Check(Connections >= 1, "connections", "must be at least 1");
                break;
            case ExecutorKind.RampingArrivalRate:
                Check(Stages.Count > 0, "stages", "must hold at least one stage");
                Check(StartRate >= 0, "start_rate", "must be ≥ 0");
                Check(Stages.All(s => s.DurationSeconds > 0 && s.TargetRate >= 0), "stages", "need duration_seconds > 0 and target_rate ≥ 0");
                Check(Connections >= 1, "connections", "must be at least 1");
                break;
            case ExecutorKind.ConstantVus:
                Check(Connections >= 1, "connections", "must be at least 1");
                break;
        }
        if (Executor != ExecutorKind.PacedClosedLoop)
        {
            Check(Mix.PipInstall >= 0 && Mix.List >= 0 && Mix.Upload >= 0 && Mix.Get >= 0 && Mix.Sum > 0, "mix", "weights must be ≥ 0 with a positive sum");
        }
        Check(Path.StartsWith('/'), "path", "must start with /");
        foreach (var t in Thresholds.Concat(WarnThresholds)) Threshold.Parse(t);
    }
}
