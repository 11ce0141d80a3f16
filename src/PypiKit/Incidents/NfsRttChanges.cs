using PypiKit.Series;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Incidents;

/// <summary>An NFS operation whose round-trip time changed level: which, when, and the mean RTT per operation before and after.</summary>
public sealed record NfsRttChange(string Op, string Mount, ChangePoint Change, long OpsAfter)
{
    /// <summary>How many times longer a round trip took after the change.</summary>
    public double Ratio => Change.Before > 0 ? Change.After / Change.Before : double.PositiveInfinity;
}

/// <summary>
/// Evidence over time from several timed <c>/proc/self/mountstats</c> snapshots: each operation's RTT per call in each
/// interval between snapshots (the first interval runs from the mount to the first snapshot), then the level change
/// of that series (<see cref="ChangePoints.Level"/>). One whole-window average hides a READ that went from a few
/// milliseconds to hundreds; this finds when.
/// </summary>
public static class NfsRttChanges
{
    /// <summary>Operations counted in the later segment below which a change is noise.</summary>
    public const long MinOpsAfter = 10;

    /// <summary>Per-interval mean RTT (ms per op) of one operation; each point is dated at the start of its interval.</summary>
    public static TimeSeries IntervalRtt(IReadOnlyList<NfsMountStats> snapshots, string op)
    {
        var points = new List<TimePoint>();
        for (int i = 0; i < snapshots.Count; i++)
        {
            var s = snapshots[i];
            if (s.Time is not { } t || s.Op(op) is not { } cur) continue;
            if (i == 0)
            {
                if (cur.Ops > 0) points.Add(new TimePoint(s.AgeSeconds is { } age ? t.AddSeconds(-age) : t, cur.AvgRttMs));
                continue;
            }
            if (snapshots[i - 1].Time is not { } prevT || snapshots[i - 1].Op(op) is not { } prev) continue;
            var d = cur.Minus(prev);
            if (d.Ops > 0) points.Add(new TimePoint(prevT, d.AvgRttMs));
        }
        return new TimeSeries($"mountstats.{op}.rtt", "ms", points);
    }

    /// <summary>
    /// The operation whose RTT rose the most (ratio after/before), over snapshots of the same mount in time order;
    /// null with fewer than two timed snapshots or when no operation rose.
    /// </summary>
    public static NfsRttChange? LargestRise(IEnumerable<NfsMountStats> mountstats)
    {
        NfsRttChange? best = null;
        foreach (var mount in mountstats.Where(m => m.Time is not null && m.FsType.StartsWith("nfs", StringComparison.Ordinal) && m.Ops.Count > 0)
                     .GroupBy(m => m.Device + " " + m.MountPoint))
        {
            var snaps = mount.OrderBy(m => m.Time).ToArray();
            if (snaps.Length < 2) continue;
            foreach (var op in snaps[^1].Ops.Select(o => o.Op))
            {
                var series = IntervalRtt(snaps, op);
                if (ChangePoints.Level(series, minSegment: 1) is not { } cp || cp.After <= cp.Before) continue;
                long opsAfter = snaps[^1].Op(op)!.Ops - (snaps.LastOrDefault(s => s.Time <= cp.At)?.Op(op)?.Ops ?? 0);
                if (opsAfter < MinOpsAfter) continue;
                var change = new NfsRttChange(op, mount.Key, cp, opsAfter);
                if (best is null || change.Ratio > best.Ratio) best = change;
            }
        }
        return best;
    }
}
