using System.Globalization;
using PypiKit.Burst;
using PypiKit.Host;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Sandbox.Lab;

/// <summary>
/// What a lab run found, in three lines: the headline (what was served, how fast, how close memory came to the plan's
/// limits), the verdict (whether the plan held on this run, and why not) and the note that tells the run-average
/// throughput from the in-burst rate the model table compares.
/// </summary>
public sealed record LabConclusion(string Headline, string Verdict, bool PlanHeld, string ThroughputNote,
    double? PeakRssMib, double? LowestAvailableMib, double InBurstThroughputRps)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The conclusion of one run (pure: everything it reads is in the arguments).</summary>
    public static LabConclusion Of(BurstResult r, ModelComparison model, HostSamplingResult host, LabPlanMapping m,
        EfsCreditSimulation? efs, EfsThroughputMode efsMode, double efsStorageGib, bool cancelled)
    {
        double? peakRss = host.Processes.Where(p => !p.Rss.IsEmpty).Select(p => p.Rss.Max / Bytes.MiB).DefaultIfEmpty().Max() is var x and > 0 ? x : null;
        double? lowest = host.Host.MemAvailable.IsEmpty ? null : host.Host.MemAvailable.Min / Bytes.MiB;
        long swapPages = host.SwapInPagesTotal + host.SwapOutPagesTotal;
        double inBurst = InBurstThroughput(r);

        string served = F($"{m.SandboxInstances} sandbox instance(s) × {m.WorkersPerInstance} workers served {r.TotalRequests:N0} requests in {r.DurationSeconds:0.0} s at p95 {r.LatencyP95:0.#} ms with {r.ErrorRate * 100:0.##} % errors");
        string memory = peakRss is { } rss ? F($"peak instance RSS {rss / m.HardLimitMib * 100:0} % of the {m.HardLimitMib:0} MiB hard limit") : "instance RSS not sampled";
        string swap = host.Host.SwapIn.IsEmpty && host.Host.SwapOut.IsEmpty ? "swap not sampled" : swapPages == 0 ? "no swap activity" : F($"{swapPages:N0} pages swapped");
        string credits = Credits(efs, efsMode, efsStorageGib);
        string headline = (cancelled ? "Partial run (cancelled): " : "") + $"{served}; {memory}; {swap}; {credits}.";

        var misses = new List<string>();
        if (!r.ThresholdsPassed) misses.Add("a burst threshold was breached (" + string.Join(", ", r.Thresholds.Where(t => !t.Passed && t.Severity != "warn").Select(t => t.Expression)) + ")");
        if (peakRss is { } p && p > m.HardLimitMib) misses.Add(F($"an instance's RSS ({p:0} MiB) rose above the {m.HardLimitMib:0} MiB hard limit: ECS would have stopped that task"));
        if (lowest is { } low && low < m.HostBudgetMib) misses.Add(F($"host memory available fell to {low:0} MiB, below the plan's {m.HostBudgetMib:0} MiB page-cache and system budget"));
        if (swapPages > 0) misses.Add(F($"the host swapped ({swapPages:N0} pages)"));
        if (efs?.DepletedAt is not null) misses.Add("EFS burst credits would run out");
        bool held = misses.Count == 0;
        string scope = cancelled ? "for the part that ran, " : "";
        string verdict = held
            ? $"Verdict: {scope}the plan held on this run — thresholds passed, " +
              (peakRss is { } ok ? F($"RSS stayed under the hard limit ({ok:0} of {m.HardLimitMib:0} MiB)") : "RSS not sampled") +
              (lowest is { } l ? F($", host memory stayed above the {m.HostBudgetMib:0} MiB budget (lowest {l:0} MiB)") : "") +
              (swapPages == 0 ? ", no swap" : "") + "."
            : $"Verdict: {scope}the plan did not hold on this run: {string.Join("; ", misses)}.";

        var levels = model.Levels;
        string table = levels.Count == 0 ? "" :
            F($" The model table's measured req/s ({levels.Min(l => l.MeasuredThroughputRps):0.#}–{levels.Max(l => l.MeasuredThroughputRps):0.#}) is taken inside the bursts at each concurrency level, where it belongs.");
        string note = F($"Run-average throughput ({r.RequestsPerSecond:0.##} req/s) is every request divided by the whole {r.DurationSeconds:0.0} s run, the quiet time between bursts included; ") +
                      (r.Bursts.Any(b => b.IsBurst)
                          ? F($"inside the burst windows the instances completed {inBurst:0.#} req/s (burst requests over the bursts' completion times).")
                          : "this profile has no burst windows, so there is no in-burst rate.") + table;
        return new LabConclusion(headline, verdict, held, note, peakRss, lowest, inBurst);
    }

    /// <summary>Requests of the burst iterations over the sum of their completion times (0 without bursts).</summary>
    public static double InBurstThroughput(BurstResult r)
    {
        var bursts = r.Bursts.Where(b => b.IsBurst && b.CompletionSeconds > 0).ToArray();
        double seconds = bursts.Sum(b => b.CompletionSeconds);
        return seconds > 0 ? bursts.Sum(b => b.Requests) / seconds : 0;
    }

    private static string Credits(EfsCreditSimulation? efs, EfsThroughputMode mode, double gib)
    {
        if (mode != EfsThroughputMode.Bursting) return F($"EFS in {mode.ToString().ToLowerInvariant()} mode has no burst credits");
        if (efs is null) return "EFS credits not simulated (no instance I/O sampled)";
        double start = efs.StartingCredits.Value;
        double fall = start > 0 ? (start - efs.MinimumCredits.Value) / start * 100 : 0;
        return fall <= 0 ? F($"EFS credits would not fall at {gib:0.##} GiB bursting")
            : F($"EFS credits would fall {(fall < 0.001 ? "< 0.001" : fall.ToString("0.###", Inv))} % at {gib:0.##} GiB bursting");
    }

    private static string F(FormattableString s) => s.ToString(Inv);
}
