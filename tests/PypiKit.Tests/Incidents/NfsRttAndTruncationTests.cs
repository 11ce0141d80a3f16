using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;
using PypiKit.Incidents.Rules;

namespace PypiKit.Tests.Incidents;

/// <summary>The NFS round-trip change point is cited with its time and before/after figures; a damaged CloudWatch file leaves no summary its figures do not support.</summary>
public class NfsRttAndTruncationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 16, 35, 0, TimeSpan.Zero);

    private static NfsMountStats Snapshot(DateTimeOffset t, long readOps, long readRttMs, long writeOps, long writeRttMs) =>
        new(t, "fs-1.efs.us-west-2.amazonaws.com:/", "/mnt/efs", "nfs4", 600,
        [
            new NfsOpStats("READ", readOps, readOps, 0, 0, 0, 0, readRttMs, readRttMs, 0),
            new NfsOpStats("WRITE", writeOps, writeOps, 0, 0, 0, 0, writeRttMs, writeRttMs, 0),
        ]);

    /// <summary>READ at 2.6 ms per op since mount and for the first 5 minutes, then 423 ms; WRITE steady at 4 ms.</summary>
    private static NfsMountStats[] ReadRise() =>
    [
        Snapshot(T0, 10_000, 26_000, 1_000, 4_000),
        Snapshot(T0.AddMinutes(5), 10_500, 27_300, 1_100, 4_400),
        Snapshot(T0.AddMinutes(10), 11_000, 27_300 + 500 * 423, 1_200, 4_800),
    ];

    [Fact]
    public void Interval_rtt_starts_at_the_mount_and_then_differences_snapshots()
    {
        var s = NfsRttChanges.IntervalRtt(ReadRise(), "READ");
        Assert.Equal([T0.AddSeconds(-600), T0, T0.AddMinutes(5)], s.Points.Select(p => p.Time).ToArray());
        Assert.Equal([2.6, 2.6, 423.0], s.Points.Select(p => Math.Round(p.Value, 1)).ToArray());
    }

    [Fact]
    public void The_largest_rise_is_read_at_the_second_snapshot()
    {
        var rise = NfsRttChanges.LargestRise(ReadRise())!;
        Assert.Equal("READ", rise.Op);
        Assert.Equal(T0.AddMinutes(5), rise.Change.At);
        Assert.Equal(2.6, rise.Change.Before, 1);
        Assert.Equal(423, rise.Change.After, 1);
        Assert.Equal(500, rise.OpsAfter);
        // one snapshot, or a steady RTT, has no rise
        Assert.Null(NfsRttChanges.LargestRise(ReadRise()[..1]));
        Assert.Null(NfsRttChanges.LargestRise([Snapshot(T0, 100, 260, 10, 40), Snapshot(T0.AddMinutes(5), 200, 520, 20, 80)]));
    }

    [Fact]
    public void Efs_rule_cites_the_read_rtt_rise_with_its_time_and_says_only_what_mountstats_shows()
    {
        var data = new IncidentData { Samples = new HostSamples { Mountstats = ReadRise() } };
        var v = new EfsThroughputRule().Evaluate(data);
        var ev = Assert.Single(v.For, e => e.Metric == "NFS READ round-trip time rose");
        Assert.Equal("2.6 ms before 16:40:00 → 423.0 ms after (500 ops after)", ev.Observed);
        Assert.True(v.Status is VerdictStatus.Likely or VerdictStatus.Possible, v.Status.ToString());
        // no CloudWatch file: the summary blames the round trips, not credits or the I/O limit it never saw
        Assert.DoesNotContain("burst credits", v.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("I/O limit;", v.Summary, StringComparison.Ordinal);
        Assert.Contains("NFS round trips", v.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_cloudwatch_file_leaves_every_summary_backed_by_a_cited_figure()
    {
        using var tmp = new TempDir();
        CopyDirectory(IncidentTestData.Dataset20251227, tmp.Path);
        var efs = Path.Combine(tmp.Path, "cloudwatch", "efs.json");
        var text = File.ReadAllText(efs);
        File.WriteAllText(efs, text[..(text.Length / 2)]);

        var a = IncidentAnalyzer.Analyze(tmp.Path, ParseOptions.Tolerant, ct: TestContext.Current.CancellationToken);
        Assert.Contains(a.Data.Diagnostics, d => d.Source.EndsWith("efs.json", StringComparison.Ordinal) && (d.Problem is not null || d.Rejected > 0));
        foreach (var v in a.Diagnosis.Verdicts)
        {
            var cited = v.For.Concat(v.Against).Select(e => e.Metric + " " + e.Source).ToArray();
            // each claim a summary makes names the metric family that must be among its evidence
            foreach (var (claim, metric) in SummaryClaims)
                if (v.Summary.Contains(claim, StringComparison.Ordinal))
                    Assert.True(cited.Any(c => c.Contains(metric, StringComparison.Ordinal)),
                        $"{v.RuleId}: summary \"{v.Summary}\" claims \"{claim}\" but cites no {metric} figure: {string.Join("; ", cited)}");
        }
        Assert.NotEqual(VerdictStatus.NoData, a.Diagnosis.Get("efs-throughput")!.Status);
    }

    private static readonly (string Claim, string Metric)[] SummaryClaims =
    [
        ("burst credits to spare", "BurstCreditBalance"),
        ("ran out of burst credits", "BurstCreditBalance"),
        ("far from its I/O limit", "EFS"),
        ("at its I/O limit", "EFS"),
        ("NFS round trips", "NFS"),
    ];

    private static void CopyDirectory(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
    }
}
