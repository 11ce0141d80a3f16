using System.Text;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>What the aggregator keeps for the report's traffic views: each client's user agents, per-class minutes, the window.</summary>
public class AlbReportViewAggregationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 16, 40, 0, TimeSpan.Zero);

    private static string Line(DateTimeOffset t, string ip, string request, string ua) =>
        $"https {t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} app/pypi/50dc6c495c0c9188 {ip}:2817 10.0.0.1:80 0.000 0.010 0.000 200 200 34 366 " +
        $"\"{request}\" \"{ua}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/t/73e2d6bc24d8a067 " +
        "\"Root=1-58337327-72bd00b0343d75b906739c42\" \"pypi.example.com\" \"-\" 0 2025-12-27T16:40:01.000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"";

    private static AlbTrafficSummary Aggregate(IEnumerable<string> lines, AlbAggregationOptions? options = null)
    {
        var agg = new AlbTrafficAggregator(options);
        foreach (var l in lines) Assert.Null(agg.AddLine(Encoding.UTF8.GetBytes(l)));
        return agg.ToSummary();
    }

    [Fact]
    public void A_client_that_switches_agents_is_shown_with_the_one_it_sent_most_and_the_number_it_sent()
    {
        // 1.1.1.1: pip ×3, uv ×2, interleaved with another client so the runs break; ties go to the first name in ordinal order
        string[] agents = ["pip/25.3", "uv/0.5", "pip/25.3", "uv/0.5", "pip/25.3"];
        var lines = agents.SelectMany((ua, i) => new[]
        {
            Line(T0.AddSeconds(i), "1.1.1.1", "GET /simple/p/ HTTP/1.1", ua),
            Line(T0.AddSeconds(i), "2.2.2.2", "GET /simple/p/ HTTP/1.1", i % 2 == 0 ? "curl/8" : "Wget/1.21"),
        }).Append(Line(T0.AddSeconds(9), "2.2.2.2", "GET /simple/ HTTP/1.1", "Wget/1.21")).Append(Line(T0, "3.3.3.3", "GET / HTTP/1.1", "ELB-HealthChecker/2.0"));
        var s = Aggregate(lines);
        var byIp = s.Clients.ToDictionary(c => c.Key);
        Assert.Equal(("pip/25.3", 2), (byIp["1.1.1.1"].UserAgent, byIp["1.1.1.1"].UserAgentCount));
        Assert.Equal(("Wget/1.21", 2), (byIp["2.2.2.2"].UserAgent, byIp["2.2.2.2"].UserAgentCount)); // curl ×3, Wget ×3: a tie, "Wget" < "curl" ordinally
        Assert.Equal(("ELB-HealthChecker/2.0", 1), (byIp["3.3.3.3"].UserAgent, byIp["3.3.3.3"].UserAgentCount));
        // asking again gives the same answer (the open runs are not consumed)
        Assert.Equal(s.Clients, Aggregate(lines).Clients);
        Assert.All(Aggregate(lines, AlbAggregationOptions.Counts).Clients, c => Assert.Equal((null, 0), (c.UserAgent, c.UserAgentCount)));
    }

    [Fact]
    public void Agents_beyond_the_first_eight_of_the_log_count_the_same_as_the_first()
    {
        // 12 agents seen first in order a00..a11 (the first eight are counted in the dense table, the rest in runs and the
        // map); 1.1.1.1 sends a10 most, interleaved with the others, and is asked about twice with more lines between
        var order = Enumerable.Range(0, 12).Select(i => $"a{i:00}").ToArray();
        var lines = order.Select((ua, i) => Line(T0.AddSeconds(i), "9.9.9.9", "GET / HTTP/1.1", ua)).ToList();
        string[] sent = ["a10", "a01", "a10", "a11", "a10", "a01", "a11", "a10"];
        lines.AddRange(sent.Select((ua, i) => Line(T0.AddSeconds(20 + i), "1.1.1.1", "GET /simple/p/ HTTP/1.1", ua)));
        var agg = new AlbTrafficAggregator();
        foreach (var l in lines) Assert.Null(agg.AddLine(Encoding.UTF8.GetBytes(l)));
        var first = agg.ToSummary().Clients.ToDictionary(c => c.Key);
        Assert.Equal(("a10", 3), (first["1.1.1.1"].UserAgent, first["1.1.1.1"].UserAgentCount));
        Assert.Equal(("a00", 12), (first["9.9.9.9"].UserAgent, first["9.9.9.9"].UserAgentCount)); // 12 agents once each: a tie, the first name
        // three more a01 (a dense agent) overtake a10 (5 against 4), with one more a11 (a map agent) between them
        foreach (var ua in new[] { "a01", "a01", "a11", "a01" })
            Assert.Null(agg.AddLine(Encoding.UTF8.GetBytes(Line(T0.AddSeconds(40), "1.1.1.1", "GET /simple/p/ HTTP/1.1", ua))));
        var second = agg.ToSummary().Clients.ToDictionary(c => c.Key);
        Assert.Equal(("a01", 3), (second["1.1.1.1"].UserAgent, second["1.1.1.1"].UserAgentCount));
        Assert.Equal(12, second["1.1.1.1"].Requests);
    }

    [Fact]
    public void Per_class_minutes_are_counted_right_when_lines_go_back_to_an_earlier_minute()
    {
        var lines = new[]
        {
            Line(T0, "1.1.1.1", "GET /simple/p/ HTTP/1.1", "pip"),
            Line(T0.AddMinutes(1), "1.1.1.1", "GET /packages/p-1.whl HTTP/1.1", "pip"),
            Line(T0.AddSeconds(30), "1.1.1.1", "GET /simple/p/ HTTP/1.1", "pip"),
            Line(T0.AddMinutes(1), "1.1.1.1", "POST / HTTP/1.1", "twine"),
        };
        var s = Aggregate(lines);
        Assert.Equal(
            [(AlbPathClass.SimpleProject, T0, 2L), (AlbPathClass.Packages, T0.AddMinutes(1), 1L), (AlbPathClass.Upload, T0.AddMinutes(1), 1L)],
            s.PathClassMinutes.Select(m => (m.Class, m.Minute, m.Requests)).ToArray());
        Assert.Equal((null, null), (s.WindowFrom, s.WindowTo));
        Assert.Empty(Aggregate(lines, AlbAggregationOptions.Counts).PathClassMinutes);
        var windowed = Aggregate(lines, AlbAggregationOptions.Full with { From = T0.AddMinutes(1) });
        Assert.Equal((T0.AddMinutes(1), (DateTimeOffset?)null), (windowed.WindowFrom, windowed.WindowTo));
        Assert.Equal(2, windowed.PathClassMinutes.Sum(m => m.Requests));
    }
}
