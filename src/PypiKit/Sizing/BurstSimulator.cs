namespace PypiKit.Sizing;

/// <summary>Inputs of <see cref="BurstSimulator.Simulate"/>.</summary>
public sealed record BurstSimulationInputs
{
    /// <summary>FCFS servers: tasks × gunicorn workers (K).</summary>
    public required int Workers { get; init; }
    /// <summary>Clients that start together (N).</summary>
    public required int Clients { get; init; }
    /// <summary>Sequential requests each client makes (the reference harness: redirect, index page, wheel = 3).</summary>
    public int RequestsPerClient { get; init; } = 3;
    /// <summary>Mean exponential service time (S).</summary>
    public double ServiceTimeSeconds { get; init; } = LatencyCalibration.ReferenceServiceTimeSeconds;
    /// <summary>Independent bursts simulated and pooled.</summary>
    public int Replications { get; init; } = 40;
    /// <summary>Seed of the random stream: the same seed gives the same result.</summary>
    public int Seed { get; init; } = 20251227;

    public BurstSimulationInputs Validate()
    {
        if (Workers < 1) throw new InvalidInputException("workers", $"workers must be >= 1, got {Workers}");
        if (Clients < 1) throw new InvalidInputException("concurrency", $"concurrency must be >= 1, got {Clients}");
        if (RequestsPerClient < 1) throw new InvalidInputException("requests_per_client", $"requests_per_client must be >= 1, got {RequestsPerClient}");
        if (!(ServiceTimeSeconds > 0)) throw new InvalidInputException("service_time", $"service_time must be > 0, got {ServiceTimeSeconds}");
        if (Replications is < 1 or > 10_000) throw new InvalidInputException("replications", $"replications must be 1..10000, got {Replications}");
        if ((long)Clients * RequestsPerClient * Replications > 50_000_000)
            throw new InvalidInputException("concurrency", "clients × requests × replications is too large to simulate (limit 5e7 requests)");
        return this;
    }
}

/// <summary>What a simulated burst took, pooled over the replications.</summary>
public sealed record BurstSimulationResult
{
    public required int Workers { get; init; }
    public required int Clients { get; init; }
    public required int RequestsPerClient { get; init; }
    public required double ServiceTimeSeconds { get; init; }
    public required int Replications { get; init; }
    /// <summary>Mean time from the start of a burst to its last response.</summary>
    public required double MeanDurationSeconds { get; init; }
    /// <summary>Requests per second over the burst: requests / mean duration.</summary>
    public required double ThroughputRps { get; init; }
    public required double MeanLatencySeconds { get; init; }
    public required double P50LatencySeconds { get; init; }
    /// <summary>p95 as the reference harness computes it: sorted[int(n × 0.95)].</summary>
    public required double P95LatencySeconds { get; init; }
    public required double P99LatencySeconds { get; init; }
    /// <summary>Every latency, sorted (seconds), for mixing with other populations.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double> SortedLatencies { get; init; } = [];
}

/// <summary>
/// A seeded discrete-event simulation of one burst as the reference harness runs it: N clients start together, each
/// makes <see cref="BurstSimulationInputs.RequestsPerClient"/> requests back to back, served first-come first-served by
/// K workers with exponential service times. It is the transient counterpart of the steady-state
/// <see cref="LatencyModel"/> (same assumptions otherwise) and checks the calibration: a real burst starts with an
/// empty pipeline and ends with a drain, so it lasts longer than requests / (K / S).
/// Every time in a run is proportional to S for a given seed, so results scale exactly with the service time.
/// </summary>
public static class BurstSimulator
{
    public static BurstSimulationResult Simulate(BurstSimulationInputs inputs)
    {
        inputs.Validate();
        var rng = new Random(inputs.Seed);
        double s = inputs.ServiceTimeSeconds;
        int n = inputs.Clients, k = inputs.Workers, r = inputs.RequestsPerClient;
        var latencies = new List<double>(n * r * inputs.Replications);
        double totalDuration = 0;

        for (int rep = 0; rep < inputs.Replications; rep++)
        {
            var queue = new Queue<(int Client, double Arrived)>(n);
            for (int c = 0; c < n; c++) queue.Enqueue((c, 0));
            var remaining = new int[n];
            Array.Fill(remaining, r);
            var inService = new PriorityQueue<(int Client, double Arrived), double>(k);
            int free = k;
            double now = 0;
            void StartWaiting()
            {
                while (free > 0 && queue.Count > 0)
                {
                    var (client, arrived) = queue.Dequeue();
                    free--;
                    inService.Enqueue((client, arrived), now - s * Math.Log(1 - rng.NextDouble()));
                }
            }
            StartWaiting();
            while (inService.TryDequeue(out var job, out double done))
            {
                now = done;
                free++;
                latencies.Add(now - job.Arrived);
                if (--remaining[job.Client] > 0) queue.Enqueue((job.Client, now));
                StartWaiting();
            }
            totalDuration += now;
        }

        latencies.Sort();
        double meanDuration = totalDuration / inputs.Replications;
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))];
        return new BurstSimulationResult
        {
            Workers = k,
            Clients = n,
            RequestsPerClient = r,
            ServiceTimeSeconds = s,
            Replications = inputs.Replications,
            MeanDurationSeconds = meanDuration,
            ThroughputRps = n * r / meanDuration,
            MeanLatencySeconds = latencies.Average(),
            P50LatencySeconds = At(0.50),
            P95LatencySeconds = At(0.95),
            P99LatencySeconds = At(0.99),
            SortedLatencies = latencies,
        };
    }
}
