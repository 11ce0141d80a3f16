using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Rules;

/// <summary>
/// Load imbalance: one target (task) takes far more than its share of requests — typically ALB stickiness (lb_cookie)
/// with clients that share one cookie jar — while the others idle. Reads per-target requests and latency from the ALB
/// log and per-container CPU from docker stats.
/// </summary>
public sealed class LoadImbalanceRule : IDiagnosisRule
{
    public string Id => "load-imbalance";
    public string Title => "load imbalance across targets";

    public Verdict Evaluate(IncidentData data)
    {
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        double albSignal = double.NaN, dockerSignal = double.NaN;
        var fromRuns = data.Alb is null && data.ClientRuns.Count > 0;
        var targets = fromRuns ? ClientRunVerdicts.Targets(data) : data.Alb?.Targets ?? [];
        var source = fromRuns ? ClientRunVerdicts.Source : "ALB log";
        long total = targets.Sum(t => t.Requests);
        if (targets.Count >= 2 && total >= 30)
        {
            var top = targets[0];
            double share = (double)top.Requests / total, fair = 1.0 / targets.Count;
            double imbalance = (share - fair) / (1 - fair);
            albSignal = Ramp(imbalance, 0.15, 0.6);
            (imbalance >= 0.3 ? pro : con).Add(new Evidence("busiest target's share of requests",
                $"{top.Target}: {F(share * 100, "%", 1)} of {total:N0} over {targets.Count} targets", $"fair share {F(fair * 100, "%", 1)}", source));
            var others = targets.Skip(1).Where(t => !double.IsNaN(t.P95Seconds)).ToArray();
            if (others.Length > 0 && !double.IsNaN(top.P95Seconds))
            {
                double otherP95 = others.Average(t => t.P95Seconds);
                (top.P95Seconds > 2 * otherP95 ? pro : con).Add(new Evidence("p95 latency busiest target vs the others",
                    $"{F(top.P95Seconds, "s", 2)} vs {F(otherP95, "s", 2)}", "much slower on the busy target = it is overloaded", source));
            }
        }
        else if (targets.Count == 1)
            con.Add(new Evidence(fromRuns ? "targets answering the load generator" : "targets in the ALB log", "1", "a single target cannot be imbalanced", source));

        var byContainer = data.Samples.DockerStats.Where(d => !double.IsNaN(d.CpuPercent)).GroupBy(d => d.Name)
            .Select(g => (Name: g.Key, Cpu: g.Average(x => x.CpuPercent))).OrderByDescending(x => x.Cpu).ToArray();
        if (byContainer.Length >= 2)
        {
            double mean = byContainer.Average(x => x.Cpu);
            double ratio = mean <= 0 ? 1 : byContainer[0].Cpu / mean;
            dockerSignal = Ramp(ratio, 1.5, 3);
            (ratio >= 2 ? pro : con).Add(new Evidence("busiest container's CPU vs the mean",
                $"{byContainer[0].Name}: {F(byContainer[0].Cpu, "%", 0)} vs mean {F(mean, "%", 0)}", "> 2× the mean = pinned load", "docker stats"));
        }
        if (double.IsNaN(albSignal) && double.IsNaN(dockerSignal))
            return new Verdict(Id, Title, 0, targets.Count == 1 ? VerdictStatus.RuledOut : VerdictStatus.NoData,
                targets.Count == 1 ? "Only one target served requests." : "no data: no per-target ALB counts or docker stats", pro, con);
        double score = double.IsNaN(albSignal) ? 0.6 * dockerSignal
            : double.IsNaN(dockerSignal) ? albSignal : 0.85 * albSignal + 0.15 * dockerSignal;
        var status = Verdict.StatusOf(score);
        string summary = status is VerdictStatus.Likely or VerdictStatus.Possible
            ? "Requests piled onto one target while the others idled (check ALB stickiness and client cookie jars)."
            : "Requests were spread evenly across targets.";
        return new Verdict(Id, Title, Math.Round(score, 3), status, summary, pro, con);
    }
}
