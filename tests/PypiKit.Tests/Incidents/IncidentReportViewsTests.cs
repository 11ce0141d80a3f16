using System.Globalization;
using System.Text;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;
using PypiKit.Incidents.Reports;
using PypiKit.Sizing;
using PypiKit.Telemetry.Alarms;
using PypiKit.Tests.Charts;
using PypiKit.Units;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// The bundled 2025-12-27 incident's reports carry the ALB traffic views (per path class, per client with its user agent
/// and CI shape, the --from/--to window) and the credit charts with the credit models' lines. Expected figures are
/// counted here from the log entries (<see cref="AlbLogParser"/>, the entry parser, not the aggregator the reports use)
/// and taken from the models (<see cref="EfsCreditModel"/>, <see cref="CpuCreditModel"/>, the instance catalogue).
/// </summary>
public class IncidentReportViewsTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Lazy<IncidentAnalysis> Analysis = new(() => IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227));
    private static readonly Lazy<AlbLogEntry[]> Entries = new(() =>
        Directory.EnumerateFiles(Path.Combine(IncidentTestData.Dataset20251227, "alb"), "*.log.gz", SearchOption.AllDirectories)
            .SelectMany(f => AlbLogParser.ParseFile(f).Value).ToArray());

    private static AlbPathClass Class(AlbLogEntry e) => AlbPathClasses.Classify(Encoding.UTF8.GetBytes(e.Request));

    [Fact]
    public void Path_class_counts_per_minute_add_up_to_the_log_entries_of_each_class_and_minute()
    {
        var t = Analysis.Value.Data.Alb!;
        var expected = Entries.Value.GroupBy(e => (Class(e), new DateTimeOffset(e.Time.UtcTicks - e.Time.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero)))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(1494, Entries.Value.Length);
        Assert.Equal(expected.OrderBy(k => k.Key.Item2).ThenBy(k => k.Key.Item1).Select(k => (k.Key.Item1, k.Key.Item2, k.Value)),
            t.PathClassMinutes.Select(m => (m.Class, m.Minute, m.Requests)));
        // the chart's stacks: one series per class, a point for every minute, summing to the requests per minute
        var series = TrafficCharts.PerClassSeries(t);
        Assert.Equal(["/simple/<project>/", "/packages/…"], series.Select(s => s.Name).ToArray());
        for (int i = 0; i < t.PerMinute.Count; i++)
            Assert.Equal(t.PerMinute[i].Requests, series.Sum(s => s.Points[i].Value));
    }

    [Fact]
    public void Each_client_ip_carries_the_user_agent_it_sent_most_and_how_many_it_sent()
    {
        var t = Analysis.Value.Data.Alb!;
        foreach (var g in Entries.Value.GroupBy(e => e.ClientIp))
        {
            var agents = g.GroupBy(e => e.UserAgent ?? "-").OrderByDescending(a => a.Count()).ThenBy(a => a.Key, StringComparer.Ordinal).ToArray();
            var c = t.Clients.Single(x => x.Key == g.Key);
            Assert.Equal((agents[0].Key, agents.Length), (c.UserAgent, c.UserAgentCount));
        }
    }

    [Fact]
    public void Markdown_shows_path_classes_and_clients_with_agent_and_ci_shape()
    {
        var md = MarkdownIncidentReport.Render(Analysis.Value.Report);
        long pages = Entries.Value.Count(e => Class(e) == AlbPathClass.SimpleProject), files = Entries.Value.Count(e => Class(e) == AlbPathClass.Packages);
        Assert.Equal(882, pages);
        Assert.Contains(string.Create(Inv, $"| /simple/\\<project>/ | {pages:N0} | {100.0 * pages / (pages + files):0.0} % |"), md);
        Assert.Contains(string.Create(Inv, $"| /packages/… | {files:N0} | {100.0 * files / (pages + files):0.0} % |"), md);
        var top = Entries.Value.GroupBy(e => e.ClientIp).OrderByDescending(g => g.Count()).First();
        var agent = top.GroupBy(e => e.UserAgent).MaxBy(a => a.Count())!.Key;
        Assert.Equal("34.212.88.14", top.Key);
        Assert.Matches($@"\| 34\.212\.88\.14 \| 434 \| \d+ \| \d+ \| {top.Count(e => Class(e) == AlbPathClass.SimpleProject)} \| {top.Count(e => Class(e) == AlbPathClass.Packages)} \| {agent!.Replace(".", "\\.", StringComparison.Ordinal)} \| yes \|", md);
        Assert.Contains("CI-like client IPs: 5 of 5, told by request shape", md);
        Assert.DoesNotContain("Time window:", md);
    }

    [Fact]
    public void A_from_to_window_is_named_in_both_reports_with_the_requests_left_out()
    {
        var from = new DateTimeOffset(2025, 12, 27, 16, 40, 0, TimeSpan.Zero);
        var to = from.AddMinutes(10);
        var a = IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227, ct: TestContext.Current.CancellationToken, albOptions: AlbAggregationOptions.Full with { From = from, To = to });
        int outside = Entries.Value.Count(e => e.Time < from || e.Time >= to);
        Assert.InRange(outside, 1, Entries.Value.Length - 1);
        var sentence = string.Create(Inv, $"Time window: --from 2025-12-27T16:40:00Z --to 2025-12-27T16:50:00Z (start inclusive, end exclusive); {outside:N0} valid requests outside it were left out.");
        Assert.Contains(sentence, MarkdownIncidentReport.Render(a.Report));
        Assert.Contains($"<p id=\"traffic-window\">{sentence}</p>", HtmlIncidentReport.Render(a.Report));
        Assert.All(a.Data.Alb!.PathClassMinutes, m => Assert.InRange(m.Minute, from, to.AddTicks(-1)));
        var onlyFrom = IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227, ct: TestContext.Current.CancellationToken, albOptions: AlbAggregationOptions.Full with { From = from });
        Assert.Contains("Time window: --from 2025-12-27T16:40:00Z to the end of the log", MarkdownIncidentReport.Render(onlyFrom.Report));
    }

    [Fact]
    public void The_html_report_has_the_traffic_chart_and_credit_charts_with_the_models_lines()
    {
        var a = Analysis.Value;
        var page = HtmlIncidentReport.Build(a.Report, a.Data);
        var figs = page.Figures.Select(f => new ChartJson(f)).ToArray();
        Assert.Equal(["Swap activity (vmstat si / so)", "Available memory and swap used", "CPU: user, system, iowait, steal", "Request latency (p95) vs swap-in",
            "EFS burst credit balance", "CPU credits: t3.micro (standard mode), earning 12 credits/h", TrafficCharts.RequestsPerPathClassTitle],
            figs.Select(f => f.Title?.Split("<br>")[0] ?? "").ToArray());

        // EFS: measured balance in TB beside the ceiling, the fastest fall and the alarm, all from the model and the alarm definition
        var efs = figs[4];
        var measured = a.Data.Timeline.Find("BurstCreditBalance")!;
        Assert.Equal(measured.Points.Select(p => p.Value / 1e12), ChartJson.Numbers(efs.Trace("BurstCreditBalance (measured)"), "y").Select(v => v!.Value));
        var ceiling = EfsCreditModel.MaxCredits(new Bytes(0));
        var ceilingTrace = efs.Traces.Single(t => ((string?)t["name"])!.StartsWith("credit ceiling", StringComparison.Ordinal));
        Assert.Equal($"credit ceiling {ceiling} (credit model, under 1 TiB stored)", (string?)ceilingTrace["name"]);
        Assert.All(ChartJson.Numbers(ceilingTrace, "y"), v => Assert.Equal(ceiling.Value / 1e12, v!.Value, 9));
        var fall = ChartJson.Numbers(efs.Traces.Single(t => ((string?)t["name"])!.StartsWith("fastest fall", StringComparison.Ordinal)), "y");
        var seconds = (measured.Points[^1].Time - measured.Points[0].Time).TotalSeconds;
        Assert.Equal((measured.Points[0].Value - EfsCreditModel.BurstRate(new Bytes(0)).Value * seconds) / 1e12, fall[1]!.Value, 9);
        Assert.All(ChartJson.Numbers(efs.Trace("alarm: below 1 TB"), "y"), v => Assert.Equal(AlarmThresholds.EfsBurstCreditLowBytes / 1e12, v!.Value, 9));
        Assert.True(measured.Points.All(p => p.Value >= fall[1]!.Value * 1e12), "a measured balance lies above the fastest fall");

        // CPU: measured balance, the model stepped over CPUUtilization from the first reading, max bank and baseline from the catalogue
        var cpu = figs[5];
        var t3 = InstanceCatalog.Default.Get("t3.micro");
        var cw = a.Data.Timeline.Find("CPUCreditBalance")!;
        Assert.Equal(cw.Points.Select(p => p.Value), ChartJson.Numbers(cpu.Trace("CPUCreditBalance measured (left)"), "y").Select(v => v!.Value));
        var sim = CpuCreditModel.Simulate(t3, a.Data.Timeline.Find("CPUUtilization")!, cw.Points[0].Value);
        Assert.Equal(sim.Balance.Points.Select(p => p.Value), ChartJson.Numbers(cpu.Trace("credit model's balance (left)"), "y").Select(v => v!.Value));
        Assert.Equal([288.0, 288.0], ChartJson.Numbers(cpu.Trace("max bank 288 credits (24 h of earnings)"), "y"));
        Assert.Equal(288.0, CpuCreditModel.MaxBalance(t3));
        Assert.Equal(CpuCreditModel.Baseline(t3).Value, ChartJson.Numbers(cpu.Trace("baseline 10 % (right)"), "y")[0]);

        // traffic: one stacked trace per class
        var traffic = figs[6];
        Assert.Equal(["/simple/<project>/", "/packages/…"], traffic.Traces.Select(t => (string?)t["name"] ?? "").ToArray());
        Assert.All(traffic.Traces, t => Assert.Equal("classes", (string?)t["stackgroup"]));
    }

    [Fact]
    public void Without_a_cpu_credit_series_or_for_a_non_burstable_type_there_is_no_cpu_credit_chart()
    {
        var data = Analysis.Value.Data;
        var c6a = new IncidentData { Name = data.Name, Timeline = data.Timeline, Host = data.Host with { InstanceType = "c6a.large" }, Hosts = [] };
        Assert.Empty(CreditCharts.CpuCredits(c6a));
        var t3 = new IncidentData { Name = data.Name, Timeline = data.Timeline, Host = data.Host, Hosts = [] };
        Assert.Single(CreditCharts.CpuCredits(t3));
        Assert.Null(CreditCharts.EfsBurstCredits(new PypiKit.Incidents.Timeline()));
    }

    [Fact]
    public void With_metered_io_bytes_the_efs_chart_shows_the_models_projection_from_the_first_reading()
    {
        var t0 = new DateTimeOffset(2025, 12, 27, 16, 0, 0, TimeSpan.Zero);
        const double start = 5e11, mib = 1024 * 1024;
        // 60 MiB metered per 1-minute period = 1 MiB/s for 10 minutes: above a zero baseline, the balance falls 600 MiB
        var timeline = new PypiKit.Incidents.Timeline(
        [
            new("cloudwatch.BurstCreditBalance", "Bytes", Enumerable.Range(0, 11).Select(i => new PypiKit.Series.TimePoint(t0.AddMinutes(i), start - i * 60 * mib)).ToArray()),
            new("cloudwatch.MeteredIOBytes.Sum", "Bytes", Enumerable.Range(0, 10).Select(i => new PypiKit.Series.TimePoint(t0.AddMinutes(i), 60 * mib)).ToArray()),
        ]);
        var chart = new ChartJson(CreditCharts.EfsBurstCredits(timeline)!);
        var projected = ChartJson.Numbers(chart.Trace("Projected balance (credit model)"), "y");
        Assert.Equal(start / 1e12, projected[0]!.Value, 12);
        Assert.Equal((start - 600 * mib) / 1e12, projected[^1]!.Value, 12);
        Assert.Equal(11, projected.Length);
        var noMeter = new ChartJson(CreditCharts.EfsBurstCredits(new PypiKit.Incidents.Timeline([timeline.Get("cloudwatch.BurstCreditBalance")!]))!);
        Assert.DoesNotContain(noMeter.Traces, t => (string?)t["name"] == "Projected balance (credit model)");
    }

    [Fact]
    public void Two_hosts_get_one_cpu_credit_chart_each_with_their_own_balance()
    {
        using var dir = new TempDir();
        void Write(string rel, string text)
        {
            var p = Path.Combine(dir.Path, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, text);
        }
        Write("host.json", """{"instance_type": "t3.small"}""");
        Write("hosts/web-1/host.json", """{"instance_id": "i-0aaa1111bbbb2222c"}""");
        Write("hosts/web-2/host.json", """{"instance_id": "i-0ddd3333eeee4444f"}""");
        Write("cloudwatch/ec2.json", """
            {"MetricDataResults": [
              {"Id": "a", "Label": "CPUUtilization i-0aaa1111bbbb2222c", "Timestamps": ["2025-12-27T16:35:00Z", "2025-12-27T16:40:00Z"], "Values": [90, 95], "StatusCode": "Complete"},
              {"Id": "b", "Label": "CPUUtilization i-0ddd3333eeee4444f", "Timestamps": ["2025-12-27T16:35:00Z", "2025-12-27T16:40:00Z"], "Values": [5, 6], "StatusCode": "Complete"},
              {"Id": "c", "Label": "CPUCreditBalance i-0aaa1111bbbb2222c", "Timestamps": ["2025-12-27T16:35:00Z", "2025-12-27T16:40:00Z"], "Values": [12, 3], "StatusCode": "Complete"},
              {"Id": "d", "Label": "CPUCreditBalance i-0ddd3333eeee4444f", "Timestamps": ["2025-12-27T16:35:00Z", "2025-12-27T16:40:00Z"], "Values": [400, 401], "StatusCode": "Complete"}
            ]}
            """);
        var data = IncidentLoader.Load(dir.Path, ParseOptions.Strict, ct: TestContext.Current.CancellationToken);
        var charts = CreditCharts.CpuCredits(data).Select(c => new ChartJson(c)).ToArray();
        Assert.Equal(2, charts.Length);
        Assert.Equal([12.0, 3], ChartJson.Numbers(charts[0].Trace("CPUCreditBalance measured, web-1 (left)"), "y"));
        Assert.Equal([400.0, 401], ChartJson.Numbers(charts[1].Trace("CPUCreditBalance measured, web-2 (left)"), "y"));
        var small = InstanceCatalog.Default.Get("t3.small");
        Assert.All(charts, c => Assert.Equal([CpuCreditModel.MaxBalance(small), CpuCreditModel.MaxBalance(small)],
            ChartJson.Numbers(c.Trace(string.Create(Inv, $"max bank {CpuCreditModel.MaxBalance(small):0} credits (24 h of earnings)")), "y")));
    }
}
