using System.Globalization;
using PypiKit.Charts;
using PypiKit.Host;

namespace PypiKit.Burst.Reports;

/// <summary>
/// The result as an HTML page: summary, thresholds, per-target, per-shard (merged runs) and per-operation tables, and every
/// <see cref="BurstCharts"/> chart, with plotly.js from the npm package inlined (never the CDN: pages draw offline).
/// </summary>
public static class HtmlBurstReport
{
    public const string Extension = ".html";

    /// <summary>The page; <paramref name="more"/> blocks (e.g. the stack's AWS panels on the burst's time axis) follow the charts.</summary>
    public static HtmlReport Build(BurstResult r, ModelComparison? comparison = null, IReadOnlyList<ReportBlock>? more = null)
    {
        var b = AddSections(HtmlReport.Create($"Burst: {r.Profile}"), r, comparison);
        foreach (var block in more ?? []) b.Add(block);
        return b.Build();
    }

    /// <summary>
    /// The burst's sections (summary, thresholds, per-target and per-operation tables, the model table, the charts)
    /// appended to <paramref name="b"/>, so a page with its own title (the lab report) carries them too.
    /// </summary>
    public static HtmlReportBuilder AddSections(HtmlReportBuilder b, BurstResult r, ModelComparison? comparison = null)
    {
        var ci = CultureInfo.InvariantCulture;
        string F(double v, string fmt = "0.##") => v.ToString(fmt, ci);
        b.Text($"Target `{r.Target}`, executor **{r.Settings.Executor}**{(r.Settings.SharedCookieJar ? " (shared cookie jar)" : "")}, " +
                  $"{r.StartTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", ci)} UTC, {F(r.DurationSeconds, "0.0")} s, stop reason {r.StopReason}. " +
                  $"Result: **{(r.ThresholdsPassed ? "PASS" : "FAIL")}**." +
                  (r.GeneratorLimited ? "\n\n**Generator-limited run**: the load generator could not keep its schedule." : ""))
            .Table(["figure", "value"],
            [
                ["requests (HTTP)", $"{r.TotalRequests} ({r.HttpRequests})"],
                ["throughput", $"{F(r.RequestsPerSecond)} req/s"],
                ["error rate", $"{F(r.ErrorRate * 100, "0.###")} %"],
                ["errors by class", r.ErrorClasses.Count == 0 ? "none" : string.Join(", ", r.ErrorClasses.Select(kv => $"{kv.Key} {kv.Value}"))],
                ["latency p50 / p95 / p99 / max (ms)", $"{F(r.Latency.P50)} / {F(r.Latency.P95)} / {F(r.Latency.P99)} / {F(r.Latency.Max)}"],
                ["failure latency p95 (ms)", F(r.FailureLatency.P95)],
                ["service time p99 (ms)", F(r.ServiceTime.P99)],
                ["sends > 1 ms late", $"{F(r.LateSendFraction * 100, "0.###")} %"],
            ], "Latency is measured from each request's scheduled start; successes and failures separately.");
        if (r.Thresholds.Count > 0)
            b.Heading("Thresholds").Table(["criterion", "severity", "measured", "result"],
                r.Thresholds.Select(t => (IReadOnlyList<string>)[t.Expression, t.Severity, t.MeasuredText, t.Passed ? "pass" : t.Severity == "warn" ? "warn" : "FAIL"]));
        b.Heading("Per target").Table(["target", "requests", "share", "failures", "p50 ms", "p95 ms"],
            r.Targets.OrderByDescending(kv => kv.Value.Count).Select(kv => (IReadOnlyList<string>)
                [kv.Key, kv.Value.Count.ToString(ci), $"{F(kv.Value.Share * 100, "0.0")} %", kv.Value.Failures.ToString(ci), F(kv.Value.P50LatencyMs), F(kv.Value.P95LatencyMs)]));
        if (r.ShardRows.Count > 0) b.Heading("Shards").Table(ShardTable.Headers, ShardTable.Rows(r), ShardTable.Intro);
        b.Heading("Per operation").Table(["operation", "count", "success rate", "mean ms", "p95 ms", "p99 ms"],
            r.Operations.Select(kv => (IReadOnlyList<string>)
                [kv.Key, kv.Value.Count.ToString(ci), $"{F(kv.Value.SuccessRate * 100, "0.0")} %", F(kv.Value.MeanLatencyMs), F(kv.Value.P95LatencyMs), F(kv.Value.P99LatencyMs)]));
        if (comparison is { Levels.Count: > 0 })
            b.Heading("Burst model, predicted before the run").Text(comparison.Describe() + "." + string.Concat(comparison.Notes.Select(n => "\n\n- note: " + n)))
                .Table(["clients", "measured req/s", "predicted req/s", "measured p95 ms", "predicted p95 ms"],
                    comparison.Levels.Select(l => (IReadOnlyList<string>)[l.Concurrency.ToString(ci), F(l.MeasuredThroughputRps), F(l.PredictedThroughputRps), F(l.MeasuredP95Ms), F(l.PredictedP95Ms)]));
        if (r.Host is { } host)
            b.Heading("Host and sandbox processes").Text(
                $"Sampled every second beside the burst ({host.Snapshots} snapshots; series in the JSON report):\n" +
                string.Join("\n", HostVerdicts.Of(host, new HostPlanFigures()).Select(v => $"- {v.Signal}: {v.Text}")));
        b.Heading("Charts").Figures(BurstCharts.All(r, comparison));
        return b;
    }

    /// <summary>Writes the page with plotly.js inlined (npm's file, else Plotly.NET's copy: <see cref="PlotlyJs.Resolve(string?, string?)"/>).</summary>
    public static Task WriteAsync(BurstResult result, string path, ModelComparison? comparison = null,
        IReadOnlyList<ReportBlock>? more = null, CancellationToken ct = default) =>
        new HtmlReportWriter(HtmlReportOptions.Default with { Footer = "Generated by pypikit burst" }).WriteAsync(Build(result, comparison, more), path, ct);
}
