using PypiKit.Incidents;
using PypiKit.Incidents.Datasets;
using PypiKit.Incidents.Parsers;
using PypiKit.Incidents.Reports;

namespace PypiKit.Tests.Incidents;

public class DatasetTests
{
    private static readonly Lazy<IncidentAnalysis> Analysis = new(() => IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227, ParseOptions.Strict));

    [Fact]
    public void The_2025_12_27_dataset_yields_host_memory_pressure_as_the_top_verdict()
    {
        var top = Analysis.Value.Diagnosis.Top!;
        Assert.Equal("host memory pressure (swap)", top.Title);
        Assert.Equal("memory-pressure", top.RuleId);
        Assert.Equal(VerdictStatus.Likely, top.Status);
        Assert.Contains(top.For, e => e.Metric.Contains("swap-in") && e.Observed.Contains("6,612"));
        Assert.Contains(top.For, e => e.Metric.Contains("swap-out") && e.Observed.Contains("2,639"));
        Assert.Contains(top.For, e => e.Observed.Contains("total 916, used 731, free 59, available 55, swap used 748"));
    }

    [Fact]
    public void The_dataset_rules_out_efs_citing_percent_io_limit_and_burst_credits()
    {
        var efs = Analysis.Value.Diagnosis.Get("efs-throughput")!;
        Assert.Equal(VerdictStatus.RuledOut, efs.Status);
        Assert.Empty(efs.For);
        Assert.Contains(efs.Against, e => e.Metric.Contains("PercentIOLimit") && e.Observed == "0.8 %");
        Assert.Contains(efs.Against, e => e.Metric.Contains("BurstCreditBalance (min)") && e.Observed.StartsWith("2.3e12 bytes", StringComparison.Ordinal));
        Assert.Contains("NOT the bottleneck", efs.Summary);
        // the other resource verdicts are ruled out too; the burst is a (weak) trigger
        Assert.Equal(VerdictStatus.RuledOut, Analysis.Value.Diagnosis.Get("cpu")!.Status);
        Assert.Equal(VerdictStatus.RuledOut, Analysis.Value.Diagnosis.Get("load-imbalance")!.Status);
    }

    [Fact]
    public void The_dataset_matches_the_published_figures()
    {
        var data = Analysis.Value.Data;
        var alb = data.Alb!;
        Assert.Equal(1494, alb.Requests);
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 35, 24, TimeSpan.Zero), Truncate(alb.First!.Value));
        Assert.Equal(new DateTimeOffset(2025, 12, 27, 16, 59, 9, TimeSpan.Zero), Truncate(alb.Last!.Value));
        Assert.Equal([434L, 413, 337, 171, 139], alb.Clients.Select(c => c.Requests).ToArray());
        Assert.Equal(["pip/25.3", "poetry/2.1.3"], alb.UserAgents.Select(u => u.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(30, data.Samples.Vmstat.Min(v => v.IoWait));
        Assert.Equal(84, data.Samples.Vmstat.Max(v => v.IoWait));
        Assert.Equal(6612, data.Samples.Vmstat.Max(v => v.SwapIn));
        Assert.Equal(2639, data.Samples.Vmstat.Max(v => v.SwapOut));
        Assert.InRange(data.Samples.Vmstat.Min(v => v.User), 4, 4); Assert.Equal(11, data.Samples.Vmstat.Max(v => v.User));
        Assert.Equal(2, data.Samples.Vmstat.Min(v => v.System)); Assert.Equal(7, data.Samples.Vmstat.Max(v => v.System));
        Assert.Equal(3, data.Samples.Vmstat.Min(v => v.Idle));
        Assert.All(data.Samples.Vmstat, v => Assert.Equal(100, v.User + v.System + v.Idle + v.IoWait + v.Steal));
        var worst = data.Samples.Free.MinBy(f => f.Available)!;
        Assert.Equal((916, 731, 59, 55, 748), (worst.Total, worst.Used, worst.Free, worst.Available, worst.SwapUsed));
        Assert.Equal(0.8, data.Timeline.Find("PercentIOLimit")!.Max);
        Assert.InRange(data.Timeline.Find("BurstCreditBalance")!.Min, 2.25e12, 2.35e12);
        Assert.Equal("t3.micro", data.Host.InstanceType);
        Assert.Empty(data.SkippedFiles);
        Assert.All(data.Diagnostics, d => Assert.Equal(0, d.Rejected));
    }

    [Fact]
    public void The_committed_dataset_is_exactly_what_the_seeded_generator_writes()
    {
        using var tmp = new TempDir();
        var result = IncidentDatasetGenerator.Write(IncidentScenarios.Incident20251227, tmp.Path);
        Assert.Equal(1494, result.Requests);
        foreach (var rel in result.Files)
        {
            var committed = Path.Combine(IncidentTestData.Dataset20251227, rel);
            Assert.True(File.Exists(committed), $"generated file {rel} is not committed");
            Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(tmp.Path, rel))), $"{rel} differs from the generator's output");
        }
        Assert.True(File.Exists(Path.Combine(IncidentTestData.Dataset20251227, "README.md")));
        Assert.Contains("reconstruction", File.ReadAllText(Path.Combine(IncidentTestData.Dataset20251227, "README.md")));
    }

    [Fact]
    public void Reports_render_the_verdicts_in_markdown_html_and_json()
    {
        var report = Analysis.Value.Report;
        var md = MarkdownIncidentReport.Render(report);
        Assert.Contains("**Verdict: host memory pressure (swap)**", md);
        Assert.Contains("| EFS PercentIOLimit (max) | 0.8 % |", md);
        var html = HtmlIncidentReport.Render(report);
        Assert.Contains("id=\"top-verdict\"", html);
        Assert.Contains("host memory pressure (swap)", html);
        var json = JsonIncidentReport.Render(report);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("memory-pressure", doc.RootElement.GetProperty("verdicts")[0].GetProperty("rule_id").GetString());
        Assert.Equal(1494, doc.RootElement.GetProperty("traffic").GetProperty("requests").GetInt64());
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
