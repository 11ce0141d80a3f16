using PypiKit.Json;

namespace PypiKit.Burst;

/// <summary>
/// Combines results of shards (or of separate machines running the same profile) into the result one run would
/// have given: tallies merge exactly (counts and histograms add), the wall window is the union, thresholds of the
/// first result are re-evaluated on the merged figures.
/// </summary>
public static class BurstMerge
{
    public static BurstResult Merge(IReadOnlyList<BurstResult> results)
    {
        if (results.Count == 0) throw new InvalidInputException("results", "nothing to merge: no result files given");
        var first = results[0];
        var tally = BurstTally.Merge(results.Select(r => r.Tally));
        var start = results.Min(r => r.StartTime);
        var end = results.Max(r => r.EndTime);
        var stop = results.Select(r => r.StopReason).FirstOrDefault(s => s != StopReasons.Completed) ?? StopReasons.Completed;
        var fail = first.Thresholds.Where(t => t.Severity != "warn").Select(t => t.Expression).ToList();
        var warn = first.Thresholds.Where(t => t.Severity == "warn").Select(t => t.Expression).ToList();
        var shards = results.SelectMany(r => r.Shards.Count > 0 ? r.Shards : ["1/1"]).ToList();
        var rows = results.SelectMany(r => r.ShardRows.Count > 0 ? r.ShardRows : [ShardSummary.Of(r, string.Join(",", r.Shards.Count > 0 ? r.Shards : ["1/1"]))])
            .ToList();
        return BurstResultBuilder.Build(tally, first.Profile, first.Target, first.Settings with { Shard = string.Join(",", shards) },
            start, end, stop, fail, warn, shards) with
        { ShardRows = rows, ScheduledStart = first.ScheduledStart };
    }

    /// <summary>Reads result JSON files (as <see cref="JsonBurstReport"/> writes them) and merges them.</summary>
    public static BurstResult MergeFiles(IEnumerable<string> paths) => Merge(paths.Select(JsonBurstReport.Read).ToList());
}
