using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>
/// Writes <c>aws cloudwatch get-metric-data</c> output (what <c>CloudWatchJsonParser</c> reads), newest point first as
/// the CLI prints it: EFS (PercentIOLimit, BurstCreditBalance per minute), EC2 (CPUUtilization per five minutes, and
/// CPUCreditBalance on a burstable type) and the ALB (RequestCount, TargetResponseTime p95 and ELB 5XX per minute,
/// counted from the same requests as the access logs).
/// </summary>
internal static class CloudWatchJsonWriter
{
    public static string Efs(StressCurve c)
    {
        var sc = c.Scenario;
        var mins = Periods(sc, 60).ToArray();
        double span = (sc.End - sc.Start).TotalSeconds;
        return Json(
        [
            ("percent_io_limit", "PercentIOLimit", mins.Select(t => (t, Math.Round(sc.PercentIoLimit.At(c.MaxStress(t, TimeSpan.FromMinutes(1))), 3)))),
            ("burst_credit_balance", "BurstCreditBalance", mins.Select(t => (t, Math.Round((sc.BurstCreditStart + (sc.BurstCreditEnd - sc.BurstCreditStart) * Math.Clamp((t - sc.Start).TotalSeconds / span, 0, 1)) / 1e6) * 1e6))),
        ]);
    }

    public static string Ec2(StressCurve c)
    {
        var sc = c.Scenario;
        var mins = Periods(sc, 300).ToArray();
        double span = (sc.End - sc.Start).TotalSeconds;
        var results = new List<(string, string, IEnumerable<(DateTimeOffset, double)>)>
        {
            ("cpu_utilization", "CPUUtilization", mins.Select(t => (t, Math.Round(sc.CpuUtilization.At(c.StressAt(t.AddSeconds(150))), 2)))),
        };
        if (new HostFacts { InstanceType = sc.InstanceType }.IsBurstable) results.Add(
            ("cpu_credit_balance", "CPUCreditBalance", mins.Select(t => (t, Math.Round(sc.CpuCreditStart + (sc.CpuCreditEnd - sc.CpuCreditStart) * Math.Clamp((t.AddSeconds(300) - sc.Start).TotalSeconds / span, 0, 1), 2)))));
        return Json(results);
    }

    public static string Alb(IncidentScenario sc, IReadOnlyList<SyntheticRequest> reqs)
    {
        var mins = Periods(sc, 60).ToArray();
        IEnumerable<SyntheticRequest> In(DateTimeOffset t) => reqs.Where(r => r.Time >= t && r.Time < t.AddMinutes(1));
        return Json(
        [
            ("request_count", "RequestCount", mins.Select(t => (t, (double)In(t).Count()))),
            ("target_response_time_p95", "TargetResponseTime p95", mins.Select(t =>
            {
                var v = In(t).Where(r => r.Tg >= 0).Select(r => r.Tg).OrderBy(x => x).ToArray();
                return (t, v.Length == 0 ? 0 : Math.Round(v[Math.Max(0, (int)Math.Ceiling(0.95 * v.Length) - 1)], 3));
            })),
            ("elb_5xx", "HTTPCode_ELB_5XX_Count", mins.Select(t => (t, (double)In(t).Count(r => r.Elb >= 500 && r.TgStatus is null)))),
        ]);
    }

    /// <summary>Period starts from the scenario's start (floored to the period) to its end.</summary>
    private static IEnumerable<DateTimeOffset> Periods(IncidentScenario sc, int periodSeconds)
    {
        var t = new DateTimeOffset(sc.Start.Year, sc.Start.Month, sc.Start.Day, sc.Start.Hour, sc.Start.Minute, 0, TimeSpan.Zero);
        t = t.AddMinutes(-(t.Minute % (periodSeconds / 60)));
        for (; t <= sc.End; t = t.AddSeconds(periodSeconds)) yield return t;
    }

    private static string Json(IEnumerable<(string Id, string Label, IEnumerable<(DateTimeOffset T, double V)> Points)> results)
    {
        var inv = StressCurve.Inv;
        var sb = new StringBuilder("{\n    \"MetricDataResults\": [\n");
        var list = results.ToList();
        for (int r = 0; r < list.Count; r++)
        {
            var pts = list[r].Points.OrderByDescending(p => p.T).ToArray();
            sb.Append(inv, $"        {{\n            \"Id\": \"{list[r].Id}\",\n            \"Label\": \"{list[r].Label}\",\n            \"Timestamps\": [\n");
            sb.Append(string.Join(",\n", pts.Select(p => $"                \"{p.T:yyyy-MM-dd'T'HH:mm:ss'Z'}\"")));
            sb.Append("\n            ],\n            \"Values\": [\n");
            sb.Append(string.Join(",\n", pts.Select(p => "                " + p.V.ToString("R", inv))));
            sb.Append("\n            ],\n            \"StatusCode\": \"Complete\"\n        }");
            sb.Append(r < list.Count - 1 ? ",\n" : "\n");
        }
        sb.Append("    ],\n    \"Messages\": []\n}\n");
        return sb.ToString();
    }
}
