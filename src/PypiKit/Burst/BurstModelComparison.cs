using PypiKit.Sizing.Model;

namespace PypiKit.Burst;

/// <summary>Measured and predicted figures at one concurrency level (the workers of a paced iteration).</summary>
public sealed record ConcurrencyComparison(
    int Concurrency, int Iterations, long Requests,
    double MeasuredThroughputRps, double MeasuredMeanMs, double MeasuredP95Ms,
    double PredictedThroughputRps, double PredictedMeanMs, double PredictedP95Ms);

/// <summary>The model's inputs and its comparison with a run, level by level.</summary>
public sealed record ModelComparison(int Workers, double ServiceTimeSeconds, string Calibration, IReadOnlyList<ConcurrencyComparison> Levels)
{
    /// <summary>Cores the workers share in the model (null where the comparison did not model cores).</summary>
    public int? Cores { get; init; }
    /// <summary>Where a level's measurement is outside what the steady-state model describes (e.g. bursts too short).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>One line naming the model's inputs, e.g. "K = 8 workers on C = 2 cores, S = 21.7 ms (probe …)".</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"K = {Workers} workers{(Cores is { } c ? $" on C = {c} cores" : "")}, S = {ServiceTimeSeconds * 1000:0.##} ms ({Calibration})");
}

/// <summary>
/// Sets a paced run beside <see cref="BurstModel"/>, out of sample: iterations are grouped by their worker count
/// (normal vs burst); for each level the measured throughput (requests over the iterations' completion times) and p95
/// are set beside what the model predicts for that many clients starting together, each making the level's requests per
/// client, on the given workers and cores with the given demand. Nothing is fitted to the run: the demand comes from
/// elsewhere (a probe of the same target before the run, a calibration file).
/// <para>
/// <c>excludeWarmUp</c> leaves out iteration 0 when later iterations ran at the same level: the first burst meets
/// cold caches, a cold JIT and new connections, which the steady-state model does not describe.
/// </para>
/// </summary>
public static class BurstModelComparison
{
    /// <summary>Iterations shorter than this (seconds) are dominated by the clients' start and connection set-up.</summary>
    public const double ShortestSteadyIterationSeconds = 1;

    /// <param name="result">The paced run.</param>
    /// <param name="model">Workers, cores, routing and demand; <see cref="BurstModelInputs.Clients"/> and
    /// <see cref="BurstModelInputs.RequestsPerClient"/> are replaced per level.</param>
    /// <param name="calibration">Where the demand came from, as the report prints it.</param>
    /// <param name="excludeWarmUp">Leave out a cold first iteration (see the class remarks).</param>
    public static ModelComparison Compare(BurstResult result, BurstModelInputs model, string calibration, bool excludeWarmUp = false)
    {
        model.Validate();
        var iterations = result.Bursts.Where(b => b.Requests > 0 && b.CompletionSeconds > 0).ToList();
        if (excludeWarmUp && iterations.Count > 0 && iterations[0].Index == 0
            && iterations.Skip(1).Any(b => b.Workers == iterations[0].Workers))
            iterations.RemoveAt(0);
        var rows = iterations
            .Where(b => b.Workers > 0)
            .GroupBy(b => b.Workers).OrderBy(g => g.Key)
            .Select(g =>
            {
                var h = new LatencyHistogram();
                foreach (var b in g) h.Merge(b.Latency);
                long requests = g.Sum(b => b.Requests);
                double measured = requests / g.Sum(b => b.CompletionSeconds);
                // the workload's shape, not a fit: how many requests each client made per iteration at this level
                int perClient = Math.Max(1, (int)Math.Round((double)requests / (g.Count() * g.Key)));
                var p = BurstModel.Predict(model with { Clients = g.Key, RequestsPerClient = perClient });
                double predicted = g.Key * perClient / p.BurstCompletionSeconds;
                return new ConcurrencyComparison(g.Key, g.Count(), requests,
                    Math.Round(measured, 3), Math.Round(h.MeanMicros / 1000, 3), h.PercentileMs(95),
                    Math.Round(predicted, 3), Math.Round(p.MeanLatencySeconds * 1000, 3), Math.Round(p.P95LatencySeconds * 1000, 3));
            }).ToList();
        var notes = iterations.Where(b => b.Workers > 0).GroupBy(b => b.Workers).OrderBy(g => g.Key)
            .Where(g => g.Average(b => b.CompletionSeconds) < ShortestSteadyIterationSeconds)
            .Select(g => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the {g.Key}-client iterations completed in {g.Average(b => b.CompletionSeconds):0.###} s on average: shorter than {ShortestSteadyIterationSeconds:0} s, their rate is set by the clients' start and connection set-up, which the steady-state model leaves out"))
            .ToList();
        return new ModelComparison(model.ServingWorkers, model.Demand.MeanSeconds, rows.Count == 0 ? "no paced iterations to compare" : calibration, rows)
        {
            Cores = model.ServingCores,
            Notes = notes,
        };
    }
}
