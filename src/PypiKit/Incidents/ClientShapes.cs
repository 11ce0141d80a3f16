using PypiKit.Incidents.Parsers;

namespace PypiKit.Incidents;

/// <summary>
/// Tells CI installers from people by what a client IP did, not by what its user agent says (a developer's pip sends
/// the same "pip/25.3" as a runner's). A client IP looks like CI when both hold:
/// <list type="number">
/// <item><b>sustained fan-out</b>: at least <see cref="MinBusyMinutes"/> minutes with <see cref="BusyMinuteRequests"/>
/// or more requests each — one person's <c>pip install</c> is over within a minute or two; CI jobs installing their
/// requirements again and again (several of them behind one NAT address) keep an address busy minute after minute;</item>
/// <item><b>the pip chain</b>: it fetched at least <see cref="MinChain"/> <c>/simple/&lt;project&gt;/</c> pages and
/// <see cref="MinChain"/> <c>/packages/…</c> files, with between <see cref="MinFilesPerPage"/> and
/// <see cref="MaxFilesPerPage"/> downloads per page — resolve, then download, project after project (pip, uv, poetry);
/// a crawler or mirror fetching only pages, or a cache fetching only files, is not an installer.</item>
/// </list>
/// </summary>
public static class ClientShapes
{
    public const int BusyMinuteRequests = 10;
    public const int MinBusyMinutes = 3;
    public const long MinChain = 5;
    public const double MinFilesPerPage = 0.2;
    public const double MaxFilesPerPage = 5;

    /// <summary>The rule in one line, for evidence and reports.</summary>
    public const string Rule = "≥ 3 minutes of ≥ 10 requests and the pip chain (≥ 5 /simple/<p>/ pages and ≥ 5 /packages/ files, 0.2–5 files per page)";

    public static bool HasPipChain(AlbKeyCount client)
    {
        if (client.SimpleProjectRequests < MinChain || client.PackageRequests < MinChain) return false;
        double perPage = (double)client.PackageRequests / client.SimpleProjectRequests;
        return perPage >= MinFilesPerPage && perPage <= MaxFilesPerPage;
    }

    public static bool IsCi(AlbKeyCount client) => client.BusyMinutes >= MinBusyMinutes && HasPipChain(client);
}
