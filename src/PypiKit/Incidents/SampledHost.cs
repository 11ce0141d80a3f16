using PypiKit.Host;
using PypiKit.Incidents.Parsers;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>
/// PypiKit's own host samples (<see cref="HostSamplingResult"/>, taken beside a sandbox burst) on the names the incident
/// rules read. They are the kernel counters the capture tools print: vmstat's si/so come from /proc/vmstat
/// pswpin/pswpout and its wa from /proc/stat, so the series are <c>vmstat.si</c>/<c>vmstat.so</c> (KiB/s) and
/// <c>vmstat.wa</c> (%); available memory and swap used are /proc/meminfo's, <c>meminfo.MemAvailable</c> and
/// <c>meminfo.SwapUsed</c> (MiB); CPU busy is <c>host.CPUUtilization</c> (%).
/// </summary>
internal static class SampledHost
{
    /// <summary>Page size of the swap counters (pages in /proc/vmstat; 4 KiB on x86-64 and arm64 Linux as AWS runs them).</summary>
    private const double KibPerPage = 4;

    private const double BytesPerMib = 1024 * 1024;

    /// <summary>The host sampler's ticks as vmstat rows (si, so in KiB/s; wa in %), so the memory rule can read iowait while swapping.</summary>
    public static IEnumerable<VmstatSample> Vmstat(HostSamplingResult host)
    {
        var h = host.Host;
        var rows = new SortedDictionary<DateTimeOffset, Dictionary<string, double>>();
        void Put(TimeSeries s, string column, double scale)
        {
            foreach (var p in s.Points)
                (rows.TryGetValue(p.Time, out var r) ? r : rows[p.Time] = new Dictionary<string, double>(StringComparer.Ordinal))[column] = p.Value * scale;
        }
        Put(h.SwapIn, "si", KibPerPage);
        Put(h.SwapOut, "so", KibPerPage);
        Put(h.CpuIowait, "wa", 1);
        return rows.Select(r => new VmstatSample(r.Key, r.Value));
    }

    /// <summary>The host's series: the vmstat columns of <see cref="Vmstat"/>, meminfo's available memory and swap used, and CPU busy.</summary>
    public static IEnumerable<TimeSeries> Series(HostSamplingResult host)
    {
        var h = host.Host;
        static TimeSeries Mib(string name, TimeSeries s) => new(name, "MiB", s.Points.Select(p => p with { Value = p.Value / BytesPerMib }).ToArray());
        return
        [
            .. VmstatParser.ToSeries(Vmstat(host).ToArray()),
            Mib("meminfo.MemAvailable", h.MemAvailable),
            Mib("meminfo.SwapUsed", h.SwapUsed),
            new("host.CPUUtilization", "Percent", h.CpuBusy.Points),
        ];
    }
}
