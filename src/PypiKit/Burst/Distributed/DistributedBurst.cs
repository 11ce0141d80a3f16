namespace PypiKit.Burst.Distributed;

/// <summary>The settings of a distributed run: how many shards, how far ahead their common start lies, where they write.</summary>
public sealed record DistributedOptions(int Workers, string WorkDirectory)
{
    /// <summary>Time between launching the shards and their common start (start-up of each worker must fit in it).</summary>
    public TimeSpan StartLead { get; init; } = TimeSpan.FromSeconds(5);
    public string RunId { get; init; } = $"burst-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}";

    public void Validate()
    {
        if (Workers < 1) throw new InvalidInputException("--workers", $"--workers {Workers}: at least 1 worker is needed");
        if (StartLead < TimeSpan.Zero) throw new InvalidInputException("start_lead", "start_lead must be ≥ 0");
    }
}

/// <summary>The merged result (null when no shard produced one) and every shard's outcome.</summary>
public sealed record DistributedResult(BurstResult? Merged, IReadOnlyList<ShardOutcome> Shards, bool Cancelled)
{
    public IEnumerable<ShardOutcome> Failed => Shards.Where(s => s.Error is not null);
}

/// <summary>
/// The coordinator: runs shard i/N of a profile on each of N workers through an <see cref="IShardLauncher"/>, all told
/// one start time, then reads their result files and merges them exactly (<see cref="BurstMerge"/>: counts and
/// HdrHistograms add). A shard that fails is reported in the merged result's <see cref="BurstResult.ShardRows"/>
/// while the others still merge; cancelling stops every shard (each still hands back its partial result).
/// </summary>
public static class DistributedBurst
{
    public static async Task<DistributedResult> RunAsync(DistributedOptions options, IShardLauncher launcher,
        IProgress<ShardStatus>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        var startAt = DateTimeOffset.UtcNow + options.StartLead;
        var specs = Enumerable.Range(1, options.Workers)
            .Select(i => new ShardSpec(i, options.Workers, options.RunId, startAt, Path.Combine(options.WorkDirectory, $"shard-{i}-of-{options.Workers}")))
            .ToList();
        foreach (var s in specs) Directory.CreateDirectory(s.ResultDirectory);
        var outcomes = await Task.WhenAll(specs.Select(s => RunOne(launcher, s, progress, ct))).ConfigureAwait(false);
        return new DistributedResult(Merge(outcomes), outcomes, ct.IsCancellationRequested);
    }

    private static async Task<ShardOutcome> RunOne(IShardLauncher launcher, ShardSpec spec, IProgress<ShardStatus>? progress, CancellationToken ct)
    {
        try { return await launcher.RunAsync(spec, progress, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new ShardOutcome(spec, null, null, $"{e.GetType().Name}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return new ShardOutcome(spec, null, null, "stopped before it wrote a result");
        }
    }

    /// <summary>Merges the shards that wrote a result; the rest become failed rows. Null when none wrote one.</summary>
    public static BurstResult? Merge(IReadOnlyList<ShardOutcome> outcomes)
    {
        var read = new List<BurstResult>();
        var failed = new List<ShardSummary>();
        var partial = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            if (o.ResultPath is null)
            {
                failed.Add(ShardSummary.FailedShard(o.Spec.Shard, o.Error ?? "no result"));
                continue;
            }
            try { read.Add(JsonBurstReport.Read(o.ResultPath)); }
            catch (InvalidInputException e) { failed.Add(ShardSummary.FailedShard(o.Spec.Shard, e.Message)); continue; }
            if (o.Error is not null) partial[o.Spec.Shard] = o.Error + " (its partial result is merged)";
        }
        if (read.Count == 0) return null;
        var merged = BurstMerge.Merge(read);
        var byShard = outcomes.ToDictionary(o => o.Spec.Shard, StringComparer.Ordinal);
        ShardSummary Annotate(ShardSummary r) => byShard.TryGetValue(r.Shard, out var o)
            ? r with { ExitCode = o.ExitCode, StopReason = o.StopReason, ClockSkewMs = o.ClockSkew?.OffsetMs, ClockSkewUncertaintyMs = o.ClockSkew?.UncertaintyMs }
            : r;
        if (failed.Count == 0 && partial.Count == 0) return merged with { ShardRows = [.. merged.ShardRows.Select(Annotate)] };
        // A run with a failed shard did not send what the profile asked for: it cannot pass.
        var rows = merged.ShardRows.Select(r => partial.TryGetValue(r.Shard, out var why) ? r with { Status = ShardSummary.Failed, Error = why } : r);
        return merged with
        {
            ShardRows = [.. rows.Concat(failed).Select(Annotate)],
            ThresholdsPassed = false,
        };
    }
}
