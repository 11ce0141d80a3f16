using PypiKit.Sizing;

namespace PypiKit.Burst;

/// <summary>Measured and predicted figures at one concurrency level (the workers of a paced iteration).</summary>
public sealed record ConcurrencyComparison(
    int Concurrency, int Iterations, long Requests,
    double MeasuredThroughputRps, double MeasuredMeanMs, double MeasuredP95Ms,
    double PredictedThroughputRps, double PredictedMeanMs, double PredictedP95Ms);

/// <summary>The model's inputs and its comparison with a run, level by level.</summary>
public sealed record ModelComparison(int Workers, double ServiceTimeSeconds, string Calibration, IReadOnlyList<ConcurrencyComparison> Levels);

/// <summary>
/// Compares a paced run with <see cref="LatencyModel"/>: iterations are grouped by their worker count (normal vs
/// burst); for each level the measured throughput (requests / iteration time) and p95 are set beside the model's
/// prediction for N = that many clients on K = <c>workers</c> server workers. The service time S is
/// given, or calibrated from the highest (burst) level: the S at which the model reproduces its measured throughput,
/// so the burst's p95 and the other levels are what the model predicts.
/// <para>
/// <c>excludeWarmUp</c> leaves out iteration 0 when later iterations ran at the same level: the first burst meets
/// cold caches, a cold JIT and new connections, which the steady-state model does not describe.
/// </para>
/// </summary>
public static class BurstModelComparison
{
    public static ModelComparison Compare(BurstResult result, int workers, double? serviceTimeSeconds = null, bool excludeWarmUp = false)
    {
        var iterations = result.Bursts.Where(b => b.Requests > 0 && b.CompletionSeconds > 0).ToList();
        if (excludeWarmUp && iterations.Count > 0 && iterations[0].Index == 0
            && iterations.Skip(1).Any(b => b.Workers == iterations[0].Workers))
            iterations.RemoveAt(0);
        var levels = iterations
            .GroupBy(b => b.Workers).OrderBy(g => g.Key)
            .Select(g =>
            {
                var h = new LatencyHistogram();
                foreach (var b in g) h.Merge(b.Latency);
                var requests = g.Sum(b => b.Requests);
                return (Concurrency: g.Key, Iterations: g.Count(), Requests: requests, Throughput: requests / g.Sum(b => b.CompletionSeconds), Latency: h);
            }).Where(l => l.Concurrency > 0).ToList();
        if (levels.Count == 0) return new ModelComparison(workers, serviceTimeSeconds ?? 0, "no paced iterations to compare", []);

        string calibration;
        double s;
        if (serviceTimeSeconds is { } given) { s = given; calibration = "given"; }
        else
        {
            // As the sizing calibration does with the reference run: fit S to the burst level's throughput, then the
            // burst's p95 and the other levels are the out-of-sample check.
            var high = levels[^1];
            s = LatencyModel.ServiceTimeForThroughput(workers, high.Concurrency, high.Throughput);
            calibration = $"calibrated from the {high.Concurrency}-client iterations ({high.Throughput:0.##} req/s)";
        }
        var rows = levels.Select(l =>
        {
            var p = LatencyModel.Predict(new LatencyModelInputs { Workers = workers, Clients = l.Concurrency, ServiceTimeSeconds = s });
            return new ConcurrencyComparison(l.Concurrency, l.Iterations, l.Requests,
                Math.Round(l.Throughput, 3), Math.Round(l.Latency.MeanMicros / 1000, 3), l.Latency.PercentileMs(95),
                Math.Round(p.ThroughputRps, 3), Math.Round(p.MeanLatencySeconds * 1000, 3), Math.Round(p.P95LatencySeconds * 1000, 3));
        }).ToList();
        return new ModelComparison(workers, s, calibration, rows);
    }
}
