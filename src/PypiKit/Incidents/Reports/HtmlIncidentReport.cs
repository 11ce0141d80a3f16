using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using PypiKit.Charts;
using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Reports;

/// <summary>
/// Renders an <see cref="IncidentReport"/> as HTML: <see cref="Render(IncidentReport)"/> gives a light page without charts;
/// <see cref="Build(IncidentReport, IncidentData)"/> gives a PypiKit.Charts <see cref="HtmlReport"/> (verdicts, evidence, the
/// <see cref="HostCharts"/> and <see cref="CreditCharts"/> figures, traffic views with the <see cref="TrafficCharts"/> chart,
/// sources) for <see cref="HtmlReportWriter"/>; <see cref="RenderWithCharts"/> does both in one call.
/// </summary>
public static class HtmlIncidentReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string VerdictCss =
        "<style>.likely{color:#b00020;font-weight:bold}.possible{color:#c77700}.unlikely{color:#555}.ruled-out{color:#2e7d32}.no-data{color:#888}</style>";

    /// <summary>
    /// The report as a charts page with every chart the incident has data for: the host charts (<see cref="HostCharts"/>),
    /// the credit charts with their model lines (<see cref="CreditCharts"/>), and the traffic chart beside the traffic views.
    /// </summary>
    public static HtmlReport Build(IncidentReport r, IncidentData data) => Build(r, HostCharts.ForIncident(data), CreditCharts.ForIncident(data));

    /// <summary>The report as a charts page: top verdict, the given host figures, ranked verdicts with evidence, then
    /// traffic (with requests per minute per path class) and sources.</summary>
    public static HtmlReport Build(IncidentReport r, IEnumerable<GenericChart> figures) => Build(r, figures, []);

    private static HtmlReport Build(IncidentReport r, IEnumerable<GenericChart> figures, IReadOnlyList<GenericChart> creditFigures)
    {
        var b = HtmlReport.Create($"Incident analysis: {r.Name}");
        var intro = new StringBuilder(VerdictCss);
        intro.Append("<p>");
        if (r.From is not null) intro.Append(H(string.Create(Inv, $"Window: {r.From:yyyy-MM-dd HH:mm:ss} – {r.To:HH:mm:ss} UTC. ")));
        if (r.Host.InstanceType is not null) intro.Append(H($"Host: {r.Host.InstanceType}."));
        intro.Append("</p>\n");
        if (r.Top is { } top)
            intro.Append("<p id=\"top-verdict\"><strong>Verdict: ").Append(H(top.Title)).Append("</strong> (<span class=\"").Append(Css(top.Status)).Append("\">")
                 .Append(MarkdownIncidentReport.Status(top.Status)).Append("</span>, score ").Append(top.Score.ToString("0.00", Inv)).Append("). ").Append(H(top.Summary)).Append("</p>\n");
        b.Html(intro.ToString());
        var figs = figures.ToArray();
        if (figs.Length > 0)
        {
            b.Heading("Host charts");
            foreach (var f in figs) b.Figure(f);
        }
        if (creditFigures.Count > 0)
        {
            b.Heading("Credit charts");
            b.Html("<p>Measured CloudWatch balances (solid) beside PypiKit's credit models (dashed): the EFS credit ceiling, " +
                   "the fastest fall the burst rate allows and the low-credit alarm; each T-family instance's maximum bank and baseline " +
                   "from the instance catalogue, and its balance as the CPU credit model steps it over the same CPUUtilization.</p>\n");
            foreach (var f in creditFigures) b.Figure(f);
        }
        var verdicts = new StringBuilder();
        AppendVerdicts(verdicts, r);
        b.Html(verdicts.ToString());
        if (r.Traffic is { } t)
        {
            var traffic = new StringBuilder();
            AppendTraffic(traffic, r);
            b.Html(traffic.ToString());
            if (TrafficCharts.RequestsPerPathClass(t) is { } chart) b.Figure(chart);
        }
        var body = new StringBuilder();
        AppendFiguresAndSources(body, r);
        b.Html(body.ToString());
        return b.Build();
    }

    /// <summary>
    /// The charts page as a string: plotly.js inlined (PYPIKIT_PLOTLY_JS, the npm package's, or else Plotly.NET's copy:
    /// one self-contained file that draws offline) unless <paramref name="mode"/> says otherwise.
    /// </summary>
    public static string RenderWithCharts(IncidentReport r, IEnumerable<GenericChart> figures, PlotlyJsMode? mode = null) =>
        new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = mode ?? PlotlyJsMode.Inline }).Render(Build(r, figures));

    public static string Render(IncidentReport r)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .Append(H($"Incident analysis: {r.Name}")).Append("</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
          .Append("table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
          .Append(".likely{color:#b00020;font-weight:bold}.possible{color:#c77700}.unlikely{color:#555}.ruled-out{color:#2e7d32}.no-data{color:#888}")
          .Append("code{background:#f4f4f4;padding:0 3px}</style></head><body>\n");
        sb.Append("<h1>").Append(H($"Incident analysis: {r.Name}")).Append("</h1>\n<p>");
        if (r.From is not null) sb.Append(H(string.Create(Inv, $"Window: {r.From:yyyy-MM-dd HH:mm:ss} – {r.To:HH:mm:ss} UTC. ")));
        if (r.Host.InstanceType is not null) sb.Append(H($"Host: {r.Host.InstanceType}."));
        sb.Append("</p>\n");
        if (r.Top is { } top)
            sb.Append("<p id=\"top-verdict\"><strong>Verdict: ").Append(H(top.Title)).Append("</strong> (<span class=\"").Append(Css(top.Status)).Append("\">")
              .Append(MarkdownIncidentReport.Status(top.Status)).Append("</span>, score ").Append(top.Score.ToString("0.00", Inv)).Append("). ").Append(H(top.Summary)).Append("</p>\n");
        AppendVerdicts(sb, r);
        AppendBody(sb, r);
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The ranked verdict table and each verdict's evidence (HTML fragment).</summary>
    public static void AppendVerdicts(StringBuilder sb, IncidentReport r)
    {
        AppendWhatToDo(sb, r);
        sb.Append("<h2>Verdicts (ranked)</h2>\n<table id=\"verdicts\"><tr><th>#</th><th>Verdict</th><th>Host(s)</th><th>Status</th><th>Score</th><th>Summary</th></tr>\n");
        int i = 1;
        foreach (var v in r.Verdicts)
            sb.Append(Inv, $"<tr><td>{i++}</td><td>{H(v.Title)}</td><td>{H(string.Join(", ", v.Hosts))}</td><td class=\"{Css(v.Status)}\">{MarkdownIncidentReport.Status(v.Status)}</td><td>{v.Score:0.00}</td><td>{H(v.Summary)}</td></tr>\n");
        sb.Append("</table>\n");
        foreach (var v in r.Verdicts.Where(v => v.Status != VerdictStatus.NoData))
        {
            sb.Append(Inv, $"<h3>{H(v.Title)} — <span class=\"{Css(v.Status)}\">{MarkdownIncidentReport.Status(v.Status)}</span> ({v.Score:0.00})</h3>\n<p>{H(v.Summary)}</p>\n");
            Evidence(sb, "Evidence for", v.For);
            Evidence(sb, "Evidence against", v.Against);
        }
    }

    /// <summary>"What to do": each likely or possible verdict's remedies, figures and command lines (HTML fragment).</summary>
    public static void AppendWhatToDo(StringBuilder sb, IncidentReport r)
    {
        var acting = r.Verdicts.Where(v => v.Remedies.Count > 0).ToArray();
        if (acting.Length == 0) return;
        sb.Append("<h2 id=\"what-to-do\">What to do</h2>\n");
        foreach (var v in acting)
        {
            sb.Append("<h3>").Append(H(v.Title + (v.Hosts.Count > 0 ? $" ({string.Join(", ", v.Hosts)})" : ""))).Append("</h3>\n<ul>\n");
            foreach (var m in v.Remedies)
            {
                sb.Append("<li><strong>").Append(H(m.Action)).Append("</strong><ul>");
                foreach (var f in m.Figures) sb.Append("<li>").Append(H(f)).Append("</li>");
                if (m.Command is not null) sb.Append("<li><code>").Append(H(m.Command)).Append("</code></li>");
                sb.Append("</ul></li>\n");
            }
            sb.Append("</ul>\n");
        }
    }

    /// <summary>Traffic, key figures and sources (HTML fragment).</summary>
    public static void AppendBody(StringBuilder sb, IncidentReport r)
    {
        AppendTraffic(sb, r);
        AppendFiguresAndSources(sb, r);
    }

    /// <summary>The ALB traffic views (HTML fragment): the window asked for, per path class, per client IP with its user
    /// agent and CI shape, per user agent and per target; nothing without ALB logs.</summary>
    public static void AppendTraffic(StringBuilder sb, IncidentReport r)
    {
        if (r.Traffic is not { } t) return;
        sb.Append("<h2 id=\"traffic\">Traffic (ALB access log)</h2>\n<p>")
          .Append(H(string.Create(Inv, $"{t.Requests:N0} requests, {t.First:HH:mm:ss}–{t.Last:HH:mm:ss} UTC; p50 {F(t.Latency.P50, "s", 2)}, p95 {F(t.Latency.P95, "s", 2)}, p99 {F(t.Latency.P99, "s", 2)}; 5xx from the balancer {t.ElbGenerated5xx}, from targets {t.Target5xx}.")))
          .Append("</p>\n");
        if (TrafficViews.Window(t) is { } window) sb.Append("<p id=\"traffic-window\">").Append(H(window)).Append("</p>\n");
        if (TrafficViews.PathClasses(t) is { } classes)
        {
            sb.Append("<h3>By path class</h3>\n");
            Table(sb, classes, "path-classes");
        }
        sb.Append("<h3>By client IP</h3>\n");
        Table(sb, TrafficViews.Clients(t), "clients");
        sb.Append("<p>").Append(H(TrafficViews.CiSummary(t))).Append("</p>\n<h3>By user agent and target</h3>\n");
        Table(sb, ["User agent", "Requests", "Peak req/min"], t.UserAgents.Take(10).Select(c => new[] { c.Key, c.Requests.ToString("N0", Inv), c.PeakPerMinute.ToString(Inv) }));
        Table(sb, ["Target", "Requests", "p50", "p95"], t.Targets.Take(20).Select(c => new[] { c.Target, c.Requests.ToString("N0", Inv), F(c.P50Seconds, "s", 2), F(c.P95Seconds, "s", 2) }));
    }

    private static void AppendFiguresAndSources(StringBuilder sb, IncidentReport r)
    {
        var key = r.KeyFigures().ToArray();
        if (key.Length > 0)
        {
            sb.Append("<h2>Key figures</h2>\n");
            Table(sb, ["Series", "Unit", "Min", "Max", "Mean", "Max at (UTC)"], key.Select(s => new[]
                { s.Name, s.Unit, MarkdownIncidentReport.Num(s.Min), MarkdownIncidentReport.Num(s.Max), MarkdownIncidentReport.Num(s.Mean), s.MaxAt?.ToString("HH:mm:ss", Inv) ?? "" }));
        }
        sb.Append("<h2>Sources</h2>\n");
        Table(sb, ["File", "Format", "Lines", "Accepted", "Rejected", "Problem"], r.Sources.Select(s => new[]
            { Path.GetFileName(s.Source), s.Format, s.LinesRead.ToString("N0", Inv), s.Accepted.ToString("N0", Inv), s.Rejected.ToString("N0", Inv), s.Problem ?? "" }));
        var rejects = r.Sources.SelectMany(s => s.ExampleRejects).Take(20).ToArray();
        if (rejects.Length > 0)
            Table(sb, ["Rejected line", "Reason"], rejects.Select(x => new[] { $"{Path.GetFileName(x.Source)}:{x.LineNumber}", x.Reason }));
        sb.Append(Inv, $"<p><small>Generated by PypiKit at {r.GeneratedAt:yyyy-MM-dd HH:mm} UTC.</small></p>\n");
    }

    private static void Evidence(StringBuilder sb, string caption, IReadOnlyList<Evidence> ev)
    {
        if (ev.Count == 0) return;
        sb.Append("<p>").Append(caption).Append(":</p>\n");
        Table(sb, ["Measure", "Observed", "Reference", "Source"], ev.Select(e => new[] { e.Metric, e.Observed, e.Reference, e.Source }));
    }

    private static void Table(StringBuilder sb, TextTable table, string id)
    {
        sb.Append("<table id=\"").Append(id).Append("\"><tr>");
        foreach (var h in table.Headers) sb.Append("<th>").Append(H(h)).Append("</th>");
        sb.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            foreach (var c in row) sb.Append("<td>").Append(H(c)).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }

    private static void Table(StringBuilder sb, string[] headers, IEnumerable<string[]> rows)
    {
        sb.Append("<table><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(H(h)).Append("</th>");
        sb.Append("</tr>\n");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in row) sb.Append("<td>").Append(H(c)).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }

    private static string Css(VerdictStatus s) => s switch
    {
        VerdictStatus.Likely => "likely",
        VerdictStatus.Possible => "possible",
        VerdictStatus.Unlikely => "unlikely",
        VerdictStatus.RuledOut => "ruled-out",
        _ => "no-data",
    };

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
