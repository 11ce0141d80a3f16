namespace PypiKit.Sizing.Model;

/// <summary>
/// The response-time distribution of a closed loop whose requests are dealt round robin to T targets of W workers each,
/// every target with its own queue. No product form covers that routing: round robin neither joins the shortest queue
/// nor routes at random, and which of the two it resembles depends on how variable the service is (a nearly constant
/// service keeps the backlogs where the first round put them; a variable one lets them drift apart). So it is simulated:
/// a discrete-event run of the model's own assumptions, seeded, hence the same inputs always give the same figures.
/// <para>Service times are gamma with the demand's mean and CV. The cores are shared by every target: a request that
/// starts while m workers are busy in total holds its worker for <see cref="FlowEquivalentStation.ServiceSeconds"/>(m),
/// the flow-equivalent station's time at that occupancy. Think times are exponential with mean Z (none when Z = 0).
/// The first tenth of the completions is left out (the start, when all clients arrive together).</para>
/// </summary>
public static class RoundRobinLoop
{
    /// <summary>Largest client count simulated; above it the caller keeps the one-pool approximation.</summary>
    public const int MaxClients = 5000;

    /// <summary>Percentiles and mean of the response time, seconds, and the simulated throughput, requests per second.</summary>
    public sealed record Result(double MeanSeconds, double P50Seconds, double P95Seconds, double P99Seconds, double ThroughputRps, int Requests);

    /// <param name="clients">N clients, one request outstanding each.</param>
    /// <param name="targets">T targets.</param>
    /// <param name="station">The K = T × W workers and the C cores they share (<see cref="FlowEquivalentStation.Workers"/> must divide by T).</param>
    /// <param name="thinkSeconds">Mean pause between a response and the client's next request.</param>
    /// <param name="seed">Random seed (fixed by default: a prediction does not change from one call to the next).</param>
    public static Result Run(int clients, int targets, FlowEquivalentStation station, double thinkSeconds = 0, int seed = 20261205)
    {
        if (clients is < 1 or > MaxClients) throw new InvalidInputException("clients", $"clients must be within 1..{MaxClients} for the round-robin simulation, got {clients}");
        if (targets < 1 || station.Workers % targets != 0) throw new InvalidInputException("targets", $"targets must divide the {station.Workers} workers, got {targets}");
        if (!(thinkSeconds >= 0) || double.IsInfinity(thinkSeconds)) throw new InvalidInputException("think_time", $"think_time must be >= 0 seconds, got {thinkSeconds}");
        int perTarget = station.Workers / targets;
        double cv = station.Demand.Cv;
        int measured = Math.Min(200_000, 40_000 + 100 * clients), warm = measured / 9;
        var random = new Random(seed);
        var free = new int[targets];
        Array.Fill(free, perTarget);
        var waiting = new Queue<double>[targets];
        for (int t = 0; t < targets; t++) waiting[t] = new Queue<double>();
        // events: a completion at a target (target ≥ 0, with the request's arrival time) or a client back from thinking (-1)
        var events = new PriorityQueue<(int Target, double Arrival), double>();
        int next = 0, busy = 0;
        var latencies = new double[measured];
        int done = 0, kept = 0;
        double firstKept = 0, now = 0;

        void Start(int target, double arrival, double at)
        {
            busy++;
            double mean = station.ServiceSeconds(busy);
            events.Enqueue((target, arrival), at + GammaSample(random, mean, cv));
        }
        void Arrive(double at)
        {
            int target = next;
            next = (next + 1) % targets;
            if (free[target] > 0) { free[target]--; Start(target, at, at); }
            else waiting[target].Enqueue(at);
        }

        for (int c = 0; c < clients; c++)
        {
            if (thinkSeconds > 0) events.Enqueue((-1, 0), Exponential(random, thinkSeconds));
            else Arrive(0);
        }
        while (kept < measured && events.TryDequeue(out var e, out now))
        {
            if (e.Target < 0) { Arrive(now); continue; }
            busy--;
            if (++done > warm)
            {
                if (kept == 0) firstKept = now;
                latencies[kept++] = now - e.Arrival;
            }
            if (waiting[e.Target].TryDequeue(out var queued)) Start(e.Target, queued, now);
            else free[e.Target]++;
            if (thinkSeconds > 0) events.Enqueue((-1, 0), now + Exponential(random, thinkSeconds));
            else Arrive(now);
        }
        Array.Sort(latencies, 0, kept);
        double Quantile(double q) => latencies[Math.Clamp((int)Math.Ceiling(q * kept) - 1, 0, kept - 1)];
        double sum = 0;
        for (int i = 0; i < kept; i++) sum += latencies[i];
        double span = now - firstKept;
        return new Result(sum / kept, Quantile(0.50), Quantile(0.95), Quantile(0.99), span > 0 ? (kept - 1) / span : 0, kept);
    }

    /// <summary>A gamma variate of the given mean and CV (Marsaglia and Tsang's method; shape below 1 boosted by U^(1/k)).</summary>
    internal static double GammaSample(Random random, double mean, double cv)
    {
        if (cv <= 1e-9) return mean;
        double shape = 1 / (cv * cv), k = shape, boost = 1;
        if (shape < 1) { boost = Math.Pow(random.NextDouble(), 1 / shape); k = shape + 1; }
        double d = k - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = Normal(random); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
                return d * v * boost * mean / shape;
        }
    }

    private static double Normal(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());
}
