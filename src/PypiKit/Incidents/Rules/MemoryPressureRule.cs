using PypiKit.Series;
using static PypiKit.Incidents.RuleMath;

namespace PypiKit.Incidents.Rules;

/// <summary>
/// Host memory pressure: the working set no longer fits in RAM, pages stream to and from swap, tasks block on that I/O
/// (iowait) and requests slow down. Reads vmstat si/so (or sar -W), swap used and available memory (free -m, meminfo,
/// sar -r/-S), iowait while swapping, and how request latency moves with swap-in.
/// </summary>
public sealed class MemoryPressureRule : IDiagnosisRule
{
    public string Id => "memory-pressure";
    public string Title => "host memory pressure (swap)";
    public bool PerHost => true;

    public Verdict Evaluate(IncidentData data)
    {
        var tl = data.Timeline;
        var pro = new List<Evidence>();
        var con = new List<Evidence>();
        var signals = new List<(double Weight, double Value)>();

        var si = tl.Get("vmstat.si") ?? Pages(tl.Find("sar.pswpin/s"), "sar.pswpin/s");
        var so = tl.Get("vmstat.so") ?? Pages(tl.Find("sar.pswpout/s"), "sar.pswpout/s");
        double total = data.HostMemoryMib ?? double.NaN;

        if (si is not null)
        {
            double siMax = Max(si), soMax = Max(so);
            int storming = si.Points.Count(p => p.Value >= 1000);
            signals.Add((0.35, Ramp(siMax, 100, 2000)));
            var ev = new Evidence("swap-in (si) peak", F(siMax, "KiB/s", 0), "storm ≥ 1,000 KiB/s; healthy ≈ 0", si.Name);
            var ev2 = new Evidence("samples with swap-in ≥ 1,000 KiB/s", $"{storming} of {si.Points.Count}", "sustained means the working set does not fit in RAM", si.Name);
            if (siMax >= 100) { pro.Add(ev); pro.Add(ev2); } else con.Add(ev);
            if (ChangePoints.Level(si) is { } cp && cp.After > cp.Before && cp.After >= 100)
                pro.Add(new Evidence("when swapping started (change point of swap-in)", cp.Describe("KiB/s", 0), "a step up in si is when the working set stopped fitting", si.Name));
            if (so is not null)
            {
                var evo = new Evidence("swap-out (so) peak", F(soMax, "KiB/s", 0), "> 500 KiB/s: the kernel is evicting to swap", so.Name);
                (soMax >= 100 ? pro : con).Add(evo);
            }
        }

        var swapUsed = tl.Get("free.swap_used") ?? tl.Get("meminfo.SwapUsed") ?? Kib(tl.Find("sar.kbswpused"));
        if (swapUsed is not null)
        {
            double used = Max(swapUsed);
            double ratio = double.IsNaN(total) ? double.NaN : used / total;
            signals.Add((0.2, double.IsNaN(ratio) ? Ramp(used, 50, 500) : Ramp(ratio, 0.05, 0.5)));
            var ev = new Evidence("swap used (max)", double.IsNaN(ratio) ? F(used, "MiB", 0) : $"{F(used, "MiB", 0)} = {F(ratio * 100, "%", 0)} of {F(total, "MiB", 0)} RAM",
                "> 25 % of RAM in swap", swapUsed.Name);
            (used >= 0.05 * (double.IsNaN(total) ? 1000 : total) ? pro : con).Add(ev);
        }

        var avail = tl.Get("free.available") ?? tl.Get("meminfo.MemAvailable") ?? Kib(tl.Find("sar.kbavail"));
        if (avail is not null && !double.IsNaN(total))
        {
            double min = Min(avail), ratio = min / total;
            signals.Add((0.2, Ramp(ratio, 0.25, 0.05)));
            var ev = new Evidence("available memory (min)", $"{F(min, "MiB", 0)} = {F(ratio * 100, "%", 1)} of {F(total, "MiB", 0)}", "< 10 % of RAM: page cache gone, swapping", avail.Name);
            (ratio < 0.15 ? pro : con).Add(ev);
        }
        if (data.Samples.Free.Count > 0)
        {
            var worst = data.Samples.Free.OrderBy(f => double.IsNaN(f.Available) ? f.Free : f.Available).First();
            pro.Add(new Evidence("free -m at the worst snapshot",
                $"total {F(worst.Total, "", 0)}, used {F(worst.Used, "", 0)}, free {F(worst.Free, "", 0)}, available {F(worst.Available, "", 0)}, swap used {F(worst.SwapUsed, "", 0)} MiB",
                "available ≪ total and swap in use", "free -m " + worst.Time.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));
            if (worst.SwapUsed < 1 && !double.IsNaN(worst.Available) && worst.Available > 0.25 * worst.Total) pro.RemoveAt(pro.Count - 1);
        }

        // iowait while swapping: tasks blocked on swap I/O
        if (data.Samples.Vmstat.Count > 0 && si is not null && si.Name == "vmstat.si")
        {
            var swapping = data.Samples.Vmstat.Where(v => v.SwapIn >= 100).ToArray();
            double waSwap = swapping.Length == 0 ? 0 : swapping.Max(v => v.IoWait);
            double waMin = swapping.Length == 0 ? double.NaN : swapping.Min(v => v.IoWait);
            signals.Add((0.15, Ramp(waSwap, 10, 50)));
            var ev = new Evidence("iowait while swapping in", swapping.Length == 0 ? "no swapping samples" : $"{F(waMin, "", 0)}–{F(waSwap, "%", 0)}",
                "> 20 % with si > 0: processes blocked on swap", "vmstat.wa");
            (waSwap >= 20 ? pro : con).Add(ev);
        }

        var maj = tl.Find("sar.majflt/s");
        if (maj is not null)
        {
            double m = Max(maj);
            (m >= 100 ? pro : con).Add(new Evidence("major page faults (peak)", F(m, "/s", 0), "> 100/s: pages read back from disk", maj.Name));
        }
        var nearLimit = data.Samples.DockerStats.Where(d => d.MemPercent >= 95).Select(d => d.Name).Distinct().ToArray();
        if (nearLimit.Length > 0)
            pro.Add(new Evidence("containers at ≥ 95 % of their memory limit", string.Join(", ", nearLimit), "a container at its limit swaps or is OOM-killed", "docker stats"));

        if (si is not null && tl.Get("alb.latency_p95") is not null)
        {
            var (_, corr) = tl.JoinLatency("alb.latency_p95", [si.Name]);
            if (corr.Count == 1 && !double.IsNaN(corr[0].R))
            {
                signals.Add((0.1, Ramp(corr[0].R, 0.2, 0.7)));
                var ev = new Evidence("correlation of p95 latency with swap-in (per minute)", $"r = {corr[0].R:0.00} over {corr[0].Samples} min",
                    "r > 0.5: requests slow down when the host swaps", "alb.latency_p95 × " + si.Name);
                (corr[0].R >= 0.4 ? pro : con).Add(ev);
            }
        }

        if (signals.Count == 0) return Verdict.NoData(Id, Title, "no vmstat, sar, free -m or meminfo data");
        double score = signals.Sum(s => s.Weight * s.Value) / signals.Sum(s => s.Weight);
        if (si is null) score *= 0.8; // without swap activity, low memory alone is a weaker sign
        var status = Verdict.StatusOf(score);
        string summary = status switch
        {
            VerdictStatus.Likely => "The host ran out of memory and swapped: swap-in/out, little available memory and iowait on swap match the slow requests.",
            VerdictStatus.Possible => "Memory was tight and some swapping happened; it may have contributed.",
            _ => "Memory was not the bottleneck: little or no swapping and enough available memory.",
        };
        return new Verdict(Id, Title, Math.Round(score, 3), status, summary, pro, con);
    }

    private static TimeSeries? Pages(TimeSeries? s, string name) =>
        s is null ? null : new TimeSeries(name, "KiB/s", s.Points.Select(p => p with { Value = p.Value * 4 }).ToArray());

    private static TimeSeries? Kib(TimeSeries? s) =>
        s is null ? null : s with { Unit = "MiB", Points = s.Points.Select(p => p with { Value = p.Value / 1024 }).ToArray() };
}
