using System.Globalization;
using PypiKit.Incidents.Parsers;
using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Reports;

/// <summary>A report table as text cells: the Markdown and HTML reports print the same rows.</summary>
internal sealed record TextTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The GoAccess-style views of the ALB traffic, as text the reports print: the time window asked for, requests per path
/// class, and the busiest client IPs with their user agent and whether their request shape looks like CI
/// (<see cref="ClientShapes"/>).
/// </summary>
internal static class TrafficViews
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Client IPs listed in the clients table.</summary>
    public const int TopClients = 10;

    /// <summary>The <c>--from</c>/<c>--to</c> window in one sentence, or null when the whole log was read.</summary>
    public static string? Window(AlbTrafficSummary t)
    {
        if (t.WindowFrom is null && t.WindowTo is null) return null;
        string from = t.WindowFrom is { } f ? string.Create(Inv, $"--from {f.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}") : "from the start of the log";
        string to = t.WindowTo is { } e ? string.Create(Inv, $"--to {e.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}") : "to the end of the log";
        return string.Create(Inv, $"Time window: {from} {to} (start inclusive, end exclusive); {t.OutsideWindow:N0} valid requests outside it were left out.");
    }

    /// <summary>Requests, their share, 5xx, bytes sent and latency per path class; null when no class was kept.</summary>
    public static TextTable? PathClasses(AlbTrafficSummary t)
    {
        if (t.PathClasses.Count == 0) return null;
        long total = Math.Max(1, t.PathClasses.Sum(c => c.Requests));
        return new TextTable(["Path class", "Requests", "Share", "5xx", "MB sent", "p50", "p95"],
            t.PathClasses.Select(c => (IReadOnlyList<string>)
            [
                c.Label, c.Requests.ToString("N0", Inv), (100.0 * c.Requests / total).ToString("0.0", Inv) + " %", c.Errors5xx.ToString("N0", Inv),
                (c.SentBytes / 1e6).ToString("0.0", Inv), F(c.P50Seconds, "s", 3), F(c.P95Seconds, "s", 3),
            ]).ToArray());
    }

    /// <summary>The <see cref="TopClients"/> busiest client IPs: requests, busiest minute, busy minutes, pip-chain counts, main
    /// user agent (and how many others) and whether the request shape looks like CI.</summary>
    public static TextTable Clients(AlbTrafficSummary t) =>
        new(["Client IP", "Requests", "Peak req/min", "Busy minutes", "/simple/<p>/", "/packages/", "User agent", "CI-like"],
            t.Clients.Take(TopClients).Select(c => (IReadOnlyList<string>)
            [
                c.Key, c.Requests.ToString("N0", Inv), c.PeakPerMinute.ToString(Inv), c.BusyMinutes.ToString(Inv),
                c.SimpleProjectRequests.ToString("N0", Inv), c.PackageRequests.ToString("N0", Inv), UserAgent(c), ClientShapes.IsCi(c) ? "yes" : "no",
            ]).ToArray());

    /// <summary>How many client IPs look like CI, and the rule.</summary>
    public static string CiSummary(AlbTrafficSummary t) =>
        string.Create(Inv, $"CI-like client IPs: {t.Clients.Count(ClientShapes.IsCi)} of {t.Clients.Count}, told by request shape, not user agent: {ClientShapes.Rule}.");

    /// <summary>A client's main user agent, "+ n others" when it sent several, "-" when none was kept.</summary>
    public static string UserAgent(AlbKeyCount client) =>
        client.UserAgent is null ? "-" : client.UserAgentCount > 1 ? string.Create(Inv, $"{client.UserAgent} (+ {client.UserAgentCount - 1} {(client.UserAgentCount == 2 ? "other" : "others")})") : client.UserAgent;
}
