using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Json;

namespace PypiKit.Sandbox.Lab.Reports;

/// <summary>
/// Writes a lab's report folder: lab.html, lab.md and lab.json (settings, mapping, conclusion, verdicts, host and
/// instance series, simulated credits), plus the burst's raw result as JSON and an HdrHistogram interval log.
/// The folder is created here, with the files, so a run that wrote nothing leaves no folder.
/// </summary>
public static class LabReportFiles
{
    public const string JsonFileName = "lab.json";

    public static async Task<IReadOnlyList<string>> WriteAsync(LabResult lab, CancellationToken ct = default)
    {
        Directory.CreateDirectory(lab.Folder);
        var stem = BurstReportFiles.Stem(lab.Burst, lab.Folder);
        var burstJson = stem + JsonBurstReport.Extension;
        var hlog = stem + HlogBurstReport.Extension;
        JsonBurstReport.Write(lab.Burst, burstJson);
        HlogBurstReport.Write(lab.Burst, hlog);
        var html = Path.Combine(lab.Folder, LabHtmlReport.FileName);
        var md = Path.Combine(lab.Folder, LabMarkdownReport.FileName);
        var json = Path.Combine(lab.Folder, JsonFileName);
        // the text reports first: a page that cannot be written (say, an unreadable plotly.js) leaves them in place
        await File.WriteAllTextAsync(md, LabMarkdownReport.Render(lab), ct).ConfigureAwait(false);
        IReadOnlyList<string> files = [html, md, json, burstJson, hlog];
        await File.WriteAllTextAsync(json, PypiKitJson.Serialize(lab with { Files = files.Select(Path.GetFileName).ToList()! }), ct).ConfigureAwait(false);
        await LabHtmlReport.WriteAsync(lab, html, ct).ConfigureAwait(false);
        return files;
    }
}
