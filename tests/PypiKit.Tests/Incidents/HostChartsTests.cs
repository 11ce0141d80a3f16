using PypiKit.Charts;
using PypiKit.Incidents;
using PypiKit.Incidents.Reports;
using PypiKit.Tests.Charts;

namespace PypiKit.Tests.Incidents;

public class HostChartsTests(ChromiumRenderer chromium) : IClassFixture<ChromiumRenderer>
{
    private static readonly Lazy<IncidentAnalysis> Analysis = new(() => IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227));

    [Fact]
    public void The_incident_gets_swap_memory_cpu_and_latency_charts_with_their_reference_lines()
    {
        var figs = HostCharts.ForIncident(Analysis.Value.Data);
        Assert.Equal(["Swap activity (vmstat si / so)", "Available memory and swap used", "CPU: user, system, iowait, steal", "Request latency (p95) vs swap-in"],
            figs.Select(f => f.Layout.Title!.Text).ToArray());
        var swap = figs[0];
        Assert.Equal(6612, ((ScatterTrace)swap.Traces[0]).Y!.Numbers!.Max());
        Assert.Equal(HostCharts.SwapStormKiBs, swap.Layout.Shapes![0].Y0!.Value.Number);
        var mem = figs[1];
        Assert.Equal(55, ((ScatterTrace)mem.Traces[0]).Y!.Numbers!.Min());
        Assert.Contains(mem.Layout.Annotations!, a => a.Text == "RAM 916 MiB");
        var cpu = figs[2];
        Assert.Equal(["user", "system", "iowait", "steal"], cpu.Traces.Select(t => t.Name ?? "").ToArray());
        Assert.All(cpu.Traces, t => Assert.Equal("cpu", ((ScatterTrace)t).StackGroup));
        Assert.Equal("y2", figs[3].Traces[1].YAxis);
    }

    [Fact]
    public async Task The_html_report_with_verdicts_and_charts_renders_in_headless_chromium()
    {
        var a = Analysis.Value;
        var page = HtmlIncidentReport.Build(a.Report, HostCharts.ForIncident(a.Data));
        var r = await chromium.RenderAsync(page, "incident-2025-12-27");
        Assert.True(r.SvgRootPresent);
        Assert.Equal(4, r.FigureCount);
        Assert.Equal(r.TraceCount, r.DrawnTraceCount);
        Assert.Empty(r.AllErrors);
        var html = File.ReadAllText(Path.Combine(ChromiumRenderer.OutputDirectory, "incident-2025-12-27.html"));
        Assert.Contains("Verdict: host memory pressure (swap)", html);
        Assert.Contains("EFS PercentIOLimit (max)", html);
    }
}
