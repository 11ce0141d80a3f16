using Plotly.NET;
using PypiKit.Charts;

namespace PypiKit.Burst.Reports;

/// <summary>
/// The standard charts of a burst result as Plotly.NET <see cref="GenericChart"/>s: latency percentiles over time, the
/// latency histogram with its CDF, throughput and errors per second, per-target share, burst completion times, and
/// predicted vs measured latency against concurrency. Each is scaled to its data: a threshold far outside it is noted
/// under the title instead of drawn, burst windows are shaded bands named in the legend, and on two-axis charts every
/// series says which axis it reads against.
/// </summary>
public static class BurstCharts
{
    /// <summary>Legend name of the shaded burst windows.</summary>
    public const string BurstWindow = "burst window";

    /// <summary>p50, p95 and p99 of successful requests per second of the run; bursts shaded; the p95 threshold when in range.</summary>
    public static GenericChart LatencyOverTime(BurstResult r)
    {
        var x = r.PerSecond.Select(s => s.Offset).ToArray();
        var top = r.PerSecond.Select(s => s.P99Ms).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var b = new ChartBuilder($"Latency over time — {r.Profile}")
            .XAxis(Axes.Linear("Time since start", "s"))
            .YAxis(Axes.Linear("Latency from scheduled start", "ms").ToZero())
            .Legend(ChartBuilder.LegendBelow());
        Bursts(b, r, top);
        b.Add(Traces.Lines("p50", x, r.PerSecond.Select(s => s.P50Ms), ChartColors.Blue))
         .Add(Traces.Lines("p95", x, r.PerSecond.Select(s => s.P95Ms), ChartColors.Orange))
         .Add(Traces.Lines("p99", x, r.PerSecond.Select(s => s.P99Ms), ChartColors.Red));
        var p95 = r.Thresholds.Select(t => Threshold.Parse(t.Expression)).FirstOrDefault(t => t.Metric == "p95" && t.Scope is null);
        if (p95 is not null && x.Length > 0) b.Threshold(p95.Value, $"threshold {p95.Expression}", 0, top, x.Min(), x.Max());
        return b.Build();
    }

    /// <summary>How many successful requests fell in each latency bucket (log x), with the cumulative share on the right axis.</summary>
    public static GenericChart LatencyDistribution(BurstResult r)
    {
        var h = r.Tally.Total.Latency;
        var buckets = Coarsen(h, 60);
        var x = buckets.Select(bk => bk.MidMs).ToArray();
        double seen = 0;
        var cdf = buckets.Select(bk => (seen += bk.Count) / Math.Max(1, h.Count) * 100).ToArray();
        var b = new ChartBuilder($"Latency distribution — {r.Profile}")
            .XAxis(Axes.Log("Latency from scheduled start", "ms"))
            .YAxis(Axes.Linear("Requests", "count").ToZero())
            .SecondaryYAxis(Axes.Linear("Cumulative share", "%").Range(0, 100).With("tickmode", "linear").With("tick0", 0).With("dtick", 20))
            .Legend(ChartBuilder.LegendBelow())
            .Add(Traces.Bars("requests (left)", x, buckets.Select(bk => (double)bk.Count), ChartColors.Blue))
            .Add(Traces.Lines("CDF (right)", x, cdf, ChartColors.Orange).With("yaxis", "y2"));
        if (r.FailureLatency.Count > 0)
        {
            var f = Coarsen(r.Tally.Total.FailureLatency, 60);
            b.Add(Traces.Bars("failures (left)", f.Select(bk => bk.MidMs).ToArray(), f.Select(bk => (double)bk.Count), ChartColors.Red));
        }
        return b.Build();
    }

    /// <summary>Requests completed and failures in each second of the run, as bars (one per second, failures over the
    /// requests they are part of); bursts shaded.</summary>
    public static GenericChart ThroughputOverTime(BurstResult r)
    {
        var x = r.PerSecond.Select(s => s.Offset).ToArray();
        var top = r.PerSecond.Select(s => (double)s.Requests).DefaultIfEmpty(0).Max();
        var b = new ChartBuilder($"Throughput and errors per second — {r.Profile}")
            .XAxis(Axes.Linear("Time since start", "s"))
            .YAxis(Axes.Linear("Requests completed in the second", "req/s").ToZero())
            .BarMode("overlay")
            .Legend(ChartBuilder.LegendBelow());
        Bursts(b, r, top);
        b.Add(Traces.Bars("requests/s", x, r.PerSecond.Select(s => (double)s.Requests), ChartColors.Blue).With("width", 0.9))
         .Add(Traces.Bars("errors/s", x, r.PerSecond.Select(s => (double)s.Errors), ChartColors.Red).With("width", 0.9));
        return b.Build();
    }

    /// <summary>Share of requests each target served (an even split is the goal of round robin).</summary>
    public static GenericChart TargetShare(BurstResult r)
    {
        var targets = r.Targets.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var names = targets.Select(kv => kv.Key).ToArray();
        var b = new ChartBuilder($"Per-target share — {r.Profile}")
            .XAxis(Axes.Category("Target"))
            .YAxis(Axes.Linear("Share of requests", "%").ToZero())
            .Add(Traces.Bars("share", names, targets.Select(kv => Math.Round(kv.Value.Share * 100, 2)), ChartColors.Blue)
                .With("text", targets.Select(kv => $"{kv.Value.Count}").ToArray()).With("textposition", "auto"));
        if (targets.Length > 1) b.HorizontalLine(names[0], names[^1], 100.0 / targets.Length, "even split");
        return b.Build();
    }

    /// <summary>How long each iteration took until its last worker finished; bursts in orange.</summary>
    public static GenericChart BurstCompletion(BurstResult r)
    {
        var bursts = r.Bursts.Where(i => i.IsBurst).ToArray();
        var normal = r.Bursts.Where(i => !i.IsBurst).ToArray();
        var b = new ChartBuilder($"Iteration completion times — {r.Profile}")
            .XAxis(Axes.Linear("Iteration start", "s"))
            .YAxis(Axes.Linear("Time until the last worker finished", "s").ToZero());
        if (bursts.Length > 0)
            b.Add(Traces.Bars("burst", bursts.Select(i => i.StartOffsetSeconds).ToArray(), bursts.Select(i => i.CompletionSeconds), ChartColors.Orange)
                .With("text", bursts.Select(i => $"{i.Workers} workers").ToArray()));
        if (normal.Length > 0)
            b.Add(Traces.Bars("normal", normal.Select(i => i.StartOffsetSeconds).ToArray(), normal.Select(i => i.CompletionSeconds), ChartColors.Blue));
        return b.Build();
    }

    /// <summary>Measured p95 and throughput at each concurrency level beside the latency model's prediction: latency on the
    /// left axis (circles), throughput on the right (diamonds), each named with its axis.</summary>
    public static GenericChart PredictedVsMeasured(ModelComparison c)
    {
        var n = c.Levels.Select(l => (double)l.Concurrency).ToArray();
        return new ChartBuilder($"Predicted vs measured — K = {c.Workers} workers, S = {c.ServiceTimeSeconds * 1000:0.##} ms")
            .XAxis(Axes.Linear("Concurrent clients", "N"))
            .YAxis(Axes.Linear("p95 latency", "ms").ToZero())
            .SecondaryYAxis(Axes.Linear("Throughput", "req/s").ToZero())
            .Legend(ChartBuilder.LegendBelow())
            .Add(Traces.Markers("measured p95 (left)", n, c.Levels.Select(l => l.MeasuredP95Ms), ChartColors.Blue))
            .Add(Traces.LinesMarkers("predicted p95 (left)", n, c.Levels.Select(l => l.PredictedP95Ms), ChartColors.Model, "dash"))
            .Add(Traces.Markers("measured req/s (right)", n, c.Levels.Select(l => l.MeasuredThroughputRps), ChartColors.Green)
                .With("yaxis", "y2").With("marker", Traces.Marker(ChartColors.Green).With("size", 10).With("symbol", "diamond")))
            .Add(Traces.LinesMarkers("predicted req/s (right)", n, c.Levels.Select(l => l.PredictedThroughputRps), ChartColors.Green, "dot")
                .With("yaxis", "y2").With("marker", Traces.Marker(ChartColors.Green).With("symbol", "diamond-open")))
            .Build();
    }

    /// <summary>Every chart that has data for this result (plus the model comparison when given).</summary>
    public static IReadOnlyList<GenericChart> All(BurstResult r, ModelComparison? comparison = null)
    {
        var figures = new List<GenericChart>();
        if (r.PerSecond.Count > 0) { figures.Add(LatencyOverTime(r)); figures.Add(ThroughputOverTime(r)); }
        if (r.Tally.Total.Latency.Count > 0) figures.Add(LatencyDistribution(r));
        if (r.Targets.Count > 0) figures.Add(TargetShare(r));
        if (r.Bursts.Count > 0) figures.Add(BurstCompletion(r));
        if (comparison is { Levels.Count: > 0 }) figures.Add(PredictedVsMeasured(comparison));
        return figures;
    }

    /// <summary>The burst windows as shaded bands up to <paramref name="top"/>, one legend entry for all.</summary>
    private static void Bursts(ChartBuilder b, BurstResult r, double top)
    {
        foreach (var burst in r.Bursts.Where(i => i.IsBurst))
            b.Band(burst.StartOffsetSeconds, burst.StartOffsetSeconds + burst.CompletionSeconds, 0, Math.Max(top, 1), BurstWindow,
                ChartColors.WindowBand);
    }

    private readonly record struct Bucket(double MidMs, long Count);

    /// <summary>Histogram buckets merged into at most about <paramref name="target"/> log-spaced bins.</summary>
    private static List<Bucket> Coarsen(LatencyHistogram h, int target)
    {
        var result = new List<Bucket>();
        if (h.Count == 0) return result;
        var lo = Math.Max(1, h.MinMicros);
        var hi = Math.Max(lo + 1, h.MaxMicros + 1);
        var factor = Math.Pow((double)hi / lo, 1.0 / target);
        if (factor < 1.01) factor = 1.01;
        double edge = lo * factor;
        long count = 0;
        double weighted = 0;
        foreach (var b in h.Buckets())
        {
            var mid = b.LowerMicros + b.WidthMicros / 2.0;
            while (mid >= edge)
            {
                if (count > 0) result.Add(new Bucket(Math.Round(weighted / count / 1000, 4), count));
                count = 0; weighted = 0;
                edge *= factor;
            }
            count += b.Count;
            weighted += mid * b.Count;
        }
        if (count > 0) result.Add(new Bucket(Math.Round(weighted / count / 1000, 4), count));
        return result;
    }
}
