using System.Globalization;
using System.Text;

namespace PypiKit.Burst;

/// <summary>
/// The result as Markdown: the reference report's sections (Summary, Latency, Errors, Per-Operation Metrics, Error
/// Samples) plus thresholds, per-target share, measurement notes (service time, send lateness) and bursts.
/// </summary>
public static class MarkdownBurstReport
{
    public const string Extension = ".md";

    public static void Write(BurstResult result, string path) => File.WriteAllText(path, Render(result));

    public static string Render(BurstResult r)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        string F(double v, string fmt = "0.##") => v.ToString(fmt, ci);

        L($"# Stress Test Results: {r.Profile}");
        L();
        L($"**Date:** {r.StartTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", ci)} UTC  ");
        L($"**Duration:** {F(r.DurationSeconds, "0.0")}s  ");
        L($"**Target:** {r.Target}  ");
        L($"**Executor:** {r.Settings.Executor}{(r.Settings.SharedCookieJar ? " (shared cookie jar: reference compatibility)" : "")}  ");
        L($"**Stop reason:** {StopReasons.Describe(r.StopReason)}, after {F(r.DurationSeconds, "0.0")} s of real time" +
          $"{(r.Shards.Count > 0 ? $"  \n**Shards:** {string.Join(", ", r.Shards)}" : "")}");
        L();
        L("## Summary");
        L();
        L($"- **Total Requests:** {r.TotalRequests} ({r.HttpRequests} HTTP requests)");
        L($"- **Successful:** {r.SuccessfulRequests} ({F((1 - r.ErrorRate) * 100, "0.0")}%)");
        L($"- **Failed:** {r.FailedRequests} ({F(r.ErrorRate * 100, "0.00")}%)");
        L($"- **Throughput:** {F(r.RequestsPerSecond)} req/s");
        L($"- **Thresholds:** {(r.ThresholdsPassed ? "PASS" : "FAIL")}");
        L();
        L("## Latency (ms)");
        L();
        L("Successful requests, measured from each request's scheduled start.");
        L();
        L($"- **Min:** {F(r.LatencyMin)}");
        L($"- **Mean:** {F(r.LatencyMean)}");
        L($"- **Median:** {F(r.LatencyMedian)}");
        L($"- **P95:** {F(r.LatencyP95)}");
        L($"- **P99:** {F(r.LatencyP99)}");
        L($"- **Max:** {F(r.LatencyMax)}");
        L();
        L("| view | count | p50 | p90 | p95 | p99 | p99.9 | max |");
        L("|---|---:|---:|---:|---:|---:|---:|---:|");
        void Row(string name, LatencySummary s) =>
            L($"| {name} | {s.Count} | {F(s.P50)} | {F(s.P90)} | {F(s.P95)} | {F(s.P99)} | {F(s.P999)} | {F(s.Max)} |");
        Row("successes (from scheduled start)", r.Latency);
        Row("failures", r.FailureLatency);
        Row("service time (from actual send)", r.ServiceTime);
        Row("send lateness", r.SendLateness);
        if (r.SchedulerLateness is { Count: > 0 } sl) Row("scheduler wake-up lateness", sl);
        L();
        L($"Sends more than 1 ms late: {F(r.LateSendFraction * 100, "0.###")}%" +
          (r.GeneratorLimited ? " — **generator-limited run**: the load generator could not keep its schedule." : "."));
        L();
        L("## Errors");
        L();
        L($"- **5xx Errors:** {r.Error5xxCount}");
        L($"- **4xx Errors:** {r.Error4xxCount}");
        foreach (var (k, v) in r.ErrorClasses.Where(kv => kv.Key is not ("4xx" or "5xx"))) L($"- **{k}:** {v}");
        L();
        L("Status codes: " + (r.StatusCodeCounts.Count == 0 ? "none" : string.Join(", ", r.StatusCodeCounts.Select(kv => $"{kv.Key}: {kv.Value}"))));
        L();
        if (r.ShardRows.Count > 0)
        {
            L("## Shards");
            L();
            L(Reports.ShardTable.Intro);
            L();
            L("| " + string.Join(" | ", Reports.ShardTable.Headers) + " |");
            L("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var row in Reports.ShardTable.Rows(r))
                L("| " + string.Join(" | ", row.Select(c => c.Replace("|", "/", StringComparison.Ordinal))) + " |");
            L();
        }
        if (r.Thresholds.Count > 0)
        {
            L("## Thresholds");
            L();
            L("| criterion | severity | measured | result |");
            L("|---|---|---:|---|");
            foreach (var t in r.Thresholds)
                L($"| `{t.Expression}` | {t.Severity} | {t.MeasuredText} | {(t.Passed ? "pass" : t.Severity == "warn" ? "WARN" : "FAIL")} |");
            L();
            L("Latency is in ms, rates are fractions.");
            L();
        }
        L("## Per-Target Share");
        L();
        L("| target | requests | share | failures | p50 ms | p95 ms |");
        L("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, t) in r.Targets.OrderByDescending(kv => kv.Value.Count))
            L($"| {name} | {t.Count} | {F(t.Share * 100, "0.0")}% | {t.Failures} | {F(t.P50LatencyMs)} | {F(t.P95LatencyMs)} |");
        L();
        L("## Per-Operation Metrics");
        L();
        foreach (var (op, s) in r.Operations)
        {
            L($"### {op}");
            L();
            L($"- **Count:** {s.Count}");
            L($"- **Success Rate:** {F(s.SuccessRate * 100, "0.0")}%");
            L($"- **Mean Latency:** {F(s.MeanLatencyMs)}ms");
            L($"- **P95 Latency:** {F(s.P95LatencyMs)}ms");
            L($"- **P99 Latency:** {F(s.P99LatencyMs)}ms");
            L();
        }
        if (r.Bursts.Count > 0)
        {
            L("## Iterations and Burst Completion Times");
            L();
            L("| iteration | burst | workers | requests | failures | start (s) | completion (s) |");
            L("|---:|---|---:|---:|---:|---:|---:|");
            foreach (var b in r.Bursts)
                L($"| {b.Index} | {(b.IsBurst ? "yes" : "")} | {b.Workers} | {b.Requests} | {b.Failures} | {F(b.StartOffsetSeconds, "0.0")} | {F(b.CompletionSeconds, "0.00")} |");
            L();
        }
        if (r.ErrorSamples.Count > 0)
        {
            L($"## Error Samples (First {r.ErrorSamples.Count} Failures)");
            L();
            var i = 1;
            foreach (var e in r.ErrorSamples)
            {
                L($"### Error {i++}");
                L();
                L($"- **Timestamp:** {e.Timestamp.UtcDateTime.ToString("O", ci)}");
                L($"- **Operation:** {e.Operation}");
                L($"- **Package:** {e.PackageName}");
                L($"- **URL:** {e.Url}");
                L($"- **Status Code:** {e.StatusCode}");
                L($"- **Error:** {e.Error}");
                L();
                L("```");
                L(e.ErrorDetail.Replace("```", "'''"));
                L("```");
                L();
            }
        }
        return sb.ToString();
    }
}
