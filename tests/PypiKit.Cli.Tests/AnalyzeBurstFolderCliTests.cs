using System.Globalization;
using System.Text.Json;

namespace PypiKit.Cli.Tests;

/// <summary>
/// <c>pypikit analyze</c> on PypiKit's own runs: two short bursts against a background sandbox on 127.0.0.1 (host sampled
/// beside them) write real report folders; analysing one folder, and the campaign folder holding both, yields verdicts
/// whose evidence is those runs' measured request counts and p95; a damaged burst JSON is one line naming it, exit 2,
/// and no report.
/// </summary>
[Trait("Category", "Slow")]
public class AnalyzeBurstFolderCliTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Burst_and_campaign_folders_of_real_runs_are_diagnosed_with_their_own_figures()
    {
        await using var sandbox = await DetachedSandbox.StartAsync("pypikit-cli-analyze-burst-");
        var (work, state, url, password) = (sandbox.Work, sandbox.State, sandbox.Url, sandbox.Password);

        // 40 listings a second for 4 s over 4 connections: enough requests for per-second p95 and both targets
        var profile = Path.Combine(work, "profile.json");
        File.WriteAllText(profile, """
            {"name":"analyze-folder","executor":"constant_arrival_rate","rate":40,"connections":4,"duration_seconds":4,"mix":{"get":1},"path":"/simple/"}
            """);
        var campaign = Path.Combine(work, "campaign");
        var runs = new List<(long Requests, double P95)>();
        foreach (var name in new[] { "run-1", "run-2" })
        {
            var outDir = Path.Combine(campaign, name);
            var burst = await CliRunner.RunAsync(["burst", "--target", url, "--user", "pypikit", "--profile", profile, "--out", outDir],
                TimeSpan.FromSeconds(120), environment: new Dictionary<string, string?> { ["PYPIKIT_PASSWORD"] = password, ["PYPIKIT_SANDBOX_STATE"] = state });
            Assert.True(burst.ExitCode is 0 or 99, burst.Stdout + burst.Stderr);
            using var report = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(outDir, "burst_*.json").Single()));
            Assert.Equal(JsonValueKind.Object, report.RootElement.GetProperty("host").ValueKind);
            runs.Add((report.RootElement.GetProperty("total_requests").GetInt64(), report.RootElement.GetProperty("latency_p95").GetDouble()));
        }
        Assert.All(runs, r => Assert.True(r.Requests > 0));

        // one burst folder
        var one = await CliRunner.RunAsync(["analyze", Path.Combine(campaign, "run-1"), "--out", Path.Combine(work, "report-1")], TimeSpan.FromSeconds(120));
        Assert.True(one.ExitCode == 0, one.Stdout + one.Stderr);
        var evidence = Evidence(Path.Combine(work, "report-1", "report.json"));
        Assert.Contains(evidence, e => e.Rule == "client-burst" && e.Metric == "requests measured by the load generator"
                                       && e.Observed.StartsWith(runs[0].Requests.ToString("N0", Inv) + " (", StringComparison.Ordinal) && e.Source.Contains("burst_", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Rule == "client-burst" && e.Metric == "p95 latency of successful requests"
                                       && e.Observed.StartsWith(runs[0].P95.ToString("0.0", Inv) + " ms", StringComparison.Ordinal));
        // the host sampled beside the burst reaches the memory rule on vmstat's names, and the targets the imbalance rule
        Assert.Contains(evidence, e => e.Rule == "memory-pressure" && e.Metric == "swap-in (si) peak" && e.Source == "vmstat.si");
        Assert.Contains(evidence, e => e.Rule == "load-imbalance" && e.Metric == "busiest target's share of requests" && e.Observed.Contains("over 2 targets", StringComparison.Ordinal));
        Assert.Contains("1 files parsed", one.Stdout); // the burst JSON is read; its .hlog/.md/.html beside it are not captures

        // the campaign folder: both bursts, joined in time order
        var both = await CliRunner.RunAsync(["analyze", campaign, "--out", Path.Combine(work, "report-all")], TimeSpan.FromSeconds(120));
        Assert.True(both.ExitCode == 0, both.Stdout + both.Stderr);
        var all = Evidence(Path.Combine(work, "report-all", "report.json"));
        Assert.Contains(all, e => e.Rule == "client-burst" && e.Metric == "requests measured by the load generator"
                                  && e.Observed.StartsWith((runs[0].Requests + runs[1].Requests).ToString("N0", Inv) + " (", StringComparison.Ordinal)
                                  && e.Observed.Contains("in 2 bursts", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Rule == "client-burst" && e.Metric == "p95 latency of successful requests"
                                  && e.Observed.StartsWith(runs[0].P95.ToString("0.0", Inv) + " ms", StringComparison.Ordinal)
                                  && e.Observed.Contains(" / " + runs[1].P95.ToString("0.0", Inv) + " ms", StringComparison.Ordinal));

        // a damaged burst JSON: one line naming it, exit 2, no report
        var damaged = Directory.GetFiles(Path.Combine(campaign, "run-2"), "burst_*.json").Single();
        var text = File.ReadAllText(damaged);
        File.WriteAllText(damaged, text[..(text.Length / 3)]);
        var reportDir = Path.Combine(work, "report-damaged");
        var bad = await CliRunner.RunAsync(["analyze", campaign, "--out", reportDir], TimeSpan.FromSeconds(60));
        Assert.Equal(2, bad.ExitCode);
        var line = Assert.Single(bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(damaged, line);
        Assert.Contains("damaged or unreadable", line);
        Assert.False(Directory.Exists(reportDir));

        var down = await CliRunner.RunAsync(["sandbox", "down", "--state-dir", state], TimeSpan.FromSeconds(60));
        Assert.Equal(0, down.ExitCode);
    }

    private sealed record EvidenceLine(string Rule, string Metric, string Observed, string Source);

    /// <summary>Every evidence line (for and against) of every verdict in an incident report.json.</summary>
    private static List<EvidenceLine> Evidence(string reportJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(reportJson));
        var list = new List<EvidenceLine>();
        foreach (var v in doc.RootElement.GetProperty("verdicts").EnumerateArray())
            foreach (var side in new[] { "for", "against" })
                foreach (var e in v.GetProperty(side).EnumerateArray())
                    list.Add(new EvidenceLine(v.GetProperty("rule_id").GetString()!, e.GetProperty("metric").GetString()!, e.GetProperty("observed").GetString()!,
                        e.GetProperty("source").GetString()!));
        return list;
    }

}
