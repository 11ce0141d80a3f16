using System.Text;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>GoAccess-style views: per path class, per client with its request shape, a time window; CI told apart by shape.</summary>
public class AlbTrafficViewTests
{
    private static string Line(DateTimeOffset t, string ip, string request, string ua = "pip/25.3", int status = 200, double seconds = 0.010) =>
        $"https {t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} app/pypi/50dc6c495c0c9188 {ip}:2817 10.0.0.1:80 0.000 {seconds:0.000} 0.000 {status} {status} 34 366 " +
        $"\"{request}\" \"{ua}\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/t/73e2d6bc24d8a067 " +
        "\"Root=1-58337327-72bd00b0343d75b906739c42\" \"pypi.example.com\" \"-\" 0 2025-12-27T16:40:01.000000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\"";

    private static readonly DateTimeOffset T0 = new(2025, 12, 27, 16, 40, 0, TimeSpan.Zero);

    private static AlbTrafficSummary Aggregate(IEnumerable<string> lines, AlbAggregationOptions? options = null)
    {
        var agg = new AlbTrafficAggregator(options);
        foreach (var l in lines) Assert.Null(agg.AddLine(Encoding.UTF8.GetBytes(l)));
        return agg.ToSummary();
    }

    [Theory]
    [InlineData("GET https://pypi.example.com:443/simple/ HTTP/1.1", AlbPathClass.SimpleIndex)]
    [InlineData("GET https://pypi.example.com:443/simple HTTP/1.1", AlbPathClass.SimpleIndex)]
    [InlineData("GET https://pypi.example.com:443/simple/numpy/ HTTP/2.0", AlbPathClass.SimpleProject)]
    [InlineData("GET https://pypi.example.com:443/simple/numpy/?format=json HTTP/2.0", AlbPathClass.SimpleProject)]
    [InlineData("GET /packages/numpy-2.0.0-py3-none-any.whl HTTP/1.1", AlbPathClass.Packages)]
    [InlineData("POST https://pypi.example.com:443/ HTTP/1.1", AlbPathClass.Upload)]
    [InlineData("GET https://pypi.example.com:443/health HTTP/1.1", AlbPathClass.Other)]
    [InlineData("GET https://pypi.example.com:443/simplex/ HTTP/1.1", AlbPathClass.Other)]
    [InlineData("- http://pypi.example.com:80- \"-\"", AlbPathClass.Other)]
    public void Requests_are_classified_by_path(string request, AlbPathClass expected) =>
        Assert.Equal(expected, AlbPathClasses.Classify(Encoding.UTF8.GetBytes(request)));

    [Fact]
    public void Path_classes_count_requests_errors_bytes_and_latency()
    {
        var lines = new List<string>();
        for (int i = 0; i < 10; i++) lines.Add(Line(T0.AddSeconds(i), "1.2.3.4", "GET https://h:443/simple/p/ HTTP/1.1", seconds: 0.010));
        for (int i = 0; i < 4; i++) lines.Add(Line(T0.AddSeconds(i), "1.2.3.4", "GET https://h:443/packages/p-1.0.tar.gz HTTP/1.1", status: i == 0 ? 503 : 200, seconds: 0.500));
        lines.Add(Line(T0, "1.2.3.4", "POST https://h:443/ HTTP/1.1"));
        var s = Aggregate(lines);
        Assert.Equal([AlbPathClass.SimpleProject, AlbPathClass.Packages, AlbPathClass.Upload], s.PathClasses.Select(c => c.Class).ToArray());
        var pages = s.PathClasses[0];
        Assert.Equal(("/simple/<project>/", 10L, 0L, 3660L), (pages.Label, pages.Requests, pages.Errors5xx, pages.SentBytes));
        Assert.Equal(0.010, pages.P50Seconds, 3);
        var files = s.PathClasses[1];
        Assert.Equal((4L, 1L), (files.Requests, files.Errors5xx));
        Assert.Equal(0.500, files.P95Seconds, 2);
        Assert.Empty(Aggregate(lines, AlbAggregationOptions.Counts).PathClasses);
    }

    [Fact]
    public void The_time_window_keeps_requests_from_inclusive_to_exclusive_and_counts_the_rest()
    {
        var lines = Enumerable.Range(0, 10).Select(i => Line(T0.AddMinutes(i), "1.2.3.4", "GET /simple/ HTTP/1.1")).ToArray();
        var s = Aggregate(lines, AlbAggregationOptions.Full with { From = T0.AddMinutes(2), To = T0.AddMinutes(5) });
        Assert.Equal(3, s.Requests);
        Assert.Equal(7, s.OutsideWindow);
        Assert.Equal(T0.AddMinutes(2), s.First);
        Assert.Equal(T0.AddMinutes(4), s.Last);
    }

    /// <summary>A runner: 5 minutes of 12 requests, resolve-then-download; a developer: one install in one minute, same user agent.</summary>
    private static IEnumerable<string> RunnerAndDeveloper()
    {
        for (int m = 0; m < 5; m++)
            for (int i = 0; i < 6; i++)
            {
                yield return Line(T0.AddMinutes(m).AddSeconds(2 * i), "35.165.21.203", $"GET https://h:443/simple/p{i}/ HTTP/1.1");
                yield return Line(T0.AddMinutes(m).AddSeconds(2 * i + 1), "35.165.21.203", $"GET https://h:443/packages/p{i}-1.0-py3-none-any.whl HTTP/1.1");
            }
        for (int i = 0; i < 8; i++)
        {
            yield return Line(T0.AddSeconds(2 * i), "203.0.113.7", $"GET https://h:443/simple/d{i}/ HTTP/1.1");
            yield return Line(T0.AddSeconds(2 * i + 1), "203.0.113.7", $"GET https://h:443/packages/d{i}-1.0-py3-none-any.whl HTTP/1.1");
        }
        // a mirror crawling pages only, busy every minute
        for (int m = 0; m < 5; m++)
            for (int i = 0; i < 15; i++) yield return Line(T0.AddMinutes(m).AddSeconds(i), "198.51.100.9", $"GET https://h:443/simple/m{i}/ HTTP/1.1", ua: "pip/25.3");
    }

    [Fact]
    public void Ci_is_told_by_sustained_fan_out_and_the_pip_chain_not_by_user_agent()
    {
        var s = Aggregate(RunnerAndDeveloper());
        var runner = s.Clients.Single(c => c.Key == "35.165.21.203");
        var developer = s.Clients.Single(c => c.Key == "203.0.113.7");
        var mirror = s.Clients.Single(c => c.Key == "198.51.100.9");
        Assert.Equal((30L, 30L, 5), (runner.SimpleProjectRequests, runner.PackageRequests, runner.BusyMinutes));
        Assert.True(ClientShapes.IsCi(runner));
        Assert.Equal((8L, 8L, 1), (developer.SimpleProjectRequests, developer.PackageRequests, developer.BusyMinutes));
        Assert.False(ClientShapes.IsCi(developer));   // same "pip/25.3" agent, one minute's install
        Assert.True(mirror.BusyMinutes >= ClientShapes.MinBusyMinutes);
        Assert.False(ClientShapes.IsCi(mirror));      // busy, but pages without downloads
    }

    [Fact]
    public void Client_burst_rule_counts_only_ci_shaped_clients_as_ci()
    {
        var s = Aggregate(RunnerAndDeveloper());
        var v = new PypiKit.Incidents.Rules.ClientBurstRule().Evaluate(new IncidentData { Alb = s, Timeline = new Timeline(s.ToSeries()) });
        var ev = v.For.Concat(v.Against).Single(e => e.Metric.StartsWith("CI-like client IPs", StringComparison.Ordinal));
        Assert.Equal($"1 of 3 IPs sent {60.0 / s.Requests * 100:0} % of requests", ev.Observed);
        Assert.Equal(ClientShapes.Rule, ev.Reference);
    }
}
