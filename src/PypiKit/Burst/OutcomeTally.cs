namespace PypiKit.Burst;

/// <summary>
/// Mergeable counts and histograms for a set of requests (all of them, one operation, one target or one second).
/// Latency is measured from each request's scheduled start; successes and failures are kept in separate
/// histograms (the reference reports successes only; failures are here too, in their own view).
/// </summary>
public sealed class OutcomeTally
{
    public long Count { get; set; }
    public long Successes { get; set; }
    /// <summary>HTTP requests behind these operations (a followed redirect is two).</summary>
    public long HttpRequests { get; set; }
    /// <summary>Failures by class name (connect, timeout, reset, 4xx, 5xx, other).</summary>
    public SortedDictionary<string, long> Errors { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Responses by HTTP status ("0" = no response).</summary>
    public SortedDictionary<string, long> StatusCodes { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Completion − scheduled start, successful requests.</summary>
    public LatencyHistogram Latency { get; set; } = new();
    /// <summary>Completion − scheduled start, failed requests.</summary>
    public LatencyHistogram FailureLatency { get; set; } = new();
    /// <summary>Completion − actual send, every request.</summary>
    public LatencyHistogram ServiceTime { get; set; } = new();
    /// <summary>Actual send − scheduled start, every request (generator lateness or queueing behind a busy connection).</summary>
    public LatencyHistogram SendLateness { get; set; } = new();

    public long Failures => Count - Successes;

    internal void Add(in RequestRecord r, long latencyMicros, long serviceMicros, long latenessMicros, bool detailed)
    {
        Count++;
        HttpRequests += r.Hops;
        if (r.Error == ErrorClass.None)
        {
            Successes++;
            Latency.Record(latencyMicros);
        }
        else
        {
            Increment(Errors, r.Error.Name());
            FailureLatency.Record(latencyMicros);
        }
        if (!detailed) return;
        Increment(StatusCodes, r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ServiceTime.Record(serviceMicros);
        SendLateness.Record(latenessMicros);
    }

    public void Merge(OutcomeTally other)
    {
        Count += other.Count;
        Successes += other.Successes;
        HttpRequests += other.HttpRequests;
        foreach (var (k, v) in other.Errors) Increment(Errors, k, v);
        foreach (var (k, v) in other.StatusCodes) Increment(StatusCodes, k, v);
        Latency.Merge(other.Latency);
        FailureLatency.Merge(other.FailureLatency);
        ServiceTime.Merge(other.ServiceTime);
        SendLateness.Merge(other.SendLateness);
    }

    public long ErrorCount(string errorClass) => Errors.TryGetValue(errorClass, out var n) ? n : 0;

    private static void Increment(SortedDictionary<string, long> d, string key, long by = 1) =>
        d[key] = (d.TryGetValue(key, out var n) ? n : 0) + by;
}
