namespace PypiKit.Sizing.Model;

/// <summary>
/// A model of what limits a burst: clients, workers, cores, routing and the variability of the service time.
/// <para><b>Station.</b> The serving workers K (tasks × workers; with sticky routing only the pinned targets') and the
/// cores C they share become one load-dependent station (<see cref="FlowEquivalentStation"/>): with m requests in
/// service it completes X(m) per second, which grows like m / S while the I/O part dominates and stops at C / S_cpu when
/// the cores are the bottleneck.</para>
/// <para><b>Means.</b> N clients circulate between their think time Z and that station. The network is solved exactly
/// in product form with the load-dependent rates: p(j) ∝ Z^(N−j) / (N−j)! · Π_{i≤j} 1 / X(min(i, K)); throughput
/// X = Σ p(j) X(j), mean latency R = N / X − Z. With Z = 0 and N ≥ K the station is always full, so X = X(K) and
/// R = N / X(K) whatever the service-time distribution; with think time the exponential product form is an
/// approximation for other distributions.</para>
/// <para><b>Percentiles: a two-moment approximation.</b> By the arrival theorem a request finds j others at the station
/// with probability p(j | N−1). It waits for w = max(0, j − K + 1) departures at rate X(K), then holds a worker for
/// S(m) = m / X(m), m = min(j + 1, K). The departures of K busy workers are a superposition of renewal processes, so
/// the time to w of them has mean w / X(K) and, by the renewal central limit theorem, variance ≈ cv² · w / X(K)²; the
/// service adds variance cv² · S(m)². Given j, the response time is taken as a gamma with that mean and variance
/// (a two-moment fit, as in Whitt's QNA, "The Queueing Network Analyzer", Bell System Technical Journal 62(9), 1983),
/// and the percentiles are those of the mixture over j. With cv = 1 the moments are those of the exact Erlang wait plus
/// exponential service; with a nearly constant service (cv → 0, what a sandbox listing shows) the tail closes in on the
/// mean instead of stretching to 3 × the mean as the exponential assumption predicts. The fit is trusted for
/// cv ≤ <see cref="MaxTrustedCv"/>; above it the prediction is flagged.</para>
/// <para><b>Round robin.</b> The mixture above treats the K workers as one pool with one queue, which is what
/// least-outstanding-requests routing (or a single target) gives. Round robin over T &gt; 1 targets leaves each target
/// its own queue and the backlogs uneven, which stretches the tails (at the same mean). For that routing the
/// percentiles come from <see cref="RoundRobinLoop"/>, a seeded simulation of the same station, clients and think time;
/// throughput and mean stay the exact product-form values.</para>
/// <para><b>Burst completion.</b> N clients start together and make r requests each. The first r − 1 rounds run at the
/// full-population rate: (r − 1) · N / X(N); the last round drains as clients finish, one departure at a time at
/// X(n) for n = N … 1. Σ 1/X(n) is the exact expected drain for exponential service (the maximum of n exponentials);
/// for less variable service the excess of the drain over N / X(N) is scaled by cv (a heuristic: exact at cv = 1 and
/// at cv = 0, where every request of a round ends together). A paced iteration lasts max(pacing, completion).</para>
/// <para><b>Open workloads.</b> <see cref="PredictOpen"/> treats a fixed arrival rate with the M/M/c waiting time
/// (Erlang C) corrected for general arrivals and service by Allen–Cunneen: Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2.</para>
/// </summary>
public static class BurstModel
{
    /// <summary>Largest service-time CV for which the two-moment (gamma) fit of the tails is trusted.</summary>
    public const double MaxTrustedCv = 2;

    /// <summary>Throughput below this share of saturation means the clients, not the servers, limit the burst.</summary>
    public const double ClientLimitedShare = 0.9;

    /// <summary>Predicts throughput while bursting, latency percentiles and the burst's completion time.</summary>
    public static BurstModelPrediction Predict(BurstModelInputs inputs)
    {
        inputs.Validate();
        int n = inputs.Clients, k = inputs.ServingWorkers;
        var station = new FlowEquivalentStation(k, inputs.ServingCores, inputs.Demand);
        double z = inputs.ThinkTimeSeconds, cv2 = inputs.Demand.Cv * inputs.Demand.Cv;

        var p = Distribution(n, station, z);
        double x = 0, l = 0;
        for (int j = 1; j <= n; j++) { x += p[j] * station.Rate(j); l += p[j] * j; }
        double r = l / x;
        double busy = 0;
        for (int j = 1; j <= n; j++) busy += p[j] * Math.Min(j, k);

        var arrival = Distribution(n - 1, station, z);
        var cdf = ResponseTimeCdf(arrival, station, cv2);
        double scale = Math.Max(r, station.ServiceSeconds(1));
        double p99 = GammaDistribution.QuantileOf(cdf, 0.99, scale);

        double p50 = GammaDistribution.QuantileOf(cdf, 0.50, scale), p95 = GammaDistribution.QuantileOf(cdf, 0.95, scale);
        // Round robin over several targets: each queues its own requests, so the tails are those of separate queues
        if (inputs.Routing == TargetRouting.RoundRobin && inputs.ServingTasks > 1 && n <= RoundRobinLoop.MaxClients)
        {
            var loop = RoundRobinLoop.Run(n, inputs.ServingTasks, station, z);
            (p50, p95, p99) = (loop.P50Seconds, loop.P95Seconds, loop.P99Seconds);
        }

        double completion = CompletionSeconds(inputs, station, x, inputs.Demand.Cv);
        var flags = new List<string>();
        if (inputs.Demand.Cv > MaxTrustedCv)
            flags.Add($"service-time CV {inputs.Demand.Cv:0.##} is above {MaxTrustedCv}: the two-moment (gamma) fit understates such heavy tails");
        if (p99 > inputs.RequestTimeoutSeconds)
            flags.Add($"predicted p99 {p99:0.###} s exceeds the {inputs.RequestTimeoutSeconds:0.###} s client timeout: timeouts and retries would change the load the model assumes");
        if (inputs.StickyTargets is { } t)
            flags.Add($"sticky routing: clients pinned to {inputs.ServingTasks} of {inputs.Tasks} task(s), so {k} worker(s) and {inputs.ServingCores} core(s) serve the burst");

        return new BurstModelPrediction
        {
            Clients = n,
            Workers = k,
            Cores = inputs.ServingCores,
            Demand = inputs.Demand,
            ThinkTimeSeconds = z,
            ThroughputRps = x,
            SaturationThroughputRps = station.SaturationRate,
            MeanLatencySeconds = r,
            P50LatencySeconds = p50,
            P95LatencySeconds = p95,
            P99LatencySeconds = p99,
            WorkerUtilization = busy / k,
            CpuUtilization = x * inputs.Demand.CpuSeconds / inputs.ServingCores,
            Limit = x < ClientLimitedShare * station.SaturationRate ? BurstLimit.Clients : station.CpuBound ? BurstLimit.Cores : BurstLimit.Workers,
            BurstCompletionSeconds = completion,
            IterationSeconds = Math.Max(inputs.PacingSeconds, completion),
            Flags = flags,
        };
    }

    /// <summary>P(response time ≤ t) of the inputs' burst in steady state (the distribution behind the percentiles).</summary>
    public static Func<double, double> ResponseTimeCdf(BurstModelInputs inputs)
    {
        inputs.Validate();
        var station = new FlowEquivalentStation(inputs.ServingWorkers, inputs.ServingCores, inputs.Demand);
        return ResponseTimeCdf(Distribution(inputs.Clients - 1, station, inputs.ThinkTimeSeconds), station, inputs.Demand.Cv * inputs.Demand.Cv);
    }

    /// <summary>
    /// The mean service time S at which the model's throughput equals <paramref name="throughputRps"/> (bisection; the
    /// CPU share and CV of the demand are kept). Used to read a run both ways: what S each hypothesis implies.
    /// </summary>
    public static double ServiceTimeForThroughput(BurstModelInputs inputs, double throughputRps)
    {
        if (!(throughputRps > 0)) throw new InvalidInputException("throughput", $"throughput must be > 0 req/s, got {throughputRps}");
        inputs.Validate();
        double cpuShare = inputs.Demand.CpuSeconds / inputs.Demand.MeanSeconds;
        double X(double s)
        {
            var d = new ServiceDemand(s * cpuShare, s * (1 - cpuShare), inputs.Demand.Cv);
            var station = new FlowEquivalentStation(inputs.ServingWorkers, inputs.ServingCores, d);
            return Throughput(inputs.Clients, station, inputs.ThinkTimeSeconds);
        }
        double lo = 1e-9, hi = 1;
        for (int i = 0; i < 200 && X(hi) > throughputRps; i++) hi *= 2;
        if (inputs.ThinkTimeSeconds > 0 && X(lo) < throughputRps)
            throw new InvalidInputException("throughput", $"throughput {throughputRps} req/s is unreachable with {inputs.Clients} clients thinking {inputs.ThinkTimeSeconds} s");
        for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (X(mid) > throughputRps) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Throughput X(n) of the closed network with n clients (the rest of the inputs held).</summary>
    public static double Throughput(int clients, FlowEquivalentStation station, double thinkTimeSeconds)
    {
        var p = Distribution(clients, station, thinkTimeSeconds);
        double x = 0;
        for (int j = 1; j <= clients; j++) x += p[j] * station.Rate(j);
        return x;
    }

    /// <summary>
    /// An open workload: requests arrive at <paramref name="arrivalRps"/> (squared CV of inter-arrival times
    /// <paramref name="arrivalCv2"/>: 1 for Poisson, 0 for the evenly spaced constant-arrival-rate executor). The K
    /// serving workers are c = K servers of mean S(K) (the per-worker service time with every worker busy, so the CPU
    /// cap is kept); the mean wait is Erlang C's M/M/c wait scaled by Allen–Cunneen's (ca² + cs²) / 2. Given that a
    /// request waits, its wait is taken as exponential; the response time is a gamma two-moment fit of wait + service.
    /// Returns null when the arrival rate reaches the saturation rate (no steady state).
    /// </summary>
    public static OpenPrediction? PredictOpen(BurstModelInputs inputs, double arrivalRps, double arrivalCv2 = 1)
    {
        inputs.Validate();
        if (!(arrivalRps > 0)) throw new InvalidInputException("rate", $"rate must be > 0 req/s, got {arrivalRps}");
        var station = new FlowEquivalentStation(inputs.ServingWorkers, inputs.ServingCores, inputs.Demand);
        int c = inputs.ServingWorkers;
        double s = station.ServiceSeconds(c), mu = 1 / s, cs2 = inputs.Demand.Cv * inputs.Demand.Cv;
        if (arrivalRps >= c * mu) return null;
        double pWait = OpenStation.ErlangC(c, arrivalRps, mu);
        double wq = OpenStation.AllenCunneenWait(c, arrivalRps, mu, arrivalCv2, cs2);
        double waitIfWaiting = pWait > 0 ? wq / pWait : 0;
        // R = service (mean s, cv²) plus, with probability pWait, an exponential wait of mean wq / pWait.
        double Cdf(double t) =>
            (1 - pWait) * GammaDistribution.Cdf(t, s, cs2)
            + pWait * GammaDistribution.Cdf(t, s + waitIfWaiting, (cs2 * s * s + waitIfWaiting * waitIfWaiting) / Math.Pow(s + waitIfWaiting, 2));
        return new OpenPrediction(arrivalRps, c, s, pWait, wq, s + wq,
            GammaDistribution.QuantileOf(Cdf, 0.50, s), GammaDistribution.QuantileOf(Cdf, 0.95, s), GammaDistribution.QuantileOf(Cdf, 0.99, s));
    }

    /// <summary>p(j), j = 0..n: the product-form marginal at the load-dependent station with n clients, in log space.</summary>
    internal static double[] Distribution(int n, FlowEquivalentStation station, double z)
    {
        var p = new double[n + 1];
        if (n == 0) { p[0] = 1; return p; }
        if (z <= 0) { p[n] = 1; return p; }
        var logw = new double[n + 1];
        double logZ = Math.Log(z), logFactNmJ = LatencyModel.LogFactorial(n), logRates = 0, max = double.NegativeInfinity;
        for (int j = 0; j <= n; j++)
        {
            if (j > 0)
            {
                logFactNmJ -= Math.Log(n - j + 1);
                logRates += Math.Log(station.Rate(j));
            }
            logw[j] = (n - j) * logZ - logFactNmJ - logRates;
            if (logw[j] > max) max = logw[j];
        }
        double total = 0;
        for (int j = 0; j <= n; j++) { p[j] = Math.Exp(logw[j] - max); total += p[j]; }
        for (int j = 0; j <= n; j++) p[j] /= total;
        return p;
    }

    /// <summary>P(R ≤ t): the mixture over what an arrival finds of gamma fits of wait + service (see the class remarks).</summary>
    internal static Func<double, double> ResponseTimeCdf(double[] arrival, FlowEquivalentStation station, double cv2)
    {
        const double Negligible = 1e-12;
        int k = station.Workers;
        double full = station.SaturationRate;
        var terms = new List<(double Weight, double Mean, double Cv2)>();
        for (int j = 0; j < arrival.Length; j++)
        {
            if (arrival[j] < Negligible) continue;
            int waits = Math.Max(0, j - k + 1);
            double service = station.ServiceSeconds(Math.Min(j + 1, k));
            double mean = waits / full + service;
            double variance = cv2 * (waits / (full * full) + service * service);
            terms.Add((arrival[j], mean, variance / (mean * mean)));
        }
        double weight = terms.Sum(t => t.Weight);
        return t =>
        {
            double c = 0;
            foreach (var (w, mean, v) in terms) c += w * GammaDistribution.Cdf(t, mean, v);
            return c / weight;
        };
    }

    private static double CompletionSeconds(BurstModelInputs inputs, FlowEquivalentStation station, double fullRate, double cv)
    {
        int n = inputs.Clients;
        double drain = 0;
        for (int m = 1; m <= n; m++) drain += 1 / Throughput(m, station, inputs.ThinkTimeSeconds);
        double round = n / fullRate;
        double lastRound = round + Math.Min(1, cv) * Math.Max(0, drain - round);
        return (inputs.RequestsPerClient - 1) * round + lastRound;
    }
}

/// <summary>What <see cref="BurstModel.PredictOpen"/> expects at a fixed arrival rate.</summary>
public sealed record OpenPrediction(double ArrivalRps, int Servers, double ServiceSeconds, double WaitProbability, double MeanWaitSeconds,
    double MeanLatencySeconds, double P50LatencySeconds, double P95LatencySeconds, double P99LatencySeconds);
