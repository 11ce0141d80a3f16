using System.Text;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// The aggregator looks keys up by their bytes as logged (client IP, target, user agent) and counts per (minute, key)
/// through each key's last cell: forms of one key must still meet, and lines out of time order must still add up.
/// </summary>
public class AlbAggregatorKeyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 16, 40, 0, TimeSpan.Zero);

    private static string Line(DateTimeOffset t, string ip, string target = "10.0.0.1:80", string ua = "pip/25.3", string request = "GET https://h:443/simple/p/ HTTP/1.1") =>
        $"https {t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} app/pypi/50dc6c495c0c9188 {ip}:2817 {target} 0.000 0.010 0.000 200 200 34 366 " +
        $"\"{request}\" \"{ua}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/t/73e2d6bc24d8a067 " +
        "\"Root=1-58337327-72bd00b0343d75b906739c42\" \"pypi.example.com\" \"-\" 0 2025-12-27T16:40:01.000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"";

    private static AlbTrafficSummary Aggregate(IEnumerable<string> lines)
    {
        var agg = new AlbTrafficAggregator();
        foreach (var l in lines) Assert.Null(agg.AddLine(Encoding.UTF8.GetBytes(l)));
        return agg.ToSummary();
    }

    [Fact]
    public void Two_spellings_of_one_address_or_target_are_one_key()
    {
        var s = Aggregate([
            Line(T0, "1.2.3.4", target: "10.0.0.1:80"),
            Line(T0, "001.002.003.004", target: "010.000.000.001:080"),
            Line(T0, "1.2.3.4", target: "10.0.0.1:80"),
            Line(T0, "2001:db8::1", target: "10.0.0.2:80"),
            Line(T0, "2001:db8:0000:0000:0000:0000:0000:0001", target: "10.0.0.2:80"),
        ]);
        Assert.Equal([("1.2.3.4", 3L), ("2001:db8:0000:0000:0000:0000:0000:0001", 1L), ("2001:db8::1", 1L)], s.Clients.Select(c => (c.Key, c.Requests)).ToArray());
        Assert.Equal([("10.0.0.1:80", 3L), ("10.0.0.2:80", 2L)], s.Targets.Select(t => (t.Target, t.Requests)).ToArray());
    }

    [Theory]
    [InlineData("10.20.30.40", "10.20.30.40\0", "10.0.0.1:80", "10.0.0.1:80")]     // the spelling of a known address and a NUL
    [InlineData("1.2.3.4", "1.2.3.4\0", "10.0.0.1:80", "10.0.0.1:80")]             // the same, short enough for the padded key
    [InlineData("10.20.30.40", "10.20.30.40", "10.0.0.1:80", "10.0.0.1\0:80")]     // a known target's address with a NUL
    [InlineData("10.20.30.40", "10.20.3g.40", "10.0.0.1:80", "10.0.0.1:80")]        // a new spelling that is no address at all
    public void A_damaged_address_next_to_a_known_one_is_still_rejected(string goodClient, string badClient, string goodTarget, string badTarget)
    {
        // known texts skip the address check; a damaged text must never be taken for one of them
        var agg = new AlbTrafficAggregator();
        Assert.Null(agg.AddLine(Encoding.UTF8.GetBytes(Line(T0, goodClient, target: goodTarget))));
        var error = agg.AddLine(Encoding.UTF8.GetBytes(Line(T0, badClient, target: badTarget)));
        Assert.Equal(badClient != goodClient ? "field 4 (client:port) is malformed" : "field 5 (target:port) is malformed", error);
        Assert.Equal(1, agg.Requests);
        Assert.Equal(1L, agg.ToSummary().Clients.Single().Requests);
    }

    [Fact]
    public void Two_escapings_of_one_user_agent_are_one_key_and_keep_the_unescaped_text()
    {
        var s = Aggregate([Line(T0, "1.2.3.4", ua: "pip/25.3"), Line(T0, "1.2.3.4", ua: "pi\\x70/25.3"), Line(T0, "1.2.3.4", ua: "say \\\"hi\\\"")]);
        Assert.Equal([("pip/25.3", 2L, 2), ("say \"hi\"", 1L, 1)], s.UserAgents.Select(u => (u.Key, u.Requests, u.PeakPerMinute)).ToArray());
    }

    [Fact]
    public void Lines_out_of_time_order_still_count_once_per_minute_and_key()
    {
        // minutes 0,1,0,2,1,0 for two clients: each revisit of a minute must land in that minute's cell
        int[] minutes = [0, 1, 0, 2, 1, 0];
        var lines = minutes.SelectMany((m, i) => new[] { Line(T0.AddMinutes(m).AddSeconds(i), "1.2.3.4"), Line(T0.AddMinutes(m).AddSeconds(i), "5.6.7.8") }).ToList();
        lines.Add(Line(T0.AddMinutes(2), "1.2.3.4"));
        var s = Aggregate(lines);
        var a = s.ClientMinutes.Where(x => x.Key == "1.2.3.4").Select(x => ((int)(x.Minute - T0).TotalMinutes, x.Requests)).ToArray();
        var b = s.ClientMinutes.Where(x => x.Key == "5.6.7.8").Select(x => ((int)(x.Minute - T0).TotalMinutes, x.Requests)).ToArray();
        Assert.Equal([(0, 3), (1, 2), (2, 2)], a);
        Assert.Equal([(0, 3), (1, 2), (2, 1)], b);
        Assert.Equal([6L, 4L, 3L], s.PerMinute.Select(m => m.Requests).ToArray());
        Assert.Equal(3, s.Clients.Single(c => c.Key == "1.2.3.4").PeakPerMinute);
        // ordered by minute, then key
        Assert.Equal(s.ClientMinutes.OrderBy(x => x.Minute).ThenBy(x => x.Key, StringComparer.Ordinal).ToArray(), s.ClientMinutes.ToArray());
    }

    [Theory]
    [InlineData("GET /simple/?next=https://h/packages/x HTTP/1.1", AlbPathClass.SimpleIndex)]
    [InlineData("GET https://h:443/simple?x=1 HTTP/1.1", AlbPathClass.SimpleIndex)]
    [InlineData("GET https://h:443/simple/#top HTTP/1.1", AlbPathClass.SimpleIndex)]
    [InlineData("GET https://h:443 HTTP/1.1", AlbPathClass.Other)]
    [InlineData("GET https://h:443/packages HTTP/1.1", AlbPathClass.Other)]
    [InlineData("POSTX https://h:443/simple/ HTTP/1.1", AlbPathClass.SimpleIndex)]
    [InlineData("GET  HTTP/1.1", AlbPathClass.Other)]
    public void The_path_ends_at_the_query_and_a_url_in_the_query_does_not_count(string request, AlbPathClass expected) =>
        Assert.Equal(expected, AlbPathClasses.Classify(Encoding.UTF8.GetBytes(request)));

    [Fact]
    public void Https_and_http_urls_are_classified_as_any_other_absolute_url()
    {
        // "https://" and "http://" take a shortcut to the path; an upper-case scheme goes the general way: same class
        string[] urls =
        [
            "https://h:443/simple/", "https://h:443/simple", "https://h:443/simple/p/", "https://h:443/simple/p/?x=1", "https://h:443/simple?x",
            "https://h:443/packages/p-1.0.tar.gz", "https://h:443/packages", "https://h:443", "https://h:443/", "https://", "http://h:80/simple/",
            "http://h:80-", "https://h/simplex/", "https://h:443/simple#a", "http://h/packages/x y",
        ];
        foreach (var url in urls)
            foreach (var tail in new[] { " HTTP/1.1", "" })
            {
                var fast = AlbPathClasses.Classify(Encoding.UTF8.GetBytes($"GET {url}{tail}"));
                var general = AlbPathClasses.Classify(Encoding.UTF8.GetBytes($"GET {url.ToUpperInvariant()[..url.IndexOf(':')]}{url[url.IndexOf(':')..]}{tail}"));
                Assert.True(fast == general, $"{url}{tail}: {fast} vs {general}");
            }
    }
}
