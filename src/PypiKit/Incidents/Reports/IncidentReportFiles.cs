namespace PypiKit.Incidents.Reports;

/// <summary>Writes report.md, report.html and report.json for an analysis into a directory.</summary>
public static class IncidentReportFiles
{
    public static IReadOnlyList<string> Write(IncidentReport report, IncidentData data, string directory)
    {
        Directory.CreateDirectory(directory);
        var md = Path.Combine(directory, "report.md");
        var html = Path.Combine(directory, "report.html");
        var json = Path.Combine(directory, "report.json");
        File.WriteAllText(md, MarkdownIncidentReport.Render(report));
        File.WriteAllText(html, HtmlIncidentReport.Render(report));
        File.WriteAllText(json, JsonIncidentReport.Render(report));
        _ = data;
        return [md, html, json];
    }
}
