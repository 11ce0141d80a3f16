using PypiKit.Incidents;
using PypiKit.Incidents.Reports;
using PypiKit.Tests.Charts;

namespace PypiKit.Tests.Incidents;

[Trait("Category", "Slow")]
public class HostChartsTests(ChromiumRenderer chromium) : IClassFixture<ChromiumRenderer>
{
    private static readonly Lazy<IncidentAnalysis> Analysis = new(() => IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227));

    [Fact]
    public void The_incident_gets_swap_memory_cpu_and_latency_charts_with_their_reference_lines()
    {
        var figs = HostCharts.ForIncident(Analysis.Value.Data).Select(f => new ChartJson(f)).ToArray();
        Assert.Equal(["Swap activity (vmstat si / so)", "Available memory and swap used", "CPU: user, system, iowait, steal", "Request latency (p95) vs swap-in"],
            figs.Select(f => f.Title ?? "").ToArray());
        var swap = figs[0];
        Assert.Equal(6612, ChartJson.Numbers(swap.Trace("swap-in (si)"), "y").Max());
        Assert.Equal([HostCharts.SwapStormKiBs, HostCharts.SwapStormKiBs], ChartJson.Numbers(swap.Trace("swap storm: ≥ 1,000 KiB/s"), "y"));
        var mem = figs[1];
        Assert.Equal(55, ChartJson.Numbers(mem.Trace("available"), "y").Min());
        Assert.Equal([916.0, 916.0], ChartJson.Numbers(mem.Trace("RAM 916 MiB"), "y"));
        Assert.Equal(91.6, ChartJson.Numbers(mem.Trace("below 10 % of RAM"), "y").Max()!.Value, 9);
        var cpu = figs[2];
        Assert.Equal(["user", "system", "iowait", "steal"], cpu.Traces.Select(t => (string?)t["name"] ?? "").ToArray());
        Assert.All(cpu.Traces, t => Assert.Equal("cpu", (string?)t["stackgroup"]));
        Assert.Equal("y2", (string?)figs[3].Traces[1]["yaxis"]);
    }

    [Fact]
    public async Task The_html_report_with_verdicts_and_charts_renders_in_headless_chromium()
    {
        var a = Analysis.Value;
        var page = HtmlIncidentReport.Build(a.Report, HostCharts.ForIncident(a.Data));
        var r = await chromium.RenderAsync(page, "incident-2025-12-27");
        Assert.True(r.SvgRootPresent);
        Assert.Equal(5, r.FigureCount); // the four host charts and the traffic chart (requests per minute per path class)
        Assert.Equal(r.TraceCount, r.DrawnTraceCount);
        Assert.Empty(r.AllErrors);
        var html = File.ReadAllText(Path.Combine(ChromiumRenderer.OutputDirectory, "incident-2025-12-27.html"));
        Assert.Contains("Verdict: host memory pressure (swap)", html);
        Assert.Contains("EFS PercentIOLimit (max)", html);
    }
}
