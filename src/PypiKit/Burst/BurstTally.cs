namespace PypiKit.Burst;

/// <summary>
/// Everything a run measured, in mergeable form: totals, per operation, per target, per second (keyed by Unix
/// second, so shards run on different machines line up), each paced iteration, and the first failures.
/// <see cref="Merge"/> of shard tallies equals the tally of one run doing all of it.
/// </summary>
public sealed class BurstTally
{
    public OutcomeTally Total { get; set; } = new();
    public SortedDictionary<string, OutcomeTally> Operations { get; set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, OutcomeTally> Targets { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Per second of completion (Unix seconds): counts and success latency.</summary>
    public SortedDictionary<long, OutcomeTally> Seconds { get; set; } = new();
    /// <summary>The paced executor's iterations (bursts and normal ones), in order.</summary>
    public List<BurstIteration> Iterations { get; set; } = [];
    public List<ErrorSample> ErrorSamples { get; set; } = [];
    /// <summary>Open models: how late the scheduler woke for requests whose connection was free (generator health).</summary>
    public SignedLatencyHistogram SchedulerLateness { get; set; } = new();

    public const int MaxErrorSamples = 20;

    public static BurstTally Merge(IEnumerable<BurstTally> tallies)
    {
        var m = new BurstTally();
        foreach (var t in tallies)
        {
            m.Total.Merge(t.Total);
            MergeInto(m.Operations, t.Operations);
            MergeInto(m.Targets, t.Targets);
            MergeInto(m.Seconds, t.Seconds);
            foreach (var it in t.Iterations)
            {
                var i = m.Iterations.FindIndex(x => x.Index == it.Index);
                if (i < 0) m.Iterations.Add(it with { Latency = it.Latency.Clone() });
                else
                {
                    var a = m.Iterations[i];
                    m.Iterations[i] = a with
                    {
                        Workers = a.Workers + it.Workers,
                        Requests = a.Requests + it.Requests,
                        Failures = a.Failures + it.Failures,
                        StartOffsetSeconds = Math.Min(a.StartOffsetSeconds, it.StartOffsetSeconds),
                        CompletionSeconds = Math.Max(a.CompletionSeconds, it.CompletionSeconds),
                        Latency = Sum(a.Latency, it.Latency),
                    };
                }
            }
            m.ErrorSamples.AddRange(t.ErrorSamples);
            m.SchedulerLateness.Merge(t.SchedulerLateness);
        }
        m.Iterations.Sort((a, b) => a.Index.CompareTo(b.Index));
        m.ErrorSamples = m.ErrorSamples.OrderBy(e => e.Timestamp).Take(MaxErrorSamples).ToList();
        return m;
    }

    private static LatencyHistogram Sum(LatencyHistogram a, LatencyHistogram b)
    {
        var h = a.Clone();
        h.Merge(b);
        return h;
    }

    private static void MergeInto<TKey>(SortedDictionary<TKey, OutcomeTally> into, SortedDictionary<TKey, OutcomeTally> from)
        where TKey : notnull
    {
        foreach (var (k, v) in from)
        {
            if (!into.TryGetValue(k, out var t)) into[k] = t = new OutcomeTally();
            t.Merge(v);
        }
    }
}

/// <summary>
/// One iteration of the paced closed loop: how many workers ran, how long until the last one finished, and the
/// success latency of its requests (mergeable across shards).
/// </summary>
public sealed record BurstIteration(
    int Index, bool IsBurst, int Workers, long Requests, long Failures, double StartOffsetSeconds, double CompletionSeconds)
{
    public LatencyHistogram Latency { get; init; } = new();
    public double P50LatencyMs => Latency.PercentileMs(50);
    public double P95LatencyMs => Latency.PercentileMs(95);
}

/// <summary>One failed request, as the reference's error samples record it.</summary>
public sealed record ErrorSample(
    DateTimeOffset Timestamp, string Operation, string PackageName, string Url, int StatusCode, string Error, string ErrorDetail);
