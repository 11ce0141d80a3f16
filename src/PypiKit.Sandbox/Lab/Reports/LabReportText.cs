using System.Globalization;
using PypiKit.Sizing;

namespace PypiKit.Sandbox.Lab.Reports;

/// <summary>The rows and lines the HTML and Markdown lab reports share, written once.</summary>
public static class LabReportText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Title(LabResult lab) =>
        $"Lab: {lab.Settings.Profile} on {lab.Settings.SandboxInstances} sandbox instance(s) × {lab.Settings.WorkersPerInstance} workers" +
        (lab.Cancelled ? " (partial: cancelled)" : "");

    /// <summary>The settings the lab ran with, as (setting, value) rows.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Settings(LabResult lab)
    {
        var s = lab.Settings;
        string F(FormattableString f) => f.ToString(Inv);
        return
        [
            ["burst profile", F($"{s.Profile}, {s.DurationSeconds:0.#} s")],
            ["plan", F($"{lab.Mapping.PlanHosts} × {s.InstanceType}, {s.ContainerMemoryMib:0} MiB containers (reservation {s.ReservationMib:0} MiB), {lab.Mapping.PlanTasksPerHost} task(s) per host, {s.WorkersPerInstance} gunicorn workers")],
            ["sandbox", F($"{s.SandboxInstances} instance(s){(s.InstancesOverridden ? " (--sandbox-instances)" : " (the plan's tasks per host)")} × {s.WorkersPerInstance} workers, {(s.InProcess ? "in this process" : "one child process each")}")],
            ["balancer", s.Sticky ? "sticky (lb_cookie)" : "round robin, no stickiness"],
            ["cookie jar", s.SharedCookieJar ? "shared by every virtual user (reference compatibility)" : "one per virtual user"],
            ["emulated scan latency", F($"{s.ScanLatencyMs:0.##} ms")],
            ["corpus", F($"{lab.CorpusFiles} wheels ({s.Versions} version(s) per project), uploaded in {lab.CorpusUploadSeconds:0.0} s")],
            ["EFS for the credit model", F($"{s.EfsStorageGib:0.##} GiB, {s.EfsMode.ToString().ToLowerInvariant()} mode")],
            ["host sampling", F($"every {s.SampleIntervalSeconds:0.##} s, {lab.Host.Snapshots} snapshots, sampler cost {lab.SamplerCostPercentOfCore:0.###} % of one core")],
            ["machine", F($"{lab.Mapping.MachineCores} cores")],
        ];
    }

    /// <summary>The verdict line of each host signal (memory, swap, pressure, CPU, I/O, EFS).</summary>
    public static IEnumerable<string> SignalLines(LabResult lab) => lab.HostVerdicts.Select(v => $"{v.Signal}: {v.Text}");

    public static string EfsMode(EfsThroughputMode mode) => mode.ToString().ToLowerInvariant();
}
