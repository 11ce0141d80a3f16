namespace PypiKit.Sizing;

/// <summary>Inputs of <see cref="LatencyModel.Predict"/>.</summary>
public sealed record LatencyModelInputs
{
    /// <summary>Gunicorn workers serving requests in parallel across the service: tasks × workers per task (K).</summary>
    public required int Workers { get; init; }

    /// <summary>Concurrent clients (N), each issuing one request at a time (a burst's virtual users).</summary>
    public required int Clients { get; init; }

    /// <summary>
    /// Mean service time of one request by one worker (S). Default: the service time calibrated from the reference
    /// run (<see cref="LatencyCalibration.Reference"/>).
    /// </summary>
    public double ServiceTimeSeconds { get; init; } = LatencyCalibration.ReferenceServiceTimeSeconds;

    /// <summary>Mean time a client waits between a response and its next request (Z); 0 = back-to-back, as a burst does.</summary>
    public double ThinkTimeSeconds { get; init; }

    /// <summary>The model takes K workers, N clients; builds inputs from a plan's minimum task count.</summary>
    public static LatencyModelInputs FromPlan(CapacityPlan plan, int clients, double? serviceTimeSeconds = null, double thinkTimeSeconds = 0) => new()
    {
        Workers = plan.TotalWorkersAtMin,
        Clients = clients,
        ServiceTimeSeconds = serviceTimeSeconds ?? LatencyCalibration.ReferenceServiceTimeSeconds,
        ThinkTimeSeconds = thinkTimeSeconds,
    };

    public LatencyModelInputs Validate()
    {
        if (Workers < 1) throw new InvalidInputException("workers", $"workers must be >= 1, got {Workers}");
        if (Workers > 100_000) throw new InvalidInputException("workers", $"workers must be <= 100000, got {Workers}");
        if (Clients < 1) throw new InvalidInputException("concurrency", $"concurrency (clients) must be >= 1, got {Clients}");
        if (Clients > 100_000) throw new InvalidInputException("concurrency", $"concurrency (clients) must be <= 100000, got {Clients}");
        if (!(ServiceTimeSeconds > 0) || double.IsInfinity(ServiceTimeSeconds))
            throw new InvalidInputException("service_time", $"service_time must be > 0 seconds, got {ServiceTimeSeconds}");
        if (!(ThinkTimeSeconds >= 0) || double.IsInfinity(ThinkTimeSeconds))
            throw new InvalidInputException("think_time", $"think_time must be >= 0 seconds, got {ThinkTimeSeconds}");
        return this;
    }
}

/// <summary>What <see cref="LatencyModel.Predict"/> expects of a steady burst.</summary>
public sealed record LatencyPrediction
{
    public required int Workers { get; init; }
    public required int Clients { get; init; }
    public required double ServiceTimeSeconds { get; init; }
    public required double ThinkTimeSeconds { get; init; }
    /// <summary>Completed requests per second (X).</summary>
    public required double ThroughputRps { get; init; }
    /// <summary>Mean response time (R = N / X − Z), queueing plus service.</summary>
    public required double MeanLatencySeconds { get; init; }
    public required double P50LatencySeconds { get; init; }
    public required double P95LatencySeconds { get; init; }
    public required double P99LatencySeconds { get; init; }
    /// <summary>Mean busy share of the workers (X·S/K), 0..1.</summary>
    public required double Utilization { get; init; }
    /// <summary>Mean number of requests waiting for a worker (not in service).</summary>
    public required double MeanQueueLength { get; init; }
    /// <summary>Throughput bound when every worker is busy: K / S.</summary>
    public double SaturationThroughputRps => Workers / ServiceTimeSeconds;
}

/// <summary>
/// A closed queueing model of a burst against the service.
/// <para><b>Model.</b> N clients circulate between a delay station (think time Z, infinite servers) and one
/// multi-server FCFS station with K identical servers (every gunicorn worker of every task: K = tasks × workers) and
/// exponentially distributed service times of mean S. The ALB is treated as one queue in front of all workers (it
/// routes each request to some task, and a task's gunicorn accept queue hands it to a free worker); uneven routing
/// (stickiness, one hot instance) is not modelled and ends up folded into the calibrated S.</para>
/// <para><b>Solution.</b> Exact. The network is product-form (BCMP), so the marginal distribution of the number of
/// requests at the worker station is p(j) ∝ Z^(N−j)/(N−j)! · S^j / Π_{i≤j} min(i, K); it is computed in log space,
/// then X = Σ p(j)·min(j,K)/S, L = Σ j·p(j) and R = L/X (Little). This is the same solution exact Mean Value Analysis
/// with a load-dependent station gives (<see cref="SolveMeanValueAnalysis"/> runs that recursion; tests check they agree),
/// without MVA's loss of precision in p(0|n) when the station saturates at N in the hundreds.</para>
/// <para><b>Percentiles.</b> By the arrival theorem an arriving request sees the station as in steady state with N−1
/// clients. Finding j requests there, it is served at once if j &lt; K, else waits for j−K+1 departures, each at rate
/// K/S (an Erlang(j−K+1, K/S) wait); then its own Exp(1/S) service. The response-time CDF is the p(j | N−1)
/// mixture of those; percentiles are found by bisection on it.</para>
/// <para><b>Assumptions.</b> Steady state (a burst lasting many service times); one request class (index pages and
/// wheel downloads share one mean S); exponential service; no timeouts, retries or errors; no host limits
/// (CPU, memory, EFS) other than what S already absorbs. A real burst starts with all N requests at once: its first
/// N requests see 0…N−1 ahead, later ones see the steady-state queue, so the upper percentiles (p95) match the
/// steady state while the median is lower.</para>
/// </summary>
public static class LatencyModel
{
    /// <summary>Predicts throughput and latency percentiles.</summary>
    public static LatencyPrediction Predict(LatencyModelInputs inputs)
    {
        inputs.Validate();
        int n = inputs.Clients, k = inputs.Workers;
        double s = inputs.ServiceTimeSeconds, z = inputs.ThinkTimeSeconds;

        var p = StationDistribution(n, k, s, z);
        double x = 0, l = 0, queue = 0;
        for (int j = 0; j <= n; j++)
        {
            x += p[j] * Math.Min(j, k) / s;
            l += p[j] * j;
            queue += p[j] * Math.Max(0, j - k);
        }
        double r = l / x;
        var arrival = StationDistribution(n - 1, k, s, z);
        return new LatencyPrediction
        {
            Workers = k,
            Clients = n,
            ServiceTimeSeconds = s,
            ThinkTimeSeconds = z,
            ThroughputRps = x,
            MeanLatencySeconds = r,
            P50LatencySeconds = Quantile(arrival, k, s, 0.50),
            P95LatencySeconds = Quantile(arrival, k, s, 0.95),
            P99LatencySeconds = Quantile(arrival, k, s, 0.99),
            Utilization = x * s / k,
            MeanQueueLength = queue,
        };
    }

    /// <summary>
    /// Predictions over a range of concurrency levels (for a latency-vs-clients chart): every other input held.
    /// </summary>
    public static IReadOnlyList<LatencyPrediction> PredictRange(LatencyModelInputs inputs, IEnumerable<int> clients) =>
        clients.Select(n => Predict(inputs with { Clients = n })).ToArray();

    /// <summary>
    /// P(response time ≤ t) for the inputs' network (the distribution behind the percentiles), for mixing
    /// several populations (see <see cref="LatencyCalibration"/>).
    /// </summary>
    public static Func<double, double> ResponseTimeCdf(LatencyModelInputs inputs)
    {
        inputs.Validate();
        var arrival = StationDistribution(inputs.Clients - 1, inputs.Workers, inputs.ServiceTimeSeconds, inputs.ThinkTimeSeconds);
        return t => Cdf(arrival, inputs.Workers, inputs.ServiceTimeSeconds, t);
    }

    /// <summary>
    /// The service time S at which the model's throughput equals <paramref name="throughputRps"/> for K workers,
    /// N clients and think time Z (bisection; throughput falls as S grows). Throws when the target is unreachable
    /// (above N / Z with think time).
    /// </summary>
    public static double ServiceTimeForThroughput(int workers, int clients, double throughputRps, double thinkTimeSeconds = 0)
    {
        if (!(throughputRps > 0)) throw new InvalidInputException("throughput", $"throughput must be > 0 req/s, got {throughputRps}");
        if (thinkTimeSeconds > 0 && throughputRps >= clients / thinkTimeSeconds)
            throw new InvalidInputException("throughput", $"throughput {throughputRps} req/s is unreachable with {clients} clients thinking {thinkTimeSeconds} s");
        double lo = 1e-9, hi = 1;
        new LatencyModelInputs { Workers = workers, Clients = clients, ServiceTimeSeconds = 1, ThinkTimeSeconds = thinkTimeSeconds }.Validate();
        double X(double s) => Throughput(StationDistribution(clients, workers, s, thinkTimeSeconds), workers, s);
        while (X(hi) > throughputRps) hi *= 2;
        for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (X(mid) > throughputRps) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Exact Mean Value Analysis with a load-dependent station (Reiser–Lavenberg recursion over the population):
    /// returns (throughput, mean response time at the workers). The reference solution <see cref="Predict"/> uses the
    /// equivalent product-form normalisation; this recursion is kept to check it (it loses precision for large N near
    /// saturation, where p(0|n) = 1 − Σ p(j|n) cancels).
    /// </summary>
    public static (double ThroughputRps, double MeanLatencySeconds) SolveMeanValueAnalysis(int workers, int clients, double serviceTimeSeconds, double thinkTimeSeconds)
    {
        int k = workers;
        double s = serviceTimeSeconds, z = thinkTimeSeconds;
        var p = new double[clients + 1];
        p[0] = 1;
        double x = 0, r = 0;
        for (int n = 1; n <= clients; n++)
        {
            r = 0;
            for (int j = 1; j <= n; j++) r += j * s / Math.Min(j, k) * p[j - 1];
            x = n / (z + r);
            var next = new double[clients + 1];
            double sum = 0;
            for (int j = 1; j <= n; j++) { next[j] = x * s / Math.Min(j, k) * p[j - 1]; sum += next[j]; }
            next[0] = Math.Max(0, 1 - sum);
            p = next;
        }
        return (x, r);
    }

    private static double Throughput(double[] p, int k, double s)
    {
        double x = 0;
        for (int j = 0; j < p.Length; j++) x += p[j] * Math.Min(j, k) / s;
        return x;
    }

    /// <summary>p(j), j = 0..n: the product-form marginal at the worker station with n clients.</summary>
    internal static double[] StationDistribution(int n, int k, double s, double z)
    {
        var p = new double[n + 1];
        if (n == 0) { p[0] = 1; return p; }
        if (z <= 0) { p[n] = 1; return p; }
        var logw = new double[n + 1];
        double logZ = Math.Log(z), logS = Math.Log(s);
        // log(Z^(n-j) / (n-j)!) + j log S − Σ_{i≤j} log min(i,K), built incrementally.
        double logFactNmJ = LogFactorial(n);
        double logServers = 0;
        double max = double.NegativeInfinity;
        for (int j = 0; j <= n; j++)
        {
            if (j > 0)
            {
                logFactNmJ -= Math.Log(n - j + 1);
                logServers += Math.Log(Math.Min(j, k));
            }
            logw[j] = (n - j) * logZ - logFactNmJ + j * logS - logServers;
            if (logw[j] > max) max = logw[j];
        }
        double total = 0;
        for (int j = 0; j <= n; j++) { p[j] = Math.Exp(logw[j] - max); total += p[j]; }
        for (int j = 0; j <= n; j++) p[j] /= total;
        return p;
    }

    private static double Quantile(double[] arrival, int k, double s, double q)
    {
        double lo = 0, hi = s;
        while (Cdf(arrival, k, s, hi) < q) hi *= 2;
        lo = hi / 2 >= s ? hi / 2 : 0;
        for (int i = 0; i < 60 && hi - lo > 1e-6 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Cdf(arrival, k, s, mid) < q) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// P(R ≤ t) = Σ_j p(j | N−1) · P(wait_j + service ≤ t), with the Erlang terms of consecutive j obtained by
    /// recurrence (survival ascending, the lower incomplete gamma descending, both adding positive Poisson terms, so
    /// neither cancels): O(√(Kt/S) + range of j) per evaluation.
    /// </summary>
    internal static double Cdf(double[] arrival, int k, double s, double t)
    {
        if (t <= 0) return 0;
        double mu = 1 / s, cdf = 0;
        const double Negligible = 1e-14;
        int jLo = -1, jHi = -1;
        for (int j = 0; j < arrival.Length; j++)
        {
            if (arrival[j] < Negligible) continue;
            if (j < k) { cdf += arrival[j] * (1 - Math.Exp(-mu * t)); continue; }
            if (jLo < 0) jLo = j;
            jHi = j;
        }
        if (jLo < 0) return Math.Min(1, cdf);

        int mLo = jLo - k + 1, mHi = jHi - k + 1, count = mHi - mLo + 1;
        double x1 = k * mu * t, logX1 = Math.Log(x1);
        // Survival of the wait, ascending: S(m+1) = S(m) + Poisson(m; x1).
        var survival = new double[count];
        survival[0] = ErlangSurvival(mLo, x1);
        for (int i = 1; i < count; i++)
        {
            int m = mLo + i - 1;
            survival[i] = Math.Min(1, survival[i - 1] + Math.Exp(-x1 + m * logX1 - LogFactorial(m)));
        }

        // Second term of P(W + X > t), see ErlangPlusExponentialSurvival.
        var second = new double[count];
        if (k == 1)
        {
            double logMuT = Math.Log(mu * t);
            for (int i = 0; i < count; i++) { int m = mLo + i; second[i] = Math.Exp(-mu * t + m * logMuT - LogFactorial(m)); }
        }
        else
        {
            double y = (k - 1) * mu * t, logY = Math.Log(y), logRatio = Math.Log(k / (double)(k - 1));
            // ln P(Gamma(m, 1) ≤ y), descending: L(m) = L(m+1) + Poisson(m; y).
            double logL = mHi > y ? LogUpperPoissonTail(mHi, y) : Math.Log(Math.Max(1e-300, 1 - ErlangSurvival(mHi, y)));
            for (int i = count - 1; i >= 0; i--)
            {
                int m = mLo + i;
                if (i < count - 1) logL = LogAddExp(logL, -y + m * logY - LogFactorial(m));
                second[i] = Math.Exp(logL + m * logRatio - mu * t);
            }
        }

        for (int i = 0; i < count; i++)
        {
            double pj = arrival[mLo + i + k - 1];
            if (pj < Negligible) continue;
            cdf += pj * (1 - Math.Min(1, survival[i] + second[i]));
        }
        return Math.Min(1, cdf);
    }

    private static double LogAddExp(double a, double b) =>
        a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));

    /// <summary>ln Σ_{i≥m} e^(−y) y^i / i! for y &lt; m (terms decrease from the first).</summary>
    private static double LogUpperPoissonTail(int m, double y)
    {
        double logY = Math.Log(y), first = -y + m * logY - LogFactorial(m), logTerm = first, sum = 0;
        for (int i = m; i < m + 100_000; i++)
        {
            if (i > m) logTerm += logY - Math.Log(i);
            double rel = Math.Exp(logTerm - first);
            sum += rel;
            if (rel <= 1e-18 * sum) break;
        }
        return first + Math.Log(sum);
    }

    /// <summary>
    /// P(W + X &gt; t) with W ~ Erlang(m, Kμ) and X ~ Exp(μ):
    /// P(W &gt; t) + e^(−μt)·(K/(K−1))^m·P(Gamma(m, (K−1)μ) ≤ t) for K &gt; 1, and P(W &gt; t) + e^(−μt)(μt)^m/m! for K = 1.
    /// </summary>
    internal static double ErlangPlusExponentialSurvival(int m, int k, double mu, double t)
    {
        double survivalW = ErlangSurvival(m, k * mu * t);
        double second;
        if (k == 1) second = Math.Exp(-mu * t + m * Math.Log(mu * t) - LogFactorial(m));
        else
        {
            double x = (k - 1) * mu * t, logFactor = m * Math.Log(k / (double)(k - 1)) - mu * t;
            // Below the mode the lower tail is small: sum it directly instead of 1 − survival (no cancellation).
            second = x < m ? LogLowerErlangExp(m, x, logFactor) : Math.Exp(logFactor) * (1 - ErlangSurvival(m, x));
        }
        return Math.Min(1, survivalW + second);
    }

    /// <summary>
    /// P(Erlang(m, 1) &gt; x) = Σ_{i&lt;m} e^(−x) x^i / i!, summed in log space over the window of i around x where the
    /// Poisson terms are not negligible (± 40 standard deviations), so the cost is O(√x), not O(m).
    /// </summary>
    internal static double ErlangSurvival(int m, double x)
    {
        if (x <= 0) return 1;
        double w = 40 * Math.Sqrt(x + 1) + 10;
        int lo = (int)Math.Max(0, Math.Floor(x - w)), hi = (int)Math.Min(m - 1, Math.Ceiling(x + w));
        if (hi < lo) return 0; // every term i < m lies far below the Poisson mode: survival ≈ 0
        double logX = Math.Log(x), sum = 0;
        double logTerm = -x + lo * logX - LogFactorial(lo);
        for (int i = lo; i <= hi; i++)
        {
            if (i > lo) logTerm += logX - Math.Log(i);
            sum += Math.Exp(logTerm);
        }
        return Math.Min(1, sum);
    }

    /// <summary>exp(logFactor)·P(Erlang(m, 1) ≤ x) via the upper Poisson tail Σ_{i≥m} e^(−x) x^i / i! (used below the mode, x &lt; m).</summary>
    private static double LogLowerErlangExp(int m, double x, double logFactor)
    {
        if (x <= 0) return 0;
        double logX = Math.Log(x);
        double logTerm = -x + m * logX - LogFactorial(m);
        double sum = 0;
        for (int i = m; i < m + 100_000; i++)
        {
            if (i > m) logTerm += logX - Math.Log(i);
            double term = Math.Exp(logTerm + logFactor);
            sum += term;
            if (i > x && term <= 1e-18 * sum) break;
        }
        return sum;
    }

    /// <summary>ln n!: exact sum up to 256, Stirling's series beyond (relative error below 1e-15).</summary>
    internal static double LogFactorial(int n)
    {
        if (n < 2) return 0;
        if (n <= 256)
        {
            double r = 0;
            for (int i = 2; i <= n; i++) r += Math.Log(i);
            return r;
        }
        double x = n, x2 = x * x;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x);
    }
}
