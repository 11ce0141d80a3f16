using PypiKit.Sizing;
using PypiKit.Sizing.Model;

namespace PypiKit.Tests.Sizing;

public class BurstModelTests
{
    private static BurstModelInputs Inputs(int clients, int workers, int cores, ServiceDemand demand, double think = 0) => new()
    {
        Clients = clients, Tasks = 1, WorkersPerTask = workers, Hosts = 1, VcpusPerHost = cores, Demand = demand, ThinkTimeSeconds = think,
    };

    [Fact]
    public void Erlang_c_matches_the_textbook_mmc_values()
    {
        // c = 2, λ = 1.5, μ = 1: a = 1.5, ρ = 0.75. Σ_{k<2} a^k/k! = 1 + 1.5; (a²/2!)/(1 − ρ) = 1.125 / 0.25 = 4.5.
        double pWait = 4.5 / (2.5 + 4.5), wq = pWait / (2 * 1 - 1.5);
        Assert.Equal(0.6429, pWait, 4);
        Assert.Equal(pWait, OpenStation.ErlangC(2, 1.5, 1), 12);
        Assert.Equal(1.2857, OpenStation.MeanWait(2, 1.5, 1), 4);
        Assert.Equal(wq, OpenStation.MeanWait(2, 1.5, 1), 12);
        // M/M/1: P(wait) = ρ, Wq = ρ / (μ − λ).
        Assert.Equal(0.8, OpenStation.ErlangC(1, 0.8, 1), 12);
        Assert.Equal(4.0, OpenStation.MeanWait(1, 0.8, 1), 12);
    }

    [Fact]
    public void Allen_cunneen_scales_the_mmc_wait_by_the_mean_squared_cv()
    {
        double mmc = OpenStation.MeanWait(3, 2.4, 1);
        Assert.Equal(mmc, OpenStation.AllenCunneenWait(3, 2.4, 1, 1, 1), 12);
        Assert.Equal(mmc / 2, OpenStation.AllenCunneenWait(3, 2.4, 1, 1, 0), 12); // M/D/c: half the M/M/c wait
        // M/D/1 by Pollaczek–Khinchine: Wq = ρ S / (2 (1 − ρ)) = 0.8 / 0.4 = 2; Allen–Cunneen is exact there.
        Assert.Equal(2.0, OpenStation.AllenCunneenWait(1, 0.8, 1, 1, 0), 12);
        Assert.Equal("rate", Assert.Throws<InvalidInputException>(() => OpenStation.ErlangC(2, 2, 1)).Input);
    }

    [Fact]
    public void Closed_network_matches_mva_worked_by_hand()
    {
        // One server, S = 1, Z = 1, exponential. MVA: n = 1: R = 1, X = 1/2, Q = 1/2. n = 2: R = 1·(1 + 1/2) = 1.5, X = 2/2.5 = 0.8.
        var p = BurstModel.Predict(Inputs(2, 1, 64, ServiceDemand.Unsplit(1, 1), think: 1));
        Assert.Equal(0.8, p.ThroughputRps, 9);
        Assert.Equal(1.5, p.MeanLatencySeconds, 9);
        // n = 3: Q(2) = X·R = 1.2; R = 1 + 1.2 = 2.2, X = 3 / 3.2 = 0.9375.
        var q = BurstModel.Predict(Inputs(3, 1, 64, ServiceDemand.Unsplit(1, 1), think: 1));
        Assert.Equal(0.9375, q.ThroughputRps, 9);
        Assert.Equal(2.2, q.MeanLatencySeconds, 9);
    }

    [Fact]
    public void Agrees_with_the_exponential_latency_model_on_means_and_tails()
    {
        foreach (var (k, n, s, z) in new[] { (4, 20, 0.5, 2.0), (8, 40, 1.0, 3.0), (48, 510, 1.127, 0.0) })
        {
            var exact = LatencyModel.Predict(new LatencyModelInputs { Workers = k, Clients = n, ServiceTimeSeconds = s, ThinkTimeSeconds = z });
            var fit = BurstModel.Predict(Inputs(n, k, 1024, ServiceDemand.Unsplit(s, 1), z));
            Assert.Equal(exact.ThroughputRps, fit.ThroughputRps, 1e-6 * exact.ThroughputRps);
            Assert.Equal(exact.MeanLatencySeconds, fit.MeanLatencySeconds, 1e-6 * exact.MeanLatencySeconds);
            // The gamma two-moment fit of Erlang wait + exponential service lands near the exact convolution.
            Assert.InRange(fit.P95LatencySeconds / exact.P95LatencySeconds, 0.93, 1.07);
        }
    }

    [Fact]
    public void Cores_cap_cpu_bound_demand_whatever_the_worker_count()
    {
        var cpu = BurstModel.Predict(Inputs(64, 8, 2, new ServiceDemand(0.1, 0, 0.2)));
        Assert.Equal(2 / 0.1, cpu.ThroughputRps, 6);
        Assert.Equal(BurstLimit.Cores, cpu.Limit);
        Assert.Equal(1.0, cpu.CpuUtilization, 6);
        var io = BurstModel.Predict(Inputs(64, 8, 2, new ServiceDemand(0, 0.1, 0.2)));
        Assert.Equal(8 / 0.1, io.ThroughputRps, 6);
        Assert.Equal(BurstLimit.Workers, io.Limit);

        // Mixed: 8 busy workers are a closed loop of a 2-core CPU station (50 ms) and a 50 ms I/O delay: its exact
        // product-form throughput (the exponential LatencyModel with K = cores, N = workers, Z = I/O) is the ceiling.
        var mixed = BurstModel.Predict(Inputs(64, 8, 2, new ServiceDemand(0.05, 0.05, 1)));
        var inner = LatencyModel.Predict(new LatencyModelInputs { Workers = 2, Clients = 8, ServiceTimeSeconds = 0.05, ThinkTimeSeconds = 0.05 });
        Assert.Equal(inner.ThroughputRps, mixed.SaturationThroughputRps, 9);
        Assert.InRange(mixed.ThroughputRps, 0.8 * 2 / 0.05, 2 / 0.05); // below the cores' 40 req/s, far above half of it
    }

    [Fact]
    public void Sticky_clients_get_only_the_pinned_targets_workers_and_cores()
    {
        var even = new BurstModelInputs { Clients = 510, Tasks = 12, WorkersPerTask = 4, Hosts = 2, VcpusPerHost = 4, Demand = ServiceDemand.Unsplit(0.1, 0.3) };
        var sticky = even with { StickyTargets = 1 };
        Assert.Equal((48, 8), (even.ServingWorkers, even.ServingCores));
        Assert.Equal((4, 4), (sticky.ServingWorkers, sticky.ServingCores));
        var e = BurstModel.Predict(even);
        var s = BurstModel.Predict(sticky);
        Assert.Equal(480, e.ThroughputRps, 6);
        Assert.Equal(40, s.ThroughputRps, 6);
        Assert.Equal(510 / 40.0, s.MeanLatencySeconds, 6);
        Assert.Contains(s.Flags, f => f.StartsWith("sticky routing", StringComparison.Ordinal));
    }

    [Fact]
    public void Tails_follow_the_measured_variability_not_an_assumed_exponential()
    {
        // N = 64 on 8 workers, Z = 0: every request waits for 56 departures then its own service; the mean is 64·S/8.
        var constant = BurstModel.Predict(Inputs(64, 8, 64, ServiceDemand.Unsplit(0.02, 0)));
        Assert.Equal(0.16, constant.P95LatencySeconds, 6);
        var low = BurstModel.Predict(Inputs(64, 8, 64, ServiceDemand.Unsplit(0.02, 0.2)));
        var expo = BurstModel.Predict(Inputs(64, 8, 64, ServiceDemand.Unsplit(0.02, 1)));
        Assert.True(low.P95LatencySeconds < expo.P95LatencySeconds);
        Assert.InRange(low.P95LatencySeconds, 0.16, 0.16 * 1.1);
        // One client, exponential service: p95 = S·ln 20.
        var one = BurstModel.Predict(Inputs(1, 8, 64, ServiceDemand.Unsplit(0.02, 1)));
        Assert.Equal(0.02 * Math.Log(20), one.P95LatencySeconds, 6);
        Assert.Contains(BurstModel.Predict(Inputs(4, 8, 64, ServiceDemand.Unsplit(0.02, 2.5))).Flags, f => f.Contains("CV", StringComparison.Ordinal));
    }

    [Fact]
    public void Burst_completion_covers_the_rounds_and_the_drain()
    {
        // One client, three requests of a constant 50 ms: 150 ms.
        Assert.Equal(0.15, BurstModel.Predict(Inputs(1, 4, 64, ServiceDemand.Unsplit(0.05, 0)) with { RequestsPerClient = 3 }).BurstCompletionSeconds, 9);
        // Four exponential requests on four workers: the expected maximum of four exponentials, S·(1 + 1/2 + 1/3 + 1/4).
        Assert.Equal(0.05 * (25.0 / 12), BurstModel.Predict(Inputs(4, 4, 64, ServiceDemand.Unsplit(0.05, 1))).BurstCompletionSeconds, 9);
        // Saturated: 510 × 3 requests at 48 / S, plus the drain; pacing stretches a short iteration to 10 s.
        var big = BurstModel.Predict(Inputs(510, 48, 1024, ServiceDemand.Unsplit(1, 1)) with { RequestsPerClient = 3, PacingSeconds = 10 });
        Assert.InRange(big.BurstCompletionSeconds, 510 * 3 / 48.0, 510 * 3 / 48.0 + 5);
        Assert.Equal(big.BurstCompletionSeconds, big.IterationSeconds);
        var paced = BurstModel.Predict(Inputs(3, 48, 1024, ServiceDemand.Unsplit(0.1, 1)) with { PacingSeconds = 10 });
        Assert.Equal(10, paced.IterationSeconds);
    }

    [Fact]
    public void Open_prediction_uses_erlang_c_with_the_cpu_capped_service_time()
    {
        var inputs = Inputs(1, 2, 64, ServiceDemand.Unsplit(1, 1));
        var p = BurstModel.PredictOpen(inputs, 1.5)!;
        Assert.Equal(OpenStation.ErlangC(2, 1.5, 1), p.WaitProbability, 12);
        Assert.Equal(1.2857 + 1, p.MeanLatencySeconds, 4);
        Assert.Null(BurstModel.PredictOpen(inputs, 2.5));
        // CPU-bound: 8 workers on 2 cores at 0.1 s CPU each act as 8 servers of 0.4 s (20 req/s at most).
        Assert.Null(BurstModel.PredictOpen(Inputs(1, 8, 2, new ServiceDemand(0.1, 0, 0)), 21));
    }

    [Fact]
    public void Bad_inputs_name_their_field()
    {
        var ok = Inputs(4, 2, 2, ServiceDemand.Unsplit(0.1));
        Assert.Equal("concurrency", Assert.Throws<InvalidInputException>(() => BurstModel.Predict(ok with { Clients = 0 })).Input);
        Assert.Equal("vcpus", Assert.Throws<InvalidInputException>(() => BurstModel.Predict(ok with { VcpusPerHost = 0 })).Input);
        Assert.Equal("sticky_targets", Assert.Throws<InvalidInputException>(() => BurstModel.Predict(ok with { StickyTargets = 0 })).Input);
        Assert.Equal("cv", Assert.Throws<InvalidInputException>(() => BurstModel.Predict(ok with { Demand = new ServiceDemand(0, 0.1, -1) })).Input);
        Assert.Equal("service_time", Assert.Throws<InvalidInputException>(() => BurstModel.Predict(ok with { Demand = new ServiceDemand(0, 0, 1) })).Input);
    }

    [Fact]
    public void Gamma_cdf_matches_closed_forms()
    {
        // Shape 1: exponential. Shape 2 (cv² = 1/2): 1 − e^(−x)(1 + x) with x = t / scale.
        Assert.Equal(1 - Math.Exp(-2), GammaDistribution.Cdf(2, 1, 1), 12);
        double t = 3, scale = 0.5 * 0.5; // mean 0.5, cv² 0.5 ⇒ scale 0.25
        Assert.Equal(1 - Math.Exp(-t / scale * 0.1) * (1 + t / scale * 0.1), GammaDistribution.Cdf(0.3, 0.5, 0.5), 10);
        // Large shape: the cube-root normal approximation, median near the mean.
        Assert.InRange(GammaDistribution.Quantile(0.5, 10, 1e-4), 9.98, 10.0);
        Assert.Equal(Math.Log(24), GammaDistribution.LogGamma(5), 12);
    }
}
