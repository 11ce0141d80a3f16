using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Rules;

/// <summary>
/// EFS as the bottleneck: the file system at its I/O limit (PercentIOLimit near 100 %, alarm at 80 %), burst credits
/// depleted in bursting mode (BurstCreditBalance under the 1e12-byte alarm, falling towards 0), or NFS round trips that
/// grew long (mountstats RTT per operation).
/// </summary>
public sealed class EfsThroughputRule : IDiagnosisRule
{
    public const double PercentIoLimitAlarm = 80;
    public const double BurstCreditAlarm = PypiKit.Telemetry.Alarms.AlarmThresholds.EfsBurstCreditLowBytes;

    /// <summary>An NFS operation's RTT rising at least this many times is cited as a change point.</summary>
    public const double RttRiseRatio = 2;

    public string Id => "efs-throughput";
    public string Title => "EFS throughput limit or burst-credit depletion";
    public bool PerHost => true;

    public Verdict Evaluate(IncidentData data)
    {
        var tl = data.Timeline;
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        double io = double.NaN, credit = double.NaN, rtt = double.NaN;

        var pio = tl.Find("PercentIOLimit");
        if (pio is not null)
        {
            double max = Max(pio);
            io = Ramp(max, 50, 95);
            var ev = new Evidence("EFS PercentIOLimit (max)", F(max, "%", 1), $"alarm > {PercentIoLimitAlarm} %", pio.Name);
            (max >= PercentIoLimitAlarm ? pro : con).Add(ev);
        }
        var bcb = tl.Find("BurstCreditBalance");
        bool elastic = string.Equals(data.Host.EfsThroughputMode, "elastic", StringComparison.OrdinalIgnoreCase)
            || string.Equals(data.Host.EfsThroughputMode, "provisioned", StringComparison.OrdinalIgnoreCase);
        if (bcb is not null && !elastic)
        {
            double min = Min(bcb), first = bcb.Points[0].Value, last = bcb.Points[^1].Value;
            credit = Ramp(min, BurstCreditAlarm, 1e11);
            if (min < BurstCreditAlarm && last < first * 0.5) credit = Math.Max(credit, 0.8);
            var ev = new Evidence("EFS BurstCreditBalance (min)", Bytes(min), $"alarm < {BurstCreditAlarm:0e0} bytes; 0 = throttled to baseline", bcb.Name);
            (min < BurstCreditAlarm ? pro : con).Add(ev);
            var trend = new Evidence("EFS BurstCreditBalance first → last", $"{Bytes(first)} → {Bytes(last)}", "steady fall towards 0 = depletion", bcb.Name);
            (last < first * 0.5 ? pro : con).Add(trend);
            if (ChangePoints.FirstAtOrBelow(bcb, BurstCreditAlarm) is { } low)
                pro.Add(new Evidence("EFS credits fell below the alarm", $"at {low.Time.UtcDateTime:HH:mm:ss} ({Bytes(low.Value)})", "from then on throughput is capped at the baseline", bcb.Name));
        }
        var throughput = EfsThroughputFigures.From(tl);
        if (throughput is { } th)
        {
            double use = th.PeakUseOfPermitted;
            io = double.IsNaN(io) ? Ramp(use, 0.5, 0.95) : Math.Max(io, Ramp(use, 0.5, 0.95));
            var ev = new Evidence("EFS metered throughput vs PermittedThroughput (peak)",
                $"{F(th.PeakMeteredMibps, "MiB/s", 2)} of {F(th.PermittedAtPeakMibps, "MiB/s", 2)} permitted = {F(use * 100, "%", 0)} at {th.PeakAt.UtcDateTime:HH:mm}",
                "≥ 95 %: at the throughput limit; throttled when permitted falls to the baseline", "MeteredIOBytes / PermittedThroughput");
            (use >= 0.8 ? pro : con).Add(ev);
            if (th.PermittedChange is { } pc && pc.After < pc.Before * 0.8)
                pro.Add(new Evidence("PermittedThroughput dropped", pc.Describe("MiB/s", 2), "a drop = credits ran out, throughput fell to the baseline", "PermittedThroughput"));
            if (!double.IsNaN(th.TotalMibps))
                con.Add(new Evidence("EFS TotalIOBytes vs MeteredIOBytes (mean)", $"{F(th.TotalMibps, "MiB/s", 2)} total, {F(th.MeanMeteredMibps, "MiB/s", 2)} metered",
                    "reads are metered at a third: metered < total means a read-heavy load", "TotalIOBytes"));
        }
        else if (elastic)
            con.Add(new Evidence("EFS throughput mode", data.Host.EfsThroughputMode!, "elastic/provisioned mode has no burst credits", "host.json"));

        var nfs = NfsRtt(data);
        if (nfs is { } n)
        {
            rtt = Ramp(n.AvgRttMs, 5, 50);
            var ev = new Evidence("NFS round-trip time per operation", $"{F(n.AvgRttMs, "ms", 1)} over {n.Ops:N0} ops ({n.What})", "> 20 ms: the file system answers slowly", "mountstats");
            (n.AvgRttMs >= 20 ? pro : con).Add(ev);
        }
        if (NfsRttChanges.LargestRise(data.Samples.Mountstats) is { } rise && rise.Ratio >= RttRiseRatio)
        {
            // The whole-window average hides a rise: cite the operation, when, and the RTT before and after.
            rtt = Math.Max(double.IsNaN(rtt) ? 0 : rtt, Ramp(rise.Change.After, 5, 50));
            var ev = new Evidence($"NFS {rise.Op} round-trip time rose", $"{rise.Change.Describe("ms", 1)} ({rise.OpsAfter:N0} ops after)",
                $"≥ {RttRiseRatio:0}× longer: the file system began answering slowly then", "mountstats");
            (rise.Change.After >= 20 ? pro : con).Add(ev);
        }

        if (double.IsNaN(io) && double.IsNaN(credit) && double.IsNaN(rtt))
            return Verdict.NoData(Id, Title, "no EFS CloudWatch metrics (PercentIOLimit, BurstCreditBalance, PermittedThroughput + MeteredIOBytes) or NFS mountstats");
        double main = Math.Max(double.IsNaN(io) ? 0 : io, double.IsNaN(credit) ? 0 : credit);
        double score = double.IsNaN(io) && double.IsNaN(credit) ? 0.6 * rtt : 0.85 * main + 0.15 * (double.IsNaN(rtt) ? main : rtt);
        var status = Verdict.StatusOf(score);
        string summary = Summary(status, io, credit, rtt);
        return new Verdict(Id, Title, Math.Round(score, 3), status, summary, pro, con);
    }

    /// <summary>
    /// The summary names only what was measured: the component that drove the score (credits, I/O limit or NFS round
    /// trips), and for a clean verdict only the figures that were there — a capture missing the CloudWatch file says so.
    /// </summary>
    private static string Summary(VerdictStatus status, double io, double credit, double rtt)
    {
        bool hasIo = !double.IsNaN(io), hasCredit = !double.IsNaN(credit), hasRtt = !double.IsNaN(rtt);
        if (status is VerdictStatus.Likely or VerdictStatus.Possible)
        {
            if (hasCredit && credit >= (hasIo ? io : 0) && credit >= (hasRtt ? rtt : 0))
                return "EFS ran out of burst credits and was throttled to its baseline throughput.";
            if (hasIo && io >= (hasRtt ? rtt : 0)) return "EFS was at its I/O limit; NFS operations queued.";
            return "NFS round trips to EFS grew long (mountstats); no EFS CloudWatch metric in the capture says whether credits or the I/O limit caused it.";
        }
        var parts = new List<string>();
        if (hasIo) parts.Add("far from its I/O limit");
        if (hasCredit) parts.Add("burst credits to spare");
        if (hasRtt) parts.Add("NFS round trips short");
        return $"EFS was NOT the bottleneck: {string.Join(", ", parts)}.";
    }

    private static (double AvgRttMs, long Ops, string What)? NfsRtt(IncidentData data)
    {
        var nfs = data.Samples.Mountstats.Where(m => m.FsType.StartsWith("nfs", StringComparison.Ordinal) && m.Ops.Count > 0).ToArray();
        if (nfs.Length == 0) return null;
        var byDevice = nfs.GroupBy(m => m.Device + " " + m.MountPoint).First().ToArray();
        var delta = byDevice.Length >= 2 ? byDevice[^1].Minus(byDevice[0]) : byDevice[0];
        if (delta.TotalOps == 0) return null;
        return (delta.AvgRttMs, delta.TotalOps, byDevice.Length >= 2 ? "between the first and last snapshot" : "since mount");
    }
}
