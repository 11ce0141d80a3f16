using PypiKit.Sizing;

namespace PypiKit.Tests.Sizing;

public class LatencyModelTests
{
    [Fact]
    public void Product_form_solution_agrees_with_exact_mva()
    {
        foreach (var (k, n, s, z) in new[] { (4, 20, 0.5, 2.0), (1, 15, 0.2, 1.0), (8, 40, 1.0, 3.0), (48, 120, 1.1, 10.0) })
        {
            var p = LatencyModel.Predict(new LatencyModelInputs { Workers = k, Clients = n, ServiceTimeSeconds = s, ThinkTimeSeconds = z });
            var (x, r) = LatencyModel.SolveMeanValueAnalysis(k, n, s, z);
            Assert.Equal(x, p.ThroughputRps, 1e-6 * x);
            Assert.Equal(r, p.MeanLatencySeconds, 1e-6 * r);
        }
    }

    [Fact]
    public void Saturated_burst_follows_the_operational_laws()
    {
        // Z = 0, N >> K: X = K/S and R = N·S/K (interactive response-time law).
        var p = LatencyModel.Predict(new LatencyModelInputs { Workers = 48, Clients = 510, ServiceTimeSeconds = 1.0 });
        Assert.Equal(48, p.ThroughputRps, 1e-9);
        Assert.Equal(510 / 48.0, p.MeanLatencySeconds, 1e-9);
        Assert.Equal(1.0, p.Utilization, 1e-9);
        Assert.True(p.P95LatencySeconds > p.MeanLatencySeconds);
        Assert.True(p.P99LatencySeconds > p.P95LatencySeconds);
    }

    [Fact]
    public void Light_load_latency_is_just_the_service_time()
    {
        // Fewer clients than workers: no queueing; response time is Exp(S): p95 = S·ln 20.
        var p = LatencyModel.Predict(new LatencyModelInputs { Workers = 48, Clients = 3, ServiceTimeSeconds = 0.2 });
        Assert.Equal(0.2, p.MeanLatencySeconds, 1e-9);
        Assert.Equal(0.2 * Math.Log(20), p.P95LatencySeconds, 1e-4);
        Assert.Equal(15, p.ThroughputRps, 1e-9);
    }

    [Fact]
    public void Percentiles_match_a_simulation_of_the_same_network()
    {
        // Discrete-event simulation of N clients, Z think (exponential), K FCFS servers with Exp(S) service.
        const int k = 6, n = 40; const double s = 0.5, z = 2.0;
        var rng = new Random(12345);
        double Exp(double mean) => -mean * Math.Log(1 - rng.NextDouble());
        var events = new PriorityQueue<(int Client, bool Arrival), double>();
        for (int c = 0; c < n; c++) events.Enqueue((c, true), Exp(z));
        var queue = new Queue<(int Client, double Arrived)>();
        int busy = 0; var latencies = new List<double>(); var arrivedAt = new double[n];
        int done = 0;
        while (done < 200_000 && events.TryDequeue(out var ev, out double t))
        {
            if (ev.Arrival)
            {
                arrivedAt[ev.Client] = t;
                if (busy < k) { busy++; events.Enqueue((ev.Client, false), t + Exp(s)); }
                else queue.Enqueue((ev.Client, t));
            }
            else
            {
                if (done++ > 5_000) latencies.Add(t - arrivedAt[ev.Client]);
                events.Enqueue((ev.Client, true), t + Exp(z));
                if (queue.TryDequeue(out var next)) events.Enqueue((next.Client, false), t + Exp(s)); else busy--;
            }
        }
        latencies.Sort();
        double simMean = latencies.Average(), simP95 = latencies[(int)(latencies.Count * 0.95)];
        var p = LatencyModel.Predict(new LatencyModelInputs { Workers = k, Clients = n, ServiceTimeSeconds = s, ThinkTimeSeconds = z });
        Assert.InRange(p.MeanLatencySeconds / simMean, 0.95, 1.05);
        Assert.InRange(p.P95LatencySeconds / simP95, 0.95, 1.05);
    }

    [Fact]
    public void Calibration_from_the_reference_run_lands_near_the_measurement()
    {
        var cal = LatencyCalibration.Calibrate(ReferenceRun.Default);
        Assert.Equal(CalibrationMethod.BurstWindow, cal.Method);
        Assert.Equal(LatencyCalibration.ReferenceServiceTimeSeconds, cal.ServiceTimeSeconds, 0.0006);
        Assert.Equal(20, cal.PredictedThroughputRps, 1e-3);          // fitted
        Assert.InRange(Math.Abs(cal.P95Error), 0, 0.10);               // out of sample: within 10 % of 14 s
        Assert.Equal(48, cal.Burst.Workers);
        Assert.Equal(510, cal.Burst.Clients);

        var naive = LatencyCalibration.Calibrate(ReferenceRun.Default, CalibrationMethod.RunAverage);
        Assert.Equal(2.4, naive.ServiceTimeSeconds, 1e-3);
        Assert.True(naive.P95Error > 0.5, "the naive fit overshoots p95");
    }

    [Fact]
    public void Service_time_search_inverts_the_throughput()
    {
        double s = LatencyModel.ServiceTimeForThroughput(8, 30, 5.0, 2.0);
        var p = LatencyModel.Predict(new LatencyModelInputs { Workers = 8, Clients = 30, ServiceTimeSeconds = s, ThinkTimeSeconds = 2.0 });
        Assert.Equal(5.0, p.ThroughputRps, 1e-5);
    }

    [Fact]
    public void Bad_inputs_name_the_input()
    {
        Assert.Equal("workers", Assert.Throws<InvalidInputException>(() => LatencyModel.Predict(new LatencyModelInputs { Workers = 0, Clients = 5 })).Input);
        Assert.Equal("concurrency", Assert.Throws<InvalidInputException>(() => LatencyModel.Predict(new LatencyModelInputs { Workers = 2, Clients = 0 })).Input);
        Assert.Equal("service_time", Assert.Throws<InvalidInputException>(() => LatencyModel.Predict(new LatencyModelInputs { Workers = 2, Clients = 5, ServiceTimeSeconds = 0 })).Input);
    }

    [Fact]
    public void Inputs_from_a_plan_use_its_total_workers()
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "c6a.xlarge" });
        var inputs = LatencyModelInputs.FromPlan(plan, 510);
        Assert.Equal(48, inputs.Workers);
        var p = LatencyModel.Predict(inputs);
        Assert.InRange(p.P95LatencySeconds, 10, 18);
    }
}

public class LatencyModelNumericsTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(5, 3.0)]
    [InlineData(50, 40.0)]
    [InlineData(462, 480.0)]
    [InlineData(3000, 2000.0)]
    [InlineData(3000, 4000.0)]
    public void Windowed_erlang_survival_matches_the_full_sum(int m, double x)
    {
        double full = 0, logTerm = -x;
        for (int i = 0; i < m; i++) { if (i > 0) logTerm += Math.Log(x) - Math.Log(i); full += Math.Exp(logTerm); }
        Assert.Equal(Math.Min(1, full), LatencyModel.ErlangSurvival(m, x), 1e-10);
    }

    [Theory]
    [InlineData(20, 200, 0.5, 3.0)]
    [InlineData(1, 30, 0.2, 1.0)]
    [InlineData(48, 509, 1.127, 0.0)]
    [InlineData(2, 300, 1.0, 10.0)]
    public void Recurrence_cdf_matches_the_term_by_term_mixture(int k, int n, double s, double z)
    {
        var arrival = LatencyModel.StationDistribution(n, k, s, z);
        foreach (var t in new[] { 0.3 * s, s, 5 * s, 20 * s, n * s / k, 2 * n * s / k })
        {
            double slow = 0;
            for (int j = 0; j < arrival.Length; j++)
                slow += arrival[j] * (j < k ? 1 - Math.Exp(-t / s) : 1 - LatencyModel.ErlangPlusExponentialSurvival(j - k + 1, k, 1 / s, t));
            Assert.Equal(Math.Min(1, slow), LatencyModel.Cdf(arrival, k, s, t), 1e-9);
        }
    }

    [Fact]
    public void Stirling_log_factorial_joins_the_exact_sum()
    {
        double exact = 0;
        for (int i = 2; i <= 1000; i++) exact += Math.Log(i);
        Assert.Equal(exact, LatencyModel.LogFactorial(1000), 1e-9);
    }

    [Fact]
    public void Large_populations_stay_finite()
    {
        var p = LatencyModel.Predict(new LatencyModelInputs { Workers = 400, Clients = 5000, ServiceTimeSeconds = 1, ThinkTimeSeconds = 5 });
        Assert.True(double.IsFinite(p.P95LatencySeconds));
        Assert.InRange(p.ThroughputRps, 390, 400.0001);
        Assert.Equal(5000 / p.ThroughputRps - 5, p.MeanLatencySeconds, 1e-6);
    }
}

public class BurstSimulatorTests
{
    [Fact]
    public void A_burst_lasts_longer_than_requests_over_capacity_but_its_p95_is_near_the_steady_state()
    {
        var sim = BurstSimulator.Simulate(new BurstSimulationInputs { Workers = 48, Clients = 510, ServiceTimeSeconds = 1 });
        double ideal = 510 * 3 / 48.0; // every worker busy all the time
        Assert.InRange(sim.MeanDurationSeconds, ideal, ideal * 1.25);
        var steady = LatencyModel.Predict(new LatencyModelInputs { Workers = 48, Clients = 510, ServiceTimeSeconds = 1 });
        Assert.InRange(sim.P95LatencySeconds / steady.P95LatencySeconds, 0.9, 1.02);
        Assert.True(sim.P50LatencySeconds < steady.P50LatencySeconds); // the first wave sees a shorter queue
        Assert.Equal(510 * 3 * 40, sim.SortedLatencies.Count);
    }

    [Fact]
    public void Results_scale_exactly_with_the_service_time_and_repeat_with_the_seed()
    {
        var a = BurstSimulator.Simulate(new BurstSimulationInputs { Workers = 8, Clients = 60, ServiceTimeSeconds = 1, Replications = 5 });
        var b = BurstSimulator.Simulate(new BurstSimulationInputs { Workers = 8, Clients = 60, ServiceTimeSeconds = 2, Replications = 5 });
        Assert.Equal(2 * a.MeanDurationSeconds, b.MeanDurationSeconds, 1e-9);
        Assert.Equal(2 * a.P95LatencySeconds, b.P95LatencySeconds, 1e-9);
        var again = BurstSimulator.Simulate(new BurstSimulationInputs { Workers = 8, Clients = 60, ServiceTimeSeconds = 1, Replications = 5 });
        Assert.Equal(a.P95LatencySeconds, again.P95LatencySeconds);
    }

    [Fact]
    public void Transient_calibration_fits_the_burst_window_and_reports_its_p95_error()
    {
        var cal = LatencyCalibration.Calibrate(ReferenceRun.Default, CalibrationMethod.BurstTransient);
        Assert.NotNull(cal.Transient);
        Assert.Equal(ReferenceRun.Default.BurstWindowSeconds / 4, cal.Transient!.MeanDurationSeconds, 1e-6);
        Assert.Equal(20, cal.PredictedThroughputRps, 1e-6);
        Assert.InRange(cal.ServiceTimeSeconds, 0.9, 1.1);
        Assert.InRange(cal.P95Error, -0.2, 0.0); // the drain makes the burst longer, so S and p95 come out lower
    }
}
