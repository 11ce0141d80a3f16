namespace PypiKit.Incidents.Datasets;

/// <summary>One generated request, with every field an ALB access-log line needs.</summary>
internal sealed record SyntheticRequest(DateTimeOffset Time, string Ip, int Port, string Target, double Rq, double Tg, double Rs, int Elb, int? TgStatus,
    long Received, long Sent, string Method, string Path, string Ua, string Node, string TraceId, string ConnId);

/// <summary>
/// The scenario's requests: arrival times follow the stress curve, clients are shuffled over them, targets are picked
/// by weight, latency grows with stress, and the balancer's 504/502 and the target's 5xx land on the busiest seconds.
/// Seeded (<c>seed + 11</c>); the ALB log and the ALB CloudWatch metrics are both written from this one list.
/// </summary>
internal static class SyntheticRequests
{
    private static readonly string[] Packages =
    [
        "acme-core", "acme-auth", "acme-billing", "acme-cli", "acme-config", "acme-db", "acme-events", "acme-http",
        "acme-logging", "acme-metrics", "acme-models", "acme-queue", "acme-search", "acme-storage", "acme-testing",
        "acme-utils", "ledger-client", "ledger-schema", "infra-tools", "infra-deploy", "data-pipeline", "data-quality",
        "ml-features", "ml-serving", "report-engine", "pdf-render", "geo-lookup", "rate-limit", "feature-flags", "audit-trail",
    ];

    public static IReadOnlyList<SyntheticRequest> Generate(StressCurve curve)
    {
        var sc = curve.Scenario;
        var rng = new Random(sc.Seed + 11);
        int n = sc.Clients.Sum(c => c.Requests);
        int seconds = (int)(sc.End - sc.Start).TotalSeconds;
        var cum = new double[seconds + 1];
        for (int i = 0; i <= seconds; i++) cum[i] = (i == 0 ? 0 : cum[i - 1]) + 0.35 + curve.StressAt(sc.Start.AddSeconds(i));
        var times = new List<DateTimeOffset>(n);
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble() * cum[^1];
            int sec = Array.BinarySearch(cum, u);
            if (sec < 0) sec = ~sec;
            times.Add(sc.Start.AddSeconds(Math.Min(sec, seconds - 1) + rng.NextDouble()).AddTicks(0));
        }
        times.Sort();
        times[0] = sc.Start.AddMilliseconds(123.456);
        times[^1] = sc.End.AddMilliseconds(871.204);
        var ips = sc.Clients.SelectMany(c => Enumerable.Repeat(c, c.Requests)).ToArray();
        for (int i = ips.Length - 1; i > 0; i--) { int k = rng.Next(i + 1); (ips[i], ips[k]) = (ips[k], ips[i]); }
        var w = curve.TargetWeights();
        var order = Enumerable.Range(0, n).OrderByDescending(i => curve.StressAt(times[i])).ThenBy(i => i).ToArray();
        var e504 = order.Take(sc.ElbTimeouts504).ToHashSet();
        var e502 = order.Skip(sc.ElbTimeouts504).Where((_, k) => k % 7 == 3).Take(sc.ElbBadGateway502).ToHashSet();
        var t500 = order.Skip(sc.ElbTimeouts504 + 40).Where((_, k) => k % 5 == 1).Take(sc.Target5xx).ToHashSet();
        var list = new List<SyntheticRequest>(n);
        for (int i = 0; i < n; i++)
        {
            double s = curve.StressAt(times[i]);
            var c = ips[i];
            double pick = rng.NextDouble(), acc = 0;
            int tIdx = 0;
            for (; tIdx < w.Length - 1; tIdx++) { acc += w[tIdx]; if (pick < acc) break; }
            var pkg = Packages[(int)(Math.Pow(rng.NextDouble(), 1.7) * Packages.Length)];
            bool file = rng.NextDouble() < 0.4;
            string path = file ? $"/packages/{pkg.Replace('-', '_')}-{1 + rng.Next(4)}.{rng.Next(12)}.{rng.Next(9)}-py3-none-any.whl" : $"/simple/{pkg}/";
            long sent = file ? 20_000 + rng.Next(900_000) : 1_500 + rng.Next(6_500);
            double tg = Math.Min(55, sc.LatencySeconds.At(s * s) * Math.Exp(0.55 * StressCurve.Gauss(rng)));
            double rq = rng.Next(0, 2) / 1000.0, rs = rng.Next(0, 2) / 1000.0;
            int elb = 200; int? tgs = 200;
            if (e504.Contains(i)) { tg = -1; rs = -1; elb = 504; tgs = null; sent = 0 + 150; }
            else if (e502.Contains(i)) { tg = -1; rs = -1; elb = 502; tgs = null; sent = 150; }
            else if (t500.Contains(i)) { elb = 500; tgs = 500; sent = 290; }
            list.Add(new SyntheticRequest(times[i], c.Ip, 32768 + rng.Next(28000), sc.Targets[tIdx], rq, tg, rs, elb, tgs,
                180 + rng.Next(120), sent, "GET", path, c.UserAgent, sc.AlbNodes[rng.Next(sc.AlbNodes.Count)],
                $"Root=1-{times[i].ToUnixTimeSeconds():x8}-{rng.NextInt64():x16}{rng.Next():x8}", $"TID_{rng.NextInt64():x16}{rng.NextInt64():x16}"));
        }
        return list;
    }
}
