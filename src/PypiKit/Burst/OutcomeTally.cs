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
    /// <summary>Completion − actual send, every request (kept in every view, per second too: the .hlog's service intervals).</summary>
    public LatencyHistogram ServiceTime { get; set; } = new();
    /// <summary>Actual send − scheduled start, every request (generator lateness or queueing behind a busy connection).</summary>
    public SignedLatencyHistogram SendLateness { get; set; } = new();

    public long Failures => Count - Successes;

    public OutcomeTally() { }

    /// <summary>A tally whose histograms track values up to <paramref name="highestTrackableMicros"/> at <paramref name="digits"/> digits.</summary>
    public OutcomeTally(long highestTrackableMicros, int digits = LatencyHistogram.SignificantDigits)
    {
        Latency = new LatencyHistogram(highestTrackableMicros, digits);
        FailureLatency = new LatencyHistogram(highestTrackableMicros, digits);
        ServiceTime = new LatencyHistogram(highestTrackableMicros, digits);
        SendLateness = new SignedLatencyHistogram(highestTrackableMicros, digits);
    }

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
        ServiceTime.Record(serviceMicros);
        if (!detailed) return;
        Increment(StatusCodes, r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
