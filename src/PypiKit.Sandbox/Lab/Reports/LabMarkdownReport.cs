using System.Globalization;
using System.Text;
using PypiKit.Burst;
using PypiKit.Sandbox.Validation;

namespace PypiKit.Sandbox.Lab.Reports;

/// <summary>
/// The lab as Markdown: title, headline, verdict, settings, the plan mapping, signal lines, the model comparison, the
/// throughput note, and the burst report with its headings one level down.
/// </summary>
public static class LabMarkdownReport
{
    public const string FileName = "lab.md";

    public static string Render(LabResult lab)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        string F(double v) => v.ToString("0.##", ci);
        L($"# {LabReportText.Title(lab)}");
        L();
        L($"**{lab.Conclusion.Headline}**");
        L();
        L(lab.Conclusion.Verdict);
        L();
        L("## Settings");
        L();
        L("| setting | value |");
        L("|---|---|");
        foreach (var row in LabReportText.Settings(lab)) L($"| {row[0]} | {row[1]} |");
        L();
        L("## The plan on this machine");
        L();
        foreach (var s in lab.Mapping.Scaling) L($"- {s}");
        L();
        L("## Signals");
        L();
        foreach (var s in LabReportText.SignalLines(lab)) L($"- {s}");
        L();
        L("## Burst model, predicted before the run");
        L();
        var m = lab.Model;
        if (m.Levels.Count == 0) L($"No comparison: {m.Calibration}.");
        else
        {
            L(m.Describe() + ".");
            L();
            L("| clients | measured req/s | predicted req/s | measured p95 ms | predicted p95 ms |");
            L("|---:|---:|---:|---:|---:|");
            foreach (var l in m.Levels)
                L($"| {l.Concurrency.ToString(ci)} | {F(l.MeasuredThroughputRps)} | {F(l.PredictedThroughputRps)} | {F(l.MeasuredP95Ms)} | {F(l.PredictedP95Ms)} |");
            foreach (var note in m.Notes) L($"\n- note: {note}");
        }
        L();
        if (lab.Validation is { } v)
        {
            L("## Out-of-sample validation");
            L();
            foreach (var c in ValidationTable.CalibrationLines(v)) L($"- {c}");
            L();
            L("| " + string.Join(" | ", ValidationTable.Header) + " |");
            L("|" + string.Concat(ValidationTable.Header.Select(_ => "---|")));
            foreach (var row in ValidationTable.Rows(v)) L("| " + string.Join(" | ", row) + " |");
            L();
            foreach (var f in ValidationTable.FlagLines(v)) L($"- assumption ({f})");
            L();
            L($"**Verdict:** {v.Verdict}");
            L();
        }
        L("## Throughput");
        L();
        L(lab.Conclusion.ThroughputNote);
        L();
        foreach (var line in MarkdownBurstReport.Render(lab.Burst).Split('\n'))
            L(line.StartsWith('#') ? "#" + line : line);
        return sb.ToString();
    }
}
