namespace PypiKit.Sizing;

/// <summary>
/// The reference deployment's validated stress run (reference module docs/plans, "production_incident" profile):
/// 2 × c6a.xlarge, 12 tasks × 4 gunicorn workers = 48 workers, bursts of 510 concurrent clients, 5 minutes,
/// measured 20 req/s and p95 14 s over 6,273 requests. The harness structure (tests/stress_test.py) is what turns the
/// run-average figures into burst figures: 21 iterations of which 4 are bursts (510 clients × 3 sequential requests:
/// redirect, index page, wheel) and 17 are normal (3 clients × 3 requests) paced to 10 s each.
/// </summary>
public sealed record ReferenceRun
{
    public int Workers { get; init; } = 48;
    public int Concurrency { get; init; } = 510;
    /// <summary>Measured throughput: total requests / wall time, pacing sleeps included (20 req/s).</summary>
    public double MeasuredThroughputRps { get; init; } = 20;
    /// <summary>Measured p95 latency over successful requests (14 s).</summary>
    public double MeasuredP95Seconds { get; init; } = 14;
    /// <summary>Total requests of the run (6,273 = 4 × 510 × 3 + 17 × 3 × 3).</summary>
    public int TotalRequests { get; init; } = 6273;
    public int Bursts { get; init; } = 4;
    /// <summary>Sequential requests per client per iteration (simulate_pip_install: 3).</summary>
    public int RequestsPerClient { get; init; } = 3;
    public int NormalIterations { get; init; } = 17;
    public int NormalClients { get; init; } = 3;
    /// <summary>Length of a normal iteration (the harness sleeps to 10 s).</summary>
    public double NormalIterationSeconds { get; init; } = 10;

    public int BurstRequests => Bursts * Concurrency * RequestsPerClient;
    public int NormalRequests => NormalIterations * NormalClients * RequestsPerClient;
    /// <summary>Wall time implied by the measured throughput: total / throughput (313.65 s for 6,273 at 20 req/s).</summary>
    public double WallSeconds => TotalRequests / MeasuredThroughputRps;
    /// <summary>Time spent in bursts: wall time minus the paced normal iterations.</summary>
    public double BurstWindowSeconds => WallSeconds - NormalIterations * NormalIterationSeconds;
    /// <summary>Throughput while bursting: burst requests / burst window (≈ 42.6 req/s).</summary>
    public double BurstThroughputRps => BurstRequests / BurstWindowSeconds;

    public static ReferenceRun Default { get; } = new();
}

/// <summary>How the service time is derived from the reference run.</summary>
public enum CalibrationMethod
{
    /// <summary>
    /// Default. Fit S so that the model's burst throughput equals the run's burst throughput (burst requests over the
    /// wall time left after the paced normal iterations); predict p95 and compare it with the measured 14 s.
    /// </summary>
    BurstWindow,
    /// <summary>
    /// Naive: fit S to the run-average 20 req/s as if the 510 clients ran the whole time. Shown for contrast: the
    /// average includes 170 s of paced, nearly idle iterations, so S comes out twice too long.
    /// </summary>
    RunAverage,
    /// <summary>
    /// Transient check: fit S so that a simulated burst (<see cref="BurstSimulator"/>: 510 clients starting together,
    /// 3 requests each, 48 FCFS workers) lasts as long as one burst of the run did (burst window / bursts), then take
    /// p95 from the simulated latencies mixed with the normal iterations'. Accounts for the burst's drain, which the
    /// steady-state fit ignores.
    /// </summary>
    BurstTransient,
}

/// <summary>The calibrated service time and how far the model lands from the measured run.</summary>
public sealed record LatencyCalibrationResult
{
    public required CalibrationMethod Method { get; init; }
    public required ReferenceRun Run { get; init; }
    /// <summary>The fitted mean service time S (seconds per request per worker).</summary>
    public required double ServiceTimeSeconds { get; init; }
    /// <summary>The model's prediction for one steady burst of the run (K = 48, N = 510, Z = 0).</summary>
    public required LatencyPrediction Burst { get; init; }
    /// <summary>The simulated transient burst (only for <see cref="CalibrationMethod.BurstTransient"/>).</summary>
    public BurstSimulationResult? Transient { get; init; }
    /// <summary>Predicted run-average throughput (all requests over normal iterations + predicted burst time).</summary>
    public required double PredictedThroughputRps { get; init; }
    /// <summary>Predicted p95 over all the run's requests (bursts and normal iterations mixed by count).</summary>
    public required double PredictedP95Seconds { get; init; }
    /// <summary>(predicted − measured) / measured throughput, as a fraction.</summary>
    public double ThroughputError => (PredictedThroughputRps - Run.MeasuredThroughputRps) / Run.MeasuredThroughputRps;
    /// <summary>(predicted − measured) / measured p95, as a fraction.</summary>
    public double P95Error => (PredictedP95Seconds - Run.MeasuredP95Seconds) / Run.MeasuredP95Seconds;
}

/// <summary>
/// Calibrates <see cref="LatencyModel"/>'s service time from the reference run and reports the error.
/// <para>Result with the defaults (<see cref="CalibrationMethod.BurstWindow"/>): S = 1.127 s; predicted burst
/// throughput 42.6 req/s (mean latency 12.0 s), run-average 20 req/s (fitted: error 0 by construction) and run p95
/// 14.3 s against the measured 14 s (+2.2 %, the out-of-sample check). The naive
/// <see cref="CalibrationMethod.RunAverage"/> fit gives S = 2.4 s and a p95 of 30.5 s (+118 %). The transient check
/// (<see cref="CalibrationMethod.BurstTransient"/>, simulated bursts that ramp down at the end) gives S = 1.015 s and
/// p95 12.5 s (−10.7 %): the truth about the run lies between a steady burst and an idealised transient one, and the
/// two bracket the measurement.</para>
/// <para>Sensitivity: the burst window rests on the paced normal iterations (the harness sleeps to the next whole
/// 10 s, so each lasts 10–11 s) and on the rounded 20 req/s (19.5–20.5). Over that box the fitted S runs 0.94–1.19 s
/// and the p95 error −15 % … +8 %; it also assumes the burst iterations were not stretched by the harness's
/// diagnostics processes.</para>
/// </summary>
public static class LatencyCalibration
{
    private static readonly Lazy<LatencyCalibrationResult> s_reference = new(() => Calibrate(ReferenceRun.Default));

    /// <summary>
    /// Service time calibrated from the reference run (burst-window method), rounded to the millisecond so that it is a
    /// constant: 1.127 s. <c>LatencyCalibrationTests</c> checks it against <see cref="Calibrate"/>.
    /// </summary>
    public const double ReferenceServiceTimeSeconds = 1.127;

    /// <summary>The default calibration (computed once).</summary>
    public static LatencyCalibrationResult Reference => s_reference.Value;

    /// <summary>Fits the service time to <paramref name="run"/> with <paramref name="method"/> and reports the error.</summary>
    public static LatencyCalibrationResult Calibrate(ReferenceRun run, CalibrationMethod method = CalibrationMethod.BurstWindow)
    {
        if (run.BurstWindowSeconds <= 0)
            throw new InvalidInputException("throughput", $"the run's wall time ({run.WallSeconds:0.#} s) does not exceed its paced normal iterations");
        if (method == CalibrationMethod.BurstTransient) return CalibrateTransient(run);
        double targetBurstX = method == CalibrationMethod.BurstWindow ? run.BurstThroughputRps : run.MeasuredThroughputRps;
        double s = LatencyModel.ServiceTimeForThroughput(run.Workers, run.Concurrency, targetBurstX);

        var burstInputs = new LatencyModelInputs { Workers = run.Workers, Clients = run.Concurrency, ServiceTimeSeconds = s };
        var burst = LatencyModel.Predict(burstInputs);
        var normalInputs = burstInputs with { Clients = run.NormalClients };

        double predictedX = method == CalibrationMethod.BurstWindow
            ? run.TotalRequests / (run.NormalIterations * run.NormalIterationSeconds + run.BurstRequests / burst.ThroughputRps)
            : burst.ThroughputRps;

        double predictedP95 = burst.P95LatencySeconds;
        if (method == CalibrationMethod.BurstWindow)
        {
            var burstCdf = LatencyModel.ResponseTimeCdf(burstInputs);
            var normalCdf = LatencyModel.ResponseTimeCdf(normalInputs);
            predictedP95 = MixedP95(run, burstCdf, normalCdf, burst.P99LatencySeconds * 2);
        }

        return new LatencyCalibrationResult
        {
            Method = method,
            Run = run,
            ServiceTimeSeconds = s,
            Burst = burst,
            PredictedThroughputRps = predictedX,
            PredictedP95Seconds = predictedP95,
        };
    }

    private static LatencyCalibrationResult CalibrateTransient(ReferenceRun run)
    {
        // Times scale with S for a fixed seed: simulate at S = 1 and rescale.
        var unit = BurstSimulator.Simulate(new BurstSimulationInputs
        {
            Workers = run.Workers, Clients = run.Concurrency, RequestsPerClient = run.RequestsPerClient, ServiceTimeSeconds = 1,
        });
        double s = run.BurstWindowSeconds / run.Bursts / unit.MeanDurationSeconds;
        var transient = BurstSimulator.Simulate(new BurstSimulationInputs
        {
            Workers = run.Workers, Clients = run.Concurrency, RequestsPerClient = run.RequestsPerClient, ServiceTimeSeconds = s,
        });
        var sorted = transient.SortedLatencies;
        double BurstCdf(double t)
        {
            int lo = 0, hi = sorted.Count;
            while (lo < hi) { int mid = (lo + hi) / 2; if (sorted[mid] <= t) lo = mid + 1; else hi = mid; }
            return lo / (double)sorted.Count;
        }
        var normalCdf = LatencyModel.ResponseTimeCdf(new LatencyModelInputs { Workers = run.Workers, Clients = run.NormalClients, ServiceTimeSeconds = s });
        return new LatencyCalibrationResult
        {
            Method = CalibrationMethod.BurstTransient,
            Run = run,
            ServiceTimeSeconds = s,
            Burst = LatencyModel.Predict(new LatencyModelInputs { Workers = run.Workers, Clients = run.Concurrency, ServiceTimeSeconds = s }),
            Transient = transient,
            PredictedThroughputRps = run.TotalRequests / (run.NormalIterations * run.NormalIterationSeconds + run.Bursts * transient.MeanDurationSeconds),
            PredictedP95Seconds = MixedP95(run, BurstCdf, normalCdf, sorted[^1]),
        };
    }

    /// <summary>The 95th percentile of the run's requests: burst and normal-iteration latencies mixed by count.</summary>
    private static double MixedP95(ReferenceRun run, Func<double, double> burstCdf, Func<double, double> normalCdf, double upper)
    {
        double wb = run.BurstRequests / (double)run.TotalRequests, wn = run.NormalRequests / (double)run.TotalRequests;
        double Mixed(double t) => (wb * burstCdf(t) + wn * normalCdf(t)) / (wb + wn);
        double lo = 0, hi = upper;
        while (Mixed(hi) < 0.95) hi *= 2;
        for (int i = 0; i < 80; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Mixed(mid) < 0.95) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
