using System.Globalization;

namespace PypiKit.Burst.Reports;

/// <summary>
/// The per-shard rows of a merged run, one layout for the Markdown and the HTML report: status, exit code, counts,
/// percentiles, the shard's start offset and clock skew, and the note (error, then the stop reason ECS gave).
/// </summary>
internal static class ShardTable
{
    public const string Intro = "Merged from these shards (counts and HdrHistograms add exactly). Start offset: the shard's real start after the common start time.";

    public static IReadOnlyList<string> Headers { get; } =
        ["shard", "status", "exit code", "requests", "failed", "p50 (ms)", "p95 (ms)", "p99 (ms)", "start offset (ms)", "clock skew (ms)", "note"];

    public static IEnumerable<IReadOnlyList<string>> Rows(BurstResult r) => r.ShardRows.Select(Row);

    private static IReadOnlyList<string> Row(ShardSummary s)
    {
        var ci = CultureInfo.InvariantCulture;
        string F(double v, string fmt = "0.##") => v.ToString(fmt, ci);
        return
        [
            s.Shard, s.Status, s.ExitCode?.ToString(ci) ?? "", s.Requests.ToString(ci), s.Failures.ToString(ci), F(s.P50Ms), F(s.P95Ms), F(s.P99Ms),
            s.StartOffsetMs is { } o ? F(o, "0.#") : "",
            s.ClockSkewMs is { } k ? F(k, "0.#") + " ± " + F(s.ClockSkewUncertaintyMs ?? 0, "0.#") : "",
            string.Join("; ", new[] { s.Error, s.StopReason }.Where(x => x is not null)),
        ];
    }
}
