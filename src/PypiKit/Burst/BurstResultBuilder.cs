using System.Diagnostics;

namespace PypiKit.Burst;

/// <summary>Turns records into a <see cref="BurstTally"/>, and a tally into a <see cref="BurstResult"/>.</summary>
public static class BurstResultBuilder
{
    internal static BurstTally Tally(BurstEngine engine)
    {
        var highest = engine.HighestLatencyMicros;
        var t = new BurstTally { Total = new OutcomeTally(highest) };
        var freq = (double)Stopwatch.Frequency;
        var startUnix = engine.StartTime.ToUnixTimeMilliseconds() / 1000.0;
        var names = new Dictionary<short, OutcomeTally>();
        var ops = new OutcomeTally?[8];
        var iterations = engine.Iterations.ToArray();
        var iterationStarts = iterations.Select(i => engine.TicksAt(i.StartOffsetSeconds)).ToArray();
        foreach (var u in engine.Users)
        {
            t.SchedulerLateness.Merge(u.SchedulerLateness);
            foreach (var r in u.Log.All())
            {
                var latency = LatencyHistogram.TicksToMicros(r.Completed - r.Scheduled);
                var service = LatencyHistogram.TicksToMicros(r.Completed - r.Sent);
                var late = LatencyHistogram.TicksToMicros(r.Sent - r.Scheduled);
                t.Total.Add(r, latency, service, late, detailed: true);
                (ops[(int)r.Operation] ??= new OutcomeTally(highest)).Add(r, latency, service, late, detailed: true);
                if (!names.TryGetValue(r.Target, out var target)) names[r.Target] = target = new OutcomeTally(highest);
                target.Add(r, latency, service, late, detailed: false);
                if (r.Hops == 2 && r.FirstTarget != r.Target)
                {
                    // The redirect's first hop was served elsewhere: count that HTTP request where it went.
                    target.HttpRequests--;
                    if (!names.TryGetValue(r.FirstTarget, out var first)) names[r.FirstTarget] = first = new OutcomeTally(highest);
                    first.HttpRequests++;
                }
                var second = (long)Math.Floor(startUnix + (r.Completed - engine.StartTicks) / freq);
                if (!t.Seconds.TryGetValue(second, out var s)) t.Seconds[second] = s = new OutcomeTally(highest, LatencyHistogram.SliceDigits);
                s.Add(r, latency, service, late, detailed: false);
                if (iterations.Length > 0 && r.Error == ErrorClass.None)
                {
                    var i = Array.BinarySearch(iterationStarts, r.Scheduled);
                    if (i < 0) i = ~i - 1;
                    if (i >= 0) iterations[i].Latency.Record(latency);
                }
            }
        }
        for (var i = 0; i < ops.Length; i++)
            if (ops[i] is { } o) t.Operations[((BurstOperation)i).Name()] = o;
        foreach (var (k, v) in names) t.Targets[engine.TargetName(k)] = v;
        t.Iterations.AddRange(iterations);
        t.ErrorSamples.AddRange(engine.ErrorSamples().OrderBy(e => e.Timestamp));
        return t;
    }

    /// <summary>Computes every summary figure of a result from its tally.</summary>
    public static BurstResult Build(BurstTally tally, string profile, string target, BurstSettings settings, DateTimeOffset start,
        DateTimeOffset end, string stopReason, IReadOnlyList<string> thresholds, IReadOnlyList<string> warnThresholds, IReadOnlyList<string> shards)
    {
        var total = tally.Total;
        var duration = Math.Max(1e-9, (end - start).TotalSeconds);
        var lat = total.Latency;
        var results = thresholds.Select(t => Threshold.Parse(t).Evaluate(tally, duration))
            .Concat(warnThresholds.Select(t => Threshold.Parse(t).Evaluate(tally, duration, warnOnly: true))).ToList();
        var lateFraction = total.Count == 0 ? 0 : 1 - total.SendLateness.FractionAtOrBelow(1000);
        var startSecond = start.ToUnixTimeSeconds();
        return new BurstResult
        {
            Profile = profile,
            StartTime = start,
            EndTime = end,
            DurationSeconds = Math.Round(duration, 3),
            TotalRequests = total.Count,
            SuccessfulRequests = total.Successes,
            FailedRequests = total.Failures,
            ErrorRate = total.Count == 0 ? 0 : Math.Round((double)total.Failures / total.Count, 6),
            LatencyMin = lat.MinMicros / 1000.0,
            LatencyMax = lat.MaxMicros / 1000.0,
            LatencyMean = Math.Round(lat.MeanMicros / 1000, 3),
            LatencyMedian = lat.PercentileMs(50),
            LatencyP95 = lat.PercentileMs(95),
            LatencyP99 = lat.PercentileMs(99),
            RequestsPerSecond = Math.Round(total.Count / duration, 3),
            StatusCodeCounts = new(total.StatusCodes, StringComparer.Ordinal),
            Error5xxCount = total.ErrorCount("5xx"),
            Error4xxCount = total.ErrorCount("4xx"),
            Operations = new(tally.Operations.ToDictionary(kv => kv.Key, kv => Summarise(kv.Value)), StringComparer.Ordinal),
            ErrorSamples = tally.ErrorSamples,
            Target = target,
            Settings = settings,
            StopReason = stopReason,
            Shards = [.. shards],
            HttpRequests = total.HttpRequests,
            ErrorClasses = new(total.Errors, StringComparer.Ordinal),
            Latency = LatencySummary.Of(lat),
            FailureLatency = LatencySummary.Of(total.FailureLatency),
            ServiceTime = LatencySummary.Of(total.ServiceTime),
            SendLateness = LatencySummary.Of(total.SendLateness),
            LateSendFraction = Math.Round(lateFraction, 6),
            SchedulerLateness = LatencySummary.Of(tally.SchedulerLateness),
            GeneratorLimited = tally.SchedulerLateness.Count > 0
                && 1 - tally.SchedulerLateness.FractionAtOrBelow(GeneratorLateMicros) > 0.01,
            Targets = new(tally.Targets.ToDictionary(kv => kv.Key, kv => new TargetSummary(kv.Value.Count,
                total.Count == 0 ? 0 : Math.Round((double)kv.Value.Count / total.Count, 6), kv.Value.Failures, kv.Value.HttpRequests,
                kv.Value.Latency.PercentileMs(50), kv.Value.Latency.PercentileMs(95))), StringComparer.Ordinal),
            PerSecond = tally.Seconds.Select(kv => new SecondSummary(kv.Key - startSecond, kv.Key, kv.Value.Count, kv.Value.Failures,
                kv.Value.Latency.PercentileMs(50), kv.Value.Latency.PercentileMs(95), kv.Value.Latency.PercentileMs(99))).ToList(),
            Bursts = tally.Iterations,
            Thresholds = results,
            ThresholdsPassed = results.All(r => r.Passed || r.Severity == "warn"),
            Tally = tally,
        };
    }

    /// <summary>A scheduler wake-up later than this (5 ms) counts against the generator.</summary>
    public const long GeneratorLateMicros = 5000;

    private static OperationSummary Summarise(OutcomeTally t) => new(
        t.Count, t.Count == 0 ? 0 : Math.Round((double)t.Successes / t.Count, 6), Math.Round(t.Latency.MeanMicros / 1000, 3),
        t.Latency.PercentileMs(95), t.Failures, t.HttpRequests, t.Latency.PercentileMs(50), t.Latency.PercentileMs(99),
        t.Latency.MaxMicros / 1000.0, t.FailureLatency.PercentileMs(95), new(t.Errors, StringComparer.Ordinal));
}
