using System.Globalization;
using System.Text;
using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Reports;

/// <summary>Renders an <see cref="IncidentReport"/> as GitHub-flavoured Markdown: verdicts with evidence, traffic, key figures, sources.</summary>
public static class MarkdownIncidentReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(IncidentReport r)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"# Incident analysis: {r.Name}\n\n");
        if (r.From is not null) sb.Append(Inv, $"Window: {r.From:yyyy-MM-dd HH:mm:ss} – {r.To:HH:mm:ss} UTC. ");
        if (r.Host.InstanceType is not null) sb.Append(Inv, $"Host: {r.Host.InstanceType}");
        if (r.Host.MemoryMib is not null) sb.Append(Inv, $", {r.Host.MemoryMib:0} MiB visible");
        if (r.Host.Containers is not null) sb.Append(Inv, $", {r.Host.Containers} × {r.Host.ContainerMemoryMib:0} MiB containers");
        if (r.Host.EfsThroughputMode is not null) sb.Append(Inv, $", EFS {r.Host.EfsThroughputMode}");
        sb.Append(".\n\n");
        if (r.Top is { } top)
            sb.Append(Inv, $"**Verdict: {top.Title}** ({top.Status.ToString().ToLowerInvariant()}, score {top.Score:0.00}). {top.Summary}\n\n");

        AppendWhatToDo(sb, r);
        sb.Append("## Verdicts (ranked)\n\n| # | Verdict | Host(s) | Status | Score | Summary |\n|---|---|---|---|---|---|\n");
        int i = 1;
        foreach (var v in r.Verdicts)
            sb.Append(Inv, $"| {i++} | {Esc(v.Title)} | {Esc(string.Join(", ", v.Hosts))} | {Status(v.Status)} | {v.Score:0.00} | {Esc(v.Summary)} |\n");
        sb.Append('\n');
        foreach (var v in r.Verdicts.Where(v => v.Status != VerdictStatus.NoData))
        {
            sb.Append(Inv, $"### {v.Title} — {Status(v.Status)} ({v.Score:0.00})\n\n{v.Summary}\n\n");
            if (v.For.Count > 0)
            {
                sb.Append("Evidence for:\n\n| Measure | Observed | Reference | Source |\n|---|---|---|---|\n");
                foreach (var e in v.For) sb.Append(Inv, $"| {Esc(e.Metric)} | {Esc(e.Observed)} | {Esc(e.Reference)} | `{Esc(e.Source)}` |\n");
                sb.Append('\n');
            }
            if (v.Against.Count > 0)
            {
                sb.Append("Evidence against:\n\n| Measure | Observed | Reference | Source |\n|---|---|---|---|\n");
                foreach (var e in v.Against) sb.Append(Inv, $"| {Esc(e.Metric)} | {Esc(e.Observed)} | {Esc(e.Reference)} | `{Esc(e.Source)}` |\n");
                sb.Append('\n');
            }
        }
        var noData = r.Verdicts.Where(v => v.Status == VerdictStatus.NoData).ToArray();
        if (noData.Length > 0)
        {
            sb.Append("Not assessed (missing data):\n\n");
            foreach (var v in noData) sb.Append(Inv, $"- {v.Title}: {v.Summary}\n");
            sb.Append('\n');
        }

        if (r.Traffic is { } t)
        {
            sb.Append("## Traffic (ALB access log)\n\n");
            sb.Append(Inv, $"{t.Requests:N0} requests, {t.First:HH:mm:ss}–{t.Last:HH:mm:ss} UTC; latency (request + target + response) p50 {F(t.Latency.P50, "s", 2)}, p95 {F(t.Latency.P95, "s", 2)}, p99 {F(t.Latency.P99, "s", 2)}, max {F(t.Latency.Max, "s", 2)}; ");
            sb.Append(Inv, $"{t.Latency.Incomplete} without a complete time (-1); 5xx from the balancer {t.ElbGenerated5xx}, from targets {t.Target5xx}.\n\n");
            if (TrafficViews.Window(t) is { } window) sb.Append(window).Append("\n\n");
            if (TrafficViews.PathClasses(t) is { } classes)
            {
                sb.Append("### By path class\n\n");
                Table(sb, classes);
            }
            sb.Append("### By client IP\n\n");
            Table(sb, TrafficViews.Clients(t));
            sb.Append(NoHtml(TrafficViews.CiSummary(t))).Append("\n\n### By user agent, target and status\n\n");
            sb.Append("| User agent | Requests | Peak req/min |\n|---|---|---|\n");
            foreach (var c in t.UserAgents.Take(10)) sb.Append(Inv, $"| {Esc(c.Key)} | {c.Requests:N0} | {c.PeakPerMinute} |\n");
            sb.Append("\n| Target | Requests | p50 | p95 |\n|---|---|---|---|\n");
            foreach (var c in t.Targets.Take(20)) sb.Append(Inv, $"| {c.Target} | {c.Requests:N0} | {F(c.P50Seconds, "s", 2)} | {F(c.P95Seconds, "s", 2)} |\n");
            sb.Append("\n| ELB status | Count |\n|---|---|\n");
            foreach (var (code, n) in t.ElbStatusCodes) sb.Append(Inv, $"| {code} | {n:N0} |\n");
            sb.Append('\n');
        }

        if (r.WorstFreeSnapshot is { } f)
            sb.Append(Inv, $"Worst `free -m` snapshot ({f.Time:HH:mm:ss}): total {f.Total:0}, used {f.Used:0}, free {f.Free:0}, available {f.Available:0}, swap used {f.SwapUsed:0} MiB.\n\n");

        var key = r.KeyFigures().ToArray();
        if (key.Length > 0)
        {
            sb.Append("## Key figures\n\n| Series | Unit | Min | Max | Mean | Max at (UTC) |\n|---|---|---|---|---|---|\n");
            foreach (var s in key) sb.Append(Inv, $"| `{s.Name}` | {s.Unit} | {Num(s.Min)} | {Num(s.Max)} | {Num(s.Mean)} | {s.MaxAt:HH:mm:ss} |\n");
            sb.Append('\n');
        }

        sb.Append("## Sources\n\n| File | Format | Lines | Accepted | Rejected | Problem |\n|---|---|---|---|---|---|\n");
        foreach (var s in r.Sources) sb.Append(Inv, $"| `{Esc(Path.GetFileName(s.Source))}` | {s.Format} | {s.LinesRead:N0} | {s.Accepted:N0} | {s.Rejected:N0} | {Esc(s.Problem ?? "")} |\n");
        var rejects = r.Sources.SelectMany(s => s.ExampleRejects).Take(20).ToArray();
        if (rejects.Length > 0)
        {
            sb.Append("\nRejected lines (first 20):\n\n");
            foreach (var x in rejects) sb.Append(Inv, $"- `{Esc(Path.GetFileName(x.Source))}:{x.LineNumber}`: {Esc(x.Reason)}\n");
        }
        if (r.SkippedFiles.Count > 0) sb.Append(Inv, $"\nSkipped (no parser): {string.Join(", ", r.SkippedFiles.Select(s => $"`{s}`"))}\n");
        sb.Append(Inv, $"\n<sub>Generated by PypiKit at {r.GeneratedAt:yyyy-MM-dd HH:mm} UTC.</sub>\n");
        return sb.ToString();
    }

    public static string Status(VerdictStatus s) => DiagnosisEngine.StatusWord(s);

    /// <summary>"What to do": each likely or possible verdict's remedies with their figures and command lines.</summary>
    private static void AppendWhatToDo(StringBuilder sb, IncidentReport r)
    {
        var acting = r.Verdicts.Where(v => v.Remedies.Count > 0).ToArray();
        if (acting.Length == 0) return;
        sb.Append("## What to do\n\n");
        foreach (var v in acting)
        {
            sb.Append("### ").Append(v.Title).Append(v.Hosts.Count > 0 ? $" ({string.Join(", ", v.Hosts)})" : "").Append("\n\n");
            foreach (var m in v.Remedies)
            {
                sb.Append(Inv, $"- **{m.Action}**\n");
                foreach (var f in m.Figures) sb.Append(Inv, $"  - {f}\n");
                if (m.Command is not null) sb.Append(Inv, $"  - `{m.Command}`\n");
            }
            sb.Append('\n');
        }
    }

    private static void Table(StringBuilder sb, TextTable table)
    {
        static string Cell(string s) => NoHtml(Esc(s));
        sb.Append("| ").AppendJoin(" | ", table.Headers.Select(Cell)).Append(" |\n|").Append(string.Concat(Enumerable.Repeat("---|", table.Headers.Count))).Append('\n');
        foreach (var row in table.Rows) sb.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        sb.Append('\n');
    }

    /// <summary>"&lt;p&gt;" would open an HTML element in GitHub's Markdown: escaped.</summary>
    private static string NoHtml(string s) => s.Replace("<", "\\<", StringComparison.Ordinal);

    public static string Num(double v) =>
        double.IsNaN(v) ? "n/a" : Math.Abs(v) >= 1e7 ? v.ToString("0.00e0", Inv) : Math.Abs(v) >= 100 ? v.ToString("N0", Inv) : v.ToString("0.##", Inv);

    private static string Esc(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
