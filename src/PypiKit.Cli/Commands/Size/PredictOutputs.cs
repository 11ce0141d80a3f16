using PypiKit.Probe;
using PypiKit.Sizing;
using PypiKit.Sizing.Model;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary>How <c>size predict</c> prints a calibrated prediction and the reference run read both ways.</summary>
internal static class PredictOutputs
{
    /// <summary>What <c>size predict --calibration --json</c> prints.</summary>
    internal sealed record CalibratedOutput(BurstModelPrediction Prediction, CapacityPlan? Plan, string CalibrationSource, bool CalibrationFitted,
        string CalibrationTarget, string Operation);

    internal static readonly IReadOnlyDictionary<string, string> ModelFlags = new Dictionary<string, string>
    {
        ["concurrency"] = "--concurrency", ["workers"] = "--total-workers", ["vcpus"] = "--vcpus", ["sticky_targets"] = "--sticky-targets",
        ["think_time"] = "--think-time", ["requests_per_client"] = "--requests-per-client", ["pacing"] = "--pacing",
    };

    public static void WriteCalibrated(BurstModelPrediction p, Calibration cal, string operation)
    {
        var t = SizeOutput.KeyValueTable($"Prediction: {p.Clients} clients on {p.Workers} workers sharing {p.Cores} cores ({operation})");
        SizeOutput.Row(t, "throughput while bursting", $"{p.ThroughputRps:0.0} req/s", $"max {p.SaturationThroughputRps:0.0} req/s; limited by {p.Limit.ToString().ToLowerInvariant()}");
        SizeOutput.Row(t, "mean latency", SizeOutput.Seconds(p.MeanLatencySeconds));
        SizeOutput.Row(t, "p50 latency", SizeOutput.Seconds(p.P50LatencySeconds));
        SizeOutput.Row(t, "p95 latency", SizeOutput.Seconds(p.P95LatencySeconds));
        SizeOutput.Row(t, "p99 latency", SizeOutput.Seconds(p.P99LatencySeconds));
        SizeOutput.Row(t, "burst completion", SizeOutput.Seconds(p.BurstCompletionSeconds), $"iteration {SizeOutput.Seconds(p.IterationSeconds)} with pacing");
        SizeOutput.Row(t, "worker utilisation", $"{p.WorkerUtilization * 100:0.#} %");
        SizeOutput.Row(t, "CPU utilisation", $"{p.CpuUtilization * 100:0.#} %", "service CPU part on the serving cores");
        SizeOutput.Row(t, "service time S", $"{p.Demand.MeanSeconds * 1000:0.###} ms", $"CPU {p.Demand.CpuSeconds * 1000:0.###} ms + I/O {p.Demand.IoSeconds * 1000:0.###} ms, CV {p.Demand.Cv:0.00}");
        SizeOutput.Out.Write(t);
        SizeOutput.Out.MarkupLine($"[grey]calibration: {Markup.Escape(cal.Source)}{(cal.Fitted ? " (fitted, not an independent measurement)" : "")}; target {Markup.Escape(cal.Target)}, {cal.MeasuredAt:yyyy-MM-dd HH:mm} UTC, fidelity {Markup.Escape(cal.Fidelity ?? "unknown")}[/]");
        foreach (var f in p.Flags) SizeOutput.Out.MarkupLine($"[yellow]assumption:[/] {Markup.Escape(f)}");
    }

    public static void WriteReading(ReferenceReading r)
    {
        var run = r.Observed.Run;
        var t = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"The reference run read both ways (burst {run.BurstThroughputRps:0.0} req/s from 20 req/s with pacing; p95 {run.MeasuredP95Seconds:0} s; one container at {r.Observed.ContainerCpuPercent:0} % CPU; CV {r.AssumedCv:0.##} assumed)"))
            .AddColumns("", r.EvenlyRouted.Name, r.Sticky.Name);
        void Row(string label, Func<ReferenceHypothesis, string> f) => t.AddRow(Markup.Escape(label), Markup.Escape(f(r.EvenlyRouted)), Markup.Escape(f(r.Sticky)));
        Row("workers / cores serving", h => $"{h.Workers} / {h.Cores}");
        Row("implied S (fitted to the burst throughput)", h => $"{h.ImpliedServiceSeconds * 1000:0} ms");
        Row("predicted p95 (measured 14 s)", h => $"{h.PredictedP95Seconds:0.0} s ({h.P95Error * 100:+0;-0} %)");
        Row("CPU per request implied by 380 %", h => $"{h.ImpliedCpuSecondsPerRequest * 1000:0} ms");
        Row("cores the bursts would need", h => $"{h.ImpliedCoresBusy:0.0} of {r.Observed.Hosts * r.Observed.VcpusPerHost}");
        Row("most CPU one container could show", h => $"{h.MaxContainerCpuPercent:0} %");
        Row("observed CPU possible", h => h.CpuConsistent ? "yes" : "no");
        SizeOutput.Out.Write(t);
        SizeOutput.Out.MarkupLine(Markup.Escape(r.Verdict));
    }
}
