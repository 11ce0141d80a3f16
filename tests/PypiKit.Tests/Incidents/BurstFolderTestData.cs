using PypiKit.Burst;
using PypiKit.Tests.Burst;
using PypiKit.Host;
using PypiKit.Series;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// Burst results built from seeded tallies (the way the engine fills them) and host samples shaped like a run on a host
/// that starts swapping halfway, written into report folders with the library's own writers.
/// </summary>
internal static class BurstFolderTestData
{
    public const long Highest = 60_000_000;

    /// <summary>
    /// A result of <paramref name="seconds"/> seconds at <paramref name="perSecond"/> requests/s over two targets: the
    /// second half is ten times slower, every <paramref name="failEvery"/>th request fails with a 503 (0: none).
    /// </summary>
    public static BurstResult Result(DateTimeOffset start, int seconds = 20, int perSecond = 50, int failEvery = 0, HostSamplingResult? host = null,
        string[]? targets = null)
    {
        var tally = new BurstTally { Total = new OutcomeTally(Highest) };
        var random = new Random(7);
        targets ??= ["127.0.0.1:18081", "127.0.0.1:18082"];
        for (var i = 0; i < seconds * perSecond; i++)
        {
            var second = i / perSecond;
            var slow = second >= seconds / 2 ? 10 : 1;
            var micros = (long)((20_000 + random.Next(10_000)) * slow);
            var ok = failEvery == 0 || i % failEvery != 0;
            var unix = start.ToUnixTimeSeconds() + second;
            foreach (var t in new[] { tally.Total, Get(tally.Operations, "simple_page"), Get(tally.Targets, targets[i % targets.Length]), Get(tally.Seconds, unix) })
                SeededOutcomes.Record(t, micros, micros, 0, ok);
        }
        var profile = new BurstProfile
        {
            Name = "folder-test", Executor = ExecutorKind.ConstantArrivalRate, Rate = perSecond, Connections = 8, DurationSeconds = seconds,
            Mix = WorkloadMix.GetOnly, Path = "/simple/",
        };
        var result = BurstResultBuilder.Build(tally, "folder-test", "http://127.0.0.1:18080/",
            new BurstSettings("constant_arrival_rate", profile, 30, false, "1/1", 1, 10_000, 64, "X-PypiKit-Instance"),
            start, start.AddSeconds(seconds), StopReasons.Completed, [], [], []);
        return result with { Host = host };
    }

    /// <summary>
    /// Host samples, one per second: healthy for the first half, then swapping (<paramref name="swapInPages"/> pages/s in,
    /// half that out), swap used climbing to <paramref name="swapUsedMib"/>, and with swap-in, available memory down to 60 MiB
    /// and iowait at 45 %.
    /// </summary>
    public static HostSamplingResult SwappingHost(DateTimeOffset start, int seconds = 20, double swapInPages = 800, double swapUsedMib = 700)
    {
        const double mib = 1024 * 1024;
        TimeSeries S(string name, string unit, Func<int, bool, double> f) =>
            new(name, unit, Enumerable.Range(0, seconds).Select(i => new TimePoint(start.AddSeconds(i), f(i, i >= seconds / 2))).ToArray());
        var host = new HostSeries
        {
            MemAvailable = S("host memory available", "Bytes", (_, swapping) => (swapping && swapInPages > 0 ? 60 : 1_500) * mib),
            SwapUsed = S("host swap used", "Bytes", (i, swapping) => swapping ? swapUsedMib * mib * (i + 1) / seconds : 0),
            SwapIn = S("host swap in", "Pages/Second", (_, swapping) => swapping ? swapInPages : 0),
            SwapOut = S("host swap out", "Pages/Second", (_, swapping) => swapping ? swapInPages / 2 : 0),
            PressureSomeAvg10 = S("psi some", "Percent", (_, swapping) => swapping ? 40 : 0),
            PressureFullAvg10 = S("psi full", "Percent", (_, swapping) => swapping ? 20 : 0),
            PressureSomeStall = S("psi some stall", "Percent", (_, swapping) => swapping ? 40 : 0),
            PressureFullStall = S("psi full stall", "Percent", (_, swapping) => swapping ? 20 : 0),
            CpuBusy = S("host CPU busy", "Percent", (_, _) => 30),
            CpuIowait = S("host CPU iowait", "Percent", (_, swapping) => swapping && swapInPages > 0 ? 45 : 2),
        };
        return new HostSamplingResult
        {
            Start = start, End = start.AddSeconds(seconds), Snapshots = seconds, Host = host,
            SwapInPagesTotal = (long)(swapInPages * seconds / 2), SwapOutPagesTotal = (long)(swapInPages * seconds / 4), Processes = [], Unavailable = [],
        };
    }

    /// <summary>Writes the result's JSON and interval log as <c>pypikit burst</c> names them; returns the JSON's path.</summary>
    public static string Write(BurstResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"burst_{result.Profile}_{result.StartTime.UtcDateTime:yyyyMMdd_HHmmss}");
        JsonBurstReport.Write(result, stem + JsonBurstReport.Extension);
        HlogBurstReport.Write(result, stem + HlogBurstReport.Extension);
        return stem + JsonBurstReport.Extension;
    }

    private static OutcomeTally Get<TKey>(SortedDictionary<TKey, OutcomeTally> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var t)) map[key] = t = new OutcomeTally(Highest);
        return t;
    }
}
