using PypiKit.Burst;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>
/// One of PypiKit's own runs read back from its report folder: the burst result (what the load generator measured) and
/// the file it came from. <see cref="IncidentData.ClientRuns"/> holds one per burst of a burst, lab or campaign folder.
/// </summary>
internal sealed record ClientRun(string File, BurstResult Result)
{
    /// <summary>The run's per-second series as the load generator saw them (by completion time).</summary>
    public IReadOnlyList<TimeSeries> ToSeries()
    {
        var seconds = Result.PerSecond.OrderBy(s => s.UnixSecond).ToArray();
        static DateTimeOffset At(SecondSummary s) => DateTimeOffset.FromUnixTimeSeconds(s.UnixSecond);
        // a second without a successful request has no latency figures (the histograms hold successes only)
        var timed = seconds.Where(s => s.Requests > s.Errors && double.IsFinite(s.P95Ms)).ToArray();
        return
        [
            new(ClientSeries.Requests, "Count/s", seconds.Select(s => new TimePoint(At(s), s.Requests)).ToArray()),
            new(ClientSeries.Errors, "Count/s", seconds.Select(s => new TimePoint(At(s), s.Errors)).ToArray()),
            new(ClientSeries.LatencyP50, "ms", timed.Select(s => new TimePoint(At(s), s.P50Ms)).ToArray()),
            new(ClientSeries.LatencyP95, "ms", timed.Select(s => new TimePoint(At(s), s.P95Ms)).ToArray()),
            new(ClientSeries.LatencyP99, "ms", timed.Select(s => new TimePoint(At(s), s.P99Ms)).ToArray()),
        ];
    }
}

/// <summary>The names of the load generator's series on an incident timeline (one definition, read by the rules).</summary>
internal static class ClientSeries
{
    public const string Requests = "client.requests";
    public const string Errors = "client.errors";
    public const string LatencyP50 = "client.latency_p50";
    public const string LatencyP95 = "client.latency_p95";
    public const string LatencyP99 = "client.latency_p99";
}
