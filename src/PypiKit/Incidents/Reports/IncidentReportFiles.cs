using PypiKit.Charts;

namespace PypiKit.Incidents.Reports;

/// <summary>Writes report.md, report.html (with the host, credit and traffic charts) and report.json for an analysis into a directory.</summary>
public static class IncidentReportFiles
{
    /// <summary>Writes the three files; the HTML gets plotly.js per <paramref name="plotly"/> (default: inlined from the npm package).</summary>
    public static IReadOnlyList<string> Write(IncidentReport report, IncidentData data, string directory, PlotlyJsMode? plotly = null)
    {
        Directory.CreateDirectory(directory);
        var md = Path.Combine(directory, "report.md");
        var html = Path.Combine(directory, "report.html");
        var json = Path.Combine(directory, "report.json");
        File.WriteAllText(md, MarkdownIncidentReport.Render(report));
        var mode = plotly ?? PlotlyJsMode.Inline;
        var page = HtmlIncidentReport.Build(report, data);
        if (mode == PlotlyJsMode.Beside) new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = mode }).WriteAsync(page, html).GetAwaiter().GetResult();
        else File.WriteAllText(html, new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = mode }).Render(page));
        File.WriteAllText(json, JsonIncidentReport.Render(report));
        return [md, html, json];
    }
}
