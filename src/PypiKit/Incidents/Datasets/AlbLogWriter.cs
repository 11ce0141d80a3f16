namespace PypiKit.Incidents.Datasets;

/// <summary>
/// Writes requests as ALB access-log files (what <c>AlbLogParser</c> reads): one file per five minutes and balancer
/// node, named and laid out as S3 keys, every field of the line format.
/// </summary>
internal static class AlbLogWriter
{
    /// <summary>The files' relative paths (S3 key layout) and their lines, in key order.</summary>
    public static IEnumerable<(string Rel, List<string> Lines)> Files(IncidentScenario sc, IReadOnlyList<SyntheticRequest> reqs)
    {
        string lbId = sc.LoadBalancer.Replace('/', '.');
        var groups = reqs.GroupBy(r => (End: CeilFive(r.Time), r.Node)).OrderBy(g => g.Key.End).ThenBy(g => g.Key.Node, StringComparer.Ordinal);
        int f = 0;
        foreach (var g in groups)
        {
            var day = g.Key.End.AddSeconds(-1);
            string rel = $"alb/AWSLogs/{sc.AccountId}/elasticloadbalancing/{sc.Region}/{day:yyyy}/{day:MM}/{day:dd}/" +
                $"{sc.AccountId}_elasticloadbalancing_{sc.Region}_{lbId}_{g.Key.End:yyyyMMdd'T'HHmm'Z'}_{g.Key.Node}_{(0x5d1f00 + f++ * 7919):x6}a{sc.Seed % 97:00}.log.gz";
            yield return (rel, g.Select(r => Line(sc, r)).ToList());
        }
    }

    private static DateTimeOffset CeilFive(DateTimeOffset t)
    {
        var floor = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute - t.Minute % 5, 0, TimeSpan.Zero);
        return floor.AddMinutes(5);
    }

    private static string Line(IncidentScenario sc, SyntheticRequest r)
    {
        var inv = StressCurve.Inv;
        static string T(double v) => v < 0 ? "-1" : v.ToString("0.000", StressCurve.Inv);
        double total = (r.Rq < 0 ? 0 : r.Rq) + (r.Tg < 0 ? 60 : r.Tg) + (r.Rs < 0 ? 0 : r.Rs);
        var created = r.Time.AddSeconds(-total);
        string tgArn = $"arn:aws:elasticloadbalancing:{sc.Region}:{sc.AccountId}:targetgroup/pypiserver/6d0ecf831eec9f09";
        string cert = $"arn:aws:acm:{sc.Region}:{sc.AccountId}:certificate/8f6a2c1e-4b3d-4e5f-9a7b-0c1d2e3f4a5b";
        string status = r.TgStatus?.ToString(inv) ?? "-";
        string err = r.Elb == 504 ? "\"TargetResponseTimeout\"" : r.Elb == 502 ? "\"TargetConnectionReset\"" : "\"-\"";
        return string.Create(inv,
            $"https {r.Time:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} {sc.LoadBalancer} {r.Ip}:{r.Port} {r.Target} {T(r.Rq)} {T(r.Tg)} {T(r.Rs)} {r.Elb} {status} {r.Received} {r.Sent} " +
            $"\"{r.Method} https://{sc.DomainName}:443{r.Path} HTTP/1.1\" \"{r.Ua}\" TLS_AES_128_GCM_SHA256 TLSv1.3 {tgArn} \"{r.TraceId}\" \"{sc.DomainName}\" \"{cert}\" 0 " +
            $"{created:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} \"forward\" \"-\" {err} \"{r.Target}\" \"{status}\" \"-\" \"-\" {r.ConnId} \"-\" \"-\" \"-\"");
    }
}
