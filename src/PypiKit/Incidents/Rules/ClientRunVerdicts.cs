using System.Globalization;
using PypiKit.Incidents.Parsers;
using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Rules;

/// <summary>
/// The client-burst and 5xx-source verdicts of PypiKit's own runs (<see cref="IncidentData.ClientRuns"/>), where there is
/// no ALB log: the load generator measured every request itself, so the request count, p95 over time and failures by
/// class come from its result, and 5xx by source from the burst window's CloudWatch series when telemetry was on.
/// The rules call these when <see cref="IncidentData.Alb"/> is absent; the scores use the same ramps as the ALB path.
/// </summary>
internal static class ClientRunVerdicts
{
    /// <summary>Where the evidence of a run comes from, as the reports cite it.</summary>
    public const string Source = "load generator";

    /// <summary>The burst engine's name for answers that carried no instance header (failed connections, the balancer's own errors).</summary>
    private const string UnattributedTarget = "unknown";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Files(IncidentData data) => Source + " (" + string.Join(", ", data.ClientRuns.Select(r => Path.GetFileName(r.File))) + ")";

    /// <summary>The client-burst verdict from the runs: how much load, how latency moved over time, what failed.</summary>
    public static Verdict ClientBurst(string id, IncidentData data)
    {
        var runs = data.ClientRuns;
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        long requests = runs.Sum(r => r.Result.TotalRequests), failed = runs.Sum(r => r.Result.FailedRequests);
        double seconds = runs.Sum(r => r.Result.DurationSeconds), rate = requests / Math.Max(1e-9, seconds);
        double errorRate = requests == 0 ? 0 : (double)failed / requests;
        var first = runs.Min(r => r.Result.StartTime);
        var last = runs.Max(r => r.Result.EndTime);
        var src = Files(data);
        pro.Add(new Evidence("requests measured by the load generator",
            string.Create(Inv, $"{requests:N0} ({failed:N0} failed) from {first.UtcDateTime:HH:mm:ss} to {last.UtcDateTime:HH:mm:ss} UTC over {seconds:0.0} s = {rate:0.0} req/s")
            + (runs.Count > 1 ? $" in {runs.Count} bursts" : "") + $", profile {string.Join(", ", runs.Select(r => r.Result.Profile).Distinct())}",
            "", src));
        pro.Add(new Evidence("p95 latency of successful requests",
            string.Join(" / ", runs.Select(r => string.Create(Inv, $"{r.Result.LatencyP95:0.0} ms (p50 {r.Result.LatencyMedian:0.0}, p99 {r.Result.LatencyP99:0.0})"))) +
            (runs.Count > 1 ? " (per burst)" : ""), "from each request's scheduled start (no coordinated omission)", src));

        var perSecond = data.Timeline.Get(ClientSeries.Requests);
        double ratio = double.NaN;
        if (perSecond is { Points.Count: > 0 })
        {
            var values = perSecond.Points.Select(p => p.Value).ToArray();
            double peak = values.Max(), median = Percentile(values, 0.5);
            ratio = median <= 0 ? 1 : peak / median;
            (ratio >= 2 ? pro : con).Add(new Evidence("busiest second vs median second", F(peak, "", 0) + " vs " + F(median, "req/s", 0), "≥ 2× = bursty", ClientSeries.Requests));
        }
        double rise = double.NaN;
        var p95 = data.Timeline.Get(ClientSeries.LatencyP95);
        if (ChangePoints.Level(p95) is { } cp)
        {
            rise = cp.Before <= 0 ? double.NaN : cp.After / cp.Before;
            (cp.After > 1.5 * cp.Before ? pro : con).Add(new Evidence("p95 latency over time (change point, per second)", cp.Describe("ms", 1),
                "a step up while the load held = a resource ran out", ClientSeries.LatencyP95));
        }
        var classes = runs.SelectMany(r => r.Result.ErrorClasses).GroupBy(kv => kv.Key).Select(g => (Class: g.Key, Count: g.Sum(kv => kv.Value)))
            .Where(c => c.Count > 0).OrderByDescending(c => c.Count).ToArray();
        var errors = new Evidence("failures by class",
            classes.Length == 0 ? "none" : string.Join(", ", classes.Select(c => $"{c.Class} {c.Count:N0}")) + $" = {F(errorRate * 100, "%", 2)} of requests",
            "timeout = no answer within the request timeout; connect/reset = the server or balancer dropped the client", src);
        (errorRate >= 0.01 ? pro : con).Add(errors);

        double score = 0.25 * Ramp(ratio, 1.5, 5) + 0.2 * Ramp(errorRate, 0.005, 0.05) + 0.15 * Ramp(rise, 1.5, 5) + 0.1 * Ramp(rate, 2, 10);
        var status = Verdict.StatusOf(score);
        string summary = string.Create(Inv, $"{requests:N0} requests from PypiKit's load generator at about {rate:0.0} req/s, p95 {string.Join(" / ", runs.Select(r => r.Result.LatencyP95.ToString("0.0", Inv)))} ms, ") +
            $"{F(errorRate * 100, "%", 2)} failed: " +
            (status is VerdictStatus.Likely or VerdictStatus.Possible
                ? "the burst is the load that strained the service; the resource verdicts say what it exhausted."
                : "the run's load was served without a marked slowdown or failures.");
        return new Verdict(id, RunTitle, Math.Round(score, 3), status, summary, pro, con);
    }

    /// <summary>The client-burst verdict's title for a run: the load generator's own counts, not requests per IP.</summary>
    public const string RunTitle = "client burst (the load generator's requests and latency per second)";

    /// <summary>
    /// The 5xx verdict from the runs: how many 5xx the client saw, and who generated them when the burst window's CloudWatch
    /// series say (HTTPCode_ELB_5XX_Count vs HTTPCode_Target_5XX_Count).
    /// </summary>
    public static Verdict ServerErrors(string id, IncidentData data)
    {
        var runs = data.ClientRuns;
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        long requests = runs.Sum(r => r.Result.TotalRequests), all = runs.Sum(r => r.Result.Error5xxCount);
        double rate = requests == 0 ? 0 : (double)all / requests;
        var codes = runs.SelectMany(r => r.Result.StatusCodeCounts).Where(kv => kv.Key.StartsWith('5')).GroupBy(kv => kv.Key)
            .Select(g => $"{g.Key}×{g.Sum(kv => kv.Value)}").ToArray();
        var src = Files(data);
        (rate >= 0.01 ? pro : con).Add(new Evidence("5xx rate (client)", $"{all:N0} of {requests:N0} = {F(rate * 100, "%", 2)}" + (codes.Length > 0 ? $" ({string.Join(", ", codes)})" : ""),
            "alarm: success rate < 99 %", src));
        var elbSeries = data.Timeline.Find("HTTPCode_ELB_5XX_Count");
        var tgtSeries = data.Timeline.Find("HTTPCode_Target_5XX_Count");
        double elb = elbSeries?.Points.Sum(p => p.Value) ?? double.NaN, tgt = tgtSeries?.Points.Sum(p => p.Value) ?? double.NaN;
        bool bySource = elbSeries is not null || tgtSeries is not null;
        if (bySource)
        {
            elb = double.IsNaN(elb) ? 0 : elb;
            tgt = double.IsNaN(tgt) ? 0 : tgt;
            if (elb + tgt > 0)
            {
                pro.Add(new Evidence("generated by the balancer (CloudWatch HTTPCode_ELB_5XX_Count)", F(elb, "", 0), "502/503/504 = target unreachable, unhealthy or too slow", elbSeries?.Name ?? "CloudWatch"));
                pro.Add(new Evidence("returned by targets (CloudWatch HTTPCode_Target_5XX_Count)", F(tgt, "", 0), "pypiserver/gunicorn errors", tgtSeries?.Name ?? "CloudWatch"));
            }
        }
        else if (all > 0)
            con.Add(new Evidence("5xx by source", "not recorded", "the balancer-vs-target split needs ALB logs or the burst's CloudWatch series (--telemetry)", src));

        double score = 0.8 * Ramp(rate, 0.005, 0.05);
        var status = all == 0 && !(elb + tgt > 0) ? VerdictStatus.RuledOut : Verdict.StatusOf(score) == VerdictStatus.RuledOut ? VerdictStatus.Unlikely : Verdict.StatusOf(score);
        if (status != VerdictStatus.RuledOut) score = Math.Max(score, 0.15);
        string heading = status == VerdictStatus.RuledOut ? "5xx errors (none)"
            : !bySource || elb + tgt == 0 ? "5xx errors seen by the load generator"
            : elb >= tgt ? "5xx errors, mostly from the balancer (502/503/504)" : "5xx errors, mostly from the targets";
        string source = !bySource || elb + tgt == 0 ? "" : elb >= tgt
            ? $" {elb:0} of {elb + tgt:0} 5xx were generated by the balancer itself: targets timed out or were unreachable — a symptom of an overloaded host."
            : $" {tgt:0} of {elb + tgt:0} 5xx came from the targets (application errors).";
        string summary = status == VerdictStatus.RuledOut ? "The load generator saw no 5xx."
            : $"The load generator saw {all:N0} 5xx ({F(rate * 100, "%", 2)} of requests)." + source;
        return new Verdict(id, heading, Math.Round(score, 3), status, summary, pro, con);
    }

    /// <summary>
    /// The runs' per-target counts (the instance header each answer carried), summed over bursts, busiest first; a target's
    /// latency is its largest per-burst p50/p95 (exact for one burst, an upper bound over several).
    /// </summary>
    public static IReadOnlyList<AlbTargetCount> Targets(IncidentData data) =>
        data.ClientRuns.SelectMany(r => r.Result.Targets).Where(kv => kv.Key != UnattributedTarget).GroupBy(kv => kv.Key)
            .Select(g => new AlbTargetCount(g.Key, g.Sum(kv => kv.Value.Count),
                g.Max(kv => kv.Value.P50LatencyMs) / 1000, g.Max(kv => kv.Value.P95LatencyMs) / 1000))
            .OrderByDescending(t => t.Requests).ToArray();
}
