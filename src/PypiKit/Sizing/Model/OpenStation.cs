namespace PypiKit.Sizing.Model;

/// <summary>
/// Textbook formulas of the open multi-server queue, used by <see cref="BurstModel.PredictOpen"/>.
/// <para>Erlang C: with offered load a = λ/μ on c servers (ρ = a / c &lt; 1),
/// P(wait) = (a^c / c!) / (1 − ρ) / (Σ_{k&lt;c} a^k / k! + (a^c / c!) / (1 − ρ)), and the M/M/c mean wait is
/// Wq = P(wait) / (c μ − λ).</para>
/// <para>Allen–Cunneen (A. O. Allen, "Probability, Statistics, and Queueing Theory", 1978/1990): for G/G/c,
/// Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2, ca² and cs² the squared coefficients of variation of inter-arrival and service
/// times. Exact for M/M/c (both 1) and for M/G/1's mean (Pollaczek–Khinchine); good to ~10 % for moderate to heavy load.</para>
/// </summary>
public static class OpenStation
{
    /// <summary>Erlang C: the probability that an arrival waits, M/M/c with rate λ and per-server rate μ.</summary>
    public static double ErlangC(int servers, double arrivalRate, double serviceRate)
    {
        Check(servers, arrivalRate, serviceRate);
        double a = arrivalRate / serviceRate, rho = a / servers;
        // Terms a^k / k! built incrementally; scaled by the last so that large c does not overflow.
        double term = 1, sum = 0;
        for (int k = 0; k < servers; k++) { sum += term; term *= a / (k + 1); }
        double last = term / (1 - rho);
        return last / (sum + last);
    }

    /// <summary>The M/M/c mean waiting time in queue (not in service), seconds.</summary>
    public static double MeanWait(int servers, double arrivalRate, double serviceRate) =>
        ErlangC(servers, arrivalRate, serviceRate) / (servers * serviceRate - arrivalRate);

    /// <summary>Allen–Cunneen's G/G/c mean wait: <see cref="MeanWait"/> · (ca² + cs²) / 2.</summary>
    public static double AllenCunneenWait(int servers, double arrivalRate, double serviceRate, double arrivalCv2, double serviceCv2)
    {
        if (!(arrivalCv2 >= 0) || !(serviceCv2 >= 0)) throw new InvalidInputException("cv", $"squared CVs must be >= 0, got {arrivalCv2} and {serviceCv2}");
        return MeanWait(servers, arrivalRate, serviceRate) * (arrivalCv2 + serviceCv2) / 2;
    }

    private static void Check(int servers, double arrivalRate, double serviceRate)
    {
        if (servers < 1) throw new InvalidInputException("servers", $"servers must be >= 1, got {servers}");
        if (!(arrivalRate > 0) || !(serviceRate > 0)) throw new InvalidInputException("rate", $"rates must be > 0, got λ = {arrivalRate}, μ = {serviceRate}");
        if (arrivalRate >= servers * serviceRate)
            throw new InvalidInputException("rate", $"arrival rate {arrivalRate} reaches the capacity {servers * serviceRate} of {servers} servers: no steady state");
    }
}
