using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Rules;

/// <summary>
/// A client burst: a few clients (CI runners, told apart by their request shape: <see cref="ClientShapes"/>) sending many requests per minute. A burst is usually the
/// trigger, not the bottleneck, so this verdict's score is capped below the resource verdicts' top range: it says who
/// sent the load, the resource verdicts say what broke.
/// </summary>
public sealed class ClientBurstRule : IDiagnosisRule
{
    public string Id => "client-burst";
    public string Title => "client burst (requests per IP and user agent per minute)";

    public Verdict Evaluate(IncidentData data)
    {
        var alb = data.Alb;
        if ((alb is null || alb.Requests == 0) && data.ClientRuns.Count > 0) return ClientRunVerdicts.ClientBurst(Id, data);
        if (alb is null || alb.Requests == 0) return Verdict.NoData(Id, Title, "no ALB access log");
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        var perMin = alb.PerMinute.Select(m => (double)m.Requests).ToArray();
        double peak = perMin.Max(), median = Percentile(perMin, 0.5);
        double ratio = median <= 0 ? 1 : peak / median;
        var minutes = alb.Last!.Value - alb.First!.Value;
        pro.Add(new Evidence("requests in the log", $"{alb.Requests:N0} from {alb.First:HH:mm:ss} to {alb.Last:HH:mm:ss} UTC ({minutes.TotalMinutes:0} min, {alb.Requests / Math.Max(1, minutes.TotalMinutes):0} req/min)", "", "ALB log"));
        (ratio >= 2 ? pro : con).Add(new Evidence("busiest minute vs median minute", $"{peak:0} vs {median:0} req/min", "≥ 2× = bursty", "ALB log"));
        var top = alb.Clients.Take(5).ToArray();
        double topShare = (double)top.Sum(c => c.Requests) / alb.Requests;
        pro.Add(new Evidence($"top {top.Length} client IPs", string.Join(" / ", top.Select(c => $"{c.Key} {c.Requests}")) + $" = {F(topShare * 100, "%", 0)} of requests",
            "a handful of IPs = CI runners, not users", "ALB log"));
        var peakIp = alb.Clients.OrderByDescending(c => c.PeakPerMinute).FirstOrDefault();
        if (peakIp is not null && peakIp.PeakPerMinute > 0)
            pro.Add(new Evidence("busiest client minute", $"{peakIp.Key}: {peakIp.PeakPerMinute} req/min", "", "ALB log"));
        var ciClients = alb.Clients.Where(ClientShapes.IsCi).ToArray();
        double ci = (double)ciClients.Sum(c => c.Requests) / alb.Requests;
        (ci >= 0.5 ? pro : con).Add(new Evidence("CI-like client IPs (by request shape, not user agent)",
            $"{ciClients.Length} of {alb.Clients.Count} IPs sent {F(ci * 100, "%", 0)} of requests", ClientShapes.Rule, "ALB log"));
        var uas = alb.UserAgents.Take(4).Select(u => $"{u.Key} {u.Requests} (peak {u.PeakPerMinute}/min)");
        if (alb.UserAgents.Count > 0) pro.Add(new Evidence("user agents", string.Join(", ", uas), "who the clients say they are (not used to tell CI apart)", "ALB log"));

        double r = double.NaN;
        if (data.Timeline.Get("alb.latency_p95") is not null)
        {
            var (_, corr) = data.Timeline.JoinLatency("alb.latency_p95", ["alb.requests"]);
            if (corr.Count == 1) r = corr[0].R;
            if (!double.IsNaN(r))
                (r >= 0.4 ? pro : con).Add(new Evidence("correlation of p95 latency with requests per minute", $"r = {r:0.00}", "> 0.5: latency follows load", "ALB log"));
        }
        double score = 0.25 * Ramp(ratio, 1.5, 5) + 0.2 * Ramp(topShare, 0.5, 0.9) * ci + 0.15 * Ramp(r, 0.2, 0.7) + 0.1 * Ramp(peak, 120, 600);
        var status = Verdict.StatusOf(score);
        double rate = alb.Requests / Math.Max(1, minutes.TotalMinutes);
        string summary = ci >= 0.5 && topShare >= 0.8
            ? $"{alb.Requests:N0} requests from {alb.Clients.Count} client IP(s), {ci * 100:0} % from CI-like installers, about {rate:0} req/min (peak {peak:0}): "
              + (status is VerdictStatus.Likely or VerdictStatus.Possible
                  ? "a burst that drove the load — the trigger; the resource verdicts say what it exhausted."
                  : "a modest CI burst, not enough on its own to explain the incident.")
            : status is VerdictStatus.Likely or VerdictStatus.Possible
                ? $"Traffic was bursty (peak {peak:0} vs median {median:0} req/min): the trigger; see the resource verdicts for what it exhausted."
                : "Traffic was not unusually bursty.";
        return new Verdict(Id, Title, Math.Round(score, 3), status, summary, pro, con);
    }
}
