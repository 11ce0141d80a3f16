using PypiKit.Burst;

namespace PypiKit.Charts;

/// <summary>
/// The standard charts of a burst result: latency percentiles over time, the latency histogram with its CDF,
/// throughput and errors over time, per-target share, burst completion times, and predicted vs measured latency
/// against concurrency. Each takes a result and returns a <see cref="Figure"/>.
/// </summary>
public static class BurstCharts
{
    /// <summary>p50, p95 and p99 of successful requests per second of the run; bursts shaded.</summary>
    public static Figure LatencyOverTime(BurstResult r)
    {
        var x = r.PerSecond.Select(s => s.Offset).ToArray();
        var b = Figure.Build($"Latency over time — {r.Profile}")
            .XAxis(Axis.Linear("Time since start", "s"))
            .YAxis(Axis.Linear("Latency from scheduled start", "ms") with { RangeMode = RangeMode.ToZero })
            .Add(ScatterTrace.Lines("p50", x, r.PerSecond.Select(s => s.P50Ms).ToArray(), ChartColors.Blue))
            .Add(ScatterTrace.Lines("p95", x, r.PerSecond.Select(s => s.P95Ms).ToArray(), ChartColors.Orange))
            .Add(ScatterTrace.Lines("p99", x, r.PerSecond.Select(s => s.P99Ms).ToArray(), ChartColors.Red));
        foreach (var burst in r.Bursts.Where(i => i.IsBurst))
            b.VerticalBand(burst.StartOffsetSeconds, burst.StartOffsetSeconds + burst.CompletionSeconds);
        var p95 = r.Thresholds.Select(t => Threshold.Parse(t.Expression)).FirstOrDefault(t => t.Metric == "p95" && t.Scope is null);
        if (p95 is not null) b.HorizontalLine(p95.Value, $"threshold {p95.Expression}");
        return b.Build();
    }

    /// <summary>How many successful requests fell in each latency bucket (log x), with the cumulative share on the right axis.</summary>
    public static Figure LatencyDistribution(BurstResult r)
    {
        var h = r.Tally.Total.Latency;
        var buckets = Coarsen(h, 60);
        var x = buckets.Select(bk => bk.MidMs).ToArray();
        double seen = 0;
        var cdf = buckets.Select(bk => (seen += bk.Count) / Math.Max(1, h.Count) * 100).ToArray();
        var fb = Figure.Build($"Latency distribution — {r.Profile}")
            .XAxis(Axis.Log("Latency from scheduled start", "ms"))
            .YAxis(Axis.Linear("Requests", "count"))
            .SecondaryYAxis(Axis.Linear("Cumulative share", "%") with { Range = [0, 100] })
            .Add(BarTrace.Of("requests", x, buckets.Select(bk => (double)bk.Count).ToArray(), ChartColors.Blue))
            .Add(ScatterTrace.Lines("CDF", x, cdf, ChartColors.Orange) with { YAxis = "y2" });
        if (r.FailureLatency.Count > 0)
        {
            var f = Coarsen(r.Tally.Total.FailureLatency, 60);
            fb.Add(BarTrace.Of("failures", f.Select(bk => bk.MidMs).ToArray(), f.Select(bk => (double)bk.Count).ToArray(), ChartColors.Red));
        }
        return fb.Build();
    }

    /// <summary>Completed requests and failures per second.</summary>
    public static Figure ThroughputOverTime(BurstResult r)
    {
        var x = r.PerSecond.Select(s => s.Offset).ToArray();
        var b = Figure.Build($"Throughput and errors — {r.Profile}")
            .XAxis(Axis.Linear("Time since start", "s"))
            .YAxis(Axis.Linear("Requests completed", "req/s") with { RangeMode = RangeMode.ToZero })
            .Add(ScatterTrace.Lines("requests/s", x, r.PerSecond.Select(s => (double)s.Requests).ToArray(), ChartColors.Blue))
            .Add(ScatterTrace.Lines("errors/s", x, r.PerSecond.Select(s => (double)s.Errors).ToArray(), ChartColors.Red));
        foreach (var burst in r.Bursts.Where(i => i.IsBurst))
            b.VerticalBand(burst.StartOffsetSeconds, burst.StartOffsetSeconds + burst.CompletionSeconds);
        return b.Build();
    }

    /// <summary>Share of requests each target served (an even split is the goal of round robin).</summary>
    public static Figure TargetShare(BurstResult r)
    {
        var targets = r.Targets.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var b = Figure.Build($"Per-target share — {r.Profile}")
            .XAxis(Axis.Category("Target"))
            .YAxis(Axis.Linear("Share of requests", "%") with { RangeMode = RangeMode.ToZero })
            .Add(BarTrace.Of("share", targets.Select(kv => kv.Key).ToArray(), targets.Select(kv => Math.Round(kv.Value.Share * 100, 2)).ToArray(), ChartColors.Blue)
                with { Text = targets.Select(kv => $"{kv.Value.Count}").ToArray(), TextPosition = "auto" });
        if (targets.Length > 1) b.HorizontalLine(100.0 / targets.Length, "even split");
        return b.Build();
    }

    /// <summary>How long each iteration took until its last worker finished; bursts in orange.</summary>
    public static Figure BurstCompletion(BurstResult r)
    {
        var its = r.Bursts;
        return Figure.Build($"Iteration completion times — {r.Profile}")
            .XAxis(Axis.Linear("Iteration start", "s"))
            .YAxis(Axis.Linear("Time until the last worker finished", "s") with { RangeMode = RangeMode.ToZero })
            .Add(BarTrace.Of("burst", its.Where(i => i.IsBurst).Select(i => i.StartOffsetSeconds).ToArray(), its.Where(i => i.IsBurst).Select(i => i.CompletionSeconds).ToArray(), ChartColors.Orange)
                with { Text = its.Where(i => i.IsBurst).Select(i => $"{i.Workers} workers").ToArray() })
            .Add(BarTrace.Of("normal", its.Where(i => !i.IsBurst).Select(i => i.StartOffsetSeconds).ToArray(), its.Where(i => !i.IsBurst).Select(i => i.CompletionSeconds).ToArray(), ChartColors.Blue))
            .Build();
    }

    /// <summary>Measured p95 and throughput at each concurrency level beside the latency model's prediction.</summary>
    public static Figure PredictedVsMeasured(ModelComparison c)
    {
        var n = c.Levels.Select(l => (double)l.Concurrency).ToArray();
        return Figure.Build($"Predicted vs measured — K = {c.Workers} workers, S = {c.ServiceTimeSeconds * 1000:0.##} ms")
            .XAxis(Axis.Linear("Concurrent clients", "N"))
            .YAxis(Axis.Linear("p95 latency", "ms") with { RangeMode = RangeMode.ToZero })
            .SecondaryYAxis(Axis.Linear("Throughput", "req/s") with { RangeMode = RangeMode.ToZero })
            .Add(ScatterTrace.Markers("measured p95", n, c.Levels.Select(l => l.MeasuredP95Ms).ToArray(), ChartColors.Blue))
            .Add(ScatterTrace.Lines("predicted p95", n, c.Levels.Select(l => l.PredictedP95Ms).ToArray(), ChartColors.Model, Dash.Dash) with { Mode = ScatterMode.LinesMarkers })
            .Add(ScatterTrace.Markers("measured req/s", n, c.Levels.Select(l => l.MeasuredThroughputRps).ToArray(), ChartColors.Green) with { YAxis = "y2" })
            .Add(ScatterTrace.Lines("predicted req/s", n, c.Levels.Select(l => l.PredictedThroughputRps).ToArray(), ChartColors.Green, Dash.Dot) with { YAxis = "y2", Mode = ScatterMode.LinesMarkers })
            .Build();
    }

    /// <summary>Every chart that has data for this result (plus the model comparison when given).</summary>
    public static IReadOnlyList<Figure> All(BurstResult r, ModelComparison? comparison = null)
    {
        var figures = new List<Figure>();
        if (r.PerSecond.Count > 0) { figures.Add(LatencyOverTime(r)); figures.Add(ThroughputOverTime(r)); }
        if (r.Tally.Total.Latency.Count > 0) figures.Add(LatencyDistribution(r));
        if (r.Targets.Count > 0) figures.Add(TargetShare(r));
        if (r.Bursts.Count > 0) figures.Add(BurstCompletion(r));
        if (comparison is { Levels.Count: > 0 }) figures.Add(PredictedVsMeasured(comparison));
        return figures;
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
