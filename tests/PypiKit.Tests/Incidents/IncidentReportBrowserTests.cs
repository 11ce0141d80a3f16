using PypiKit.Charts;
using PypiKit.Incidents;
using PypiKit.Incidents.Reports;
using PypiKit.Tests.Charts;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// The report.html that <c>pypikit analyze</c> writes for the bundled 2025-12-27 incident, loaded in headless Chromium:
/// the credit charts and the traffic chart are drawn, with their formula lines, and the page reports no error.
/// </summary>
[Trait("Category", "Slow")]
[Collection(ChromiumCollection.Name)]
public class IncidentReportBrowserTests(ChromiumRenderer chromium)
{
    [Fact]
    public async Task The_written_report_draws_credit_and_traffic_charts_with_their_lines_and_no_errors()
    {
        var a = IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227, ct: TestContext.Current.CancellationToken);
        var dir = Path.Combine(ChromiumRenderer.OutputDirectory, "incident-report-views");
        var html = IncidentReportFiles.Write(a.Report, a.Data, dir, PlotlyJsMode.Beside).Single(f => f.EndsWith(".html", StringComparison.Ordinal));

        var r = await chromium.RenderAsync(html);

        Assert.True(r.SvgRootPresent, "every figure has plotly's svg.main-svg");
        Assert.Empty(r.AllErrors);
        Assert.Equal(7, r.FigureCount);
        Assert.All(r.Figures, f => Assert.True(f.SvgRootPresent, f.Id));
        Assert.Equal(r.TraceCount, r.DrawnTraceCount);

        var efs = Figure(r, "EFS burst credit balance");
        Assert.Contains("BurstCreditBalance (measured)", efs.TraceNames);
        Assert.Contains("alarm: below 1 TB", efs.TraceNames);
        Assert.Contains(efs.TraceNames, n => n.StartsWith("credit ceiling 2.10 TiB (credit model", StringComparison.Ordinal));
        Assert.Contains(efs.TraceNames, n => n.StartsWith("fastest fall (credit model): burst 100.00 MiB/s", StringComparison.Ordinal));

        var cpu = Figure(r, "CPU credits: t3.micro");
        Assert.Equal(["credit model's balance (left)", "CPU delivered (right)", "CPUCreditBalance measured (left)", "max bank 288 credits (24 h of earnings)", "baseline 10 % (right)"],
            cpu.TraceNames);

        var traffic = Figure(r, TrafficCharts.RequestsPerPathClassTitle);
        Assert.Equal(["/simple/<project>/", "/packages/…"], traffic.TraceNames);

        var page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.Contains("<h2>Credit charts</h2>", page);
        Assert.Contains("<table id=\"path-classes\">", page);
        Assert.Contains("<table id=\"clients\">", page);
    }

    private static PypiKit.Browser.FigureRender Figure(RenderResult r, string titleStart) =>
        Assert.Single(r.Figures, f => f.Title is { } t && t.StartsWith(titleStart, StringComparison.Ordinal));
}
