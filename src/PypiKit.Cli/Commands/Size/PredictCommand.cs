using System.CommandLine;
using PypiKit.Probe;
using PypiKit.Sizing;
using PypiKit.Sizing.Model;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary><c>pypikit size predict</c>: the closed queueing model's throughput and latency for a burst.</summary>
internal static class PredictCommand
{
    /// <summary>What <c>size predict --json</c> prints.</summary>
    internal sealed record PredictOutput(LatencyPrediction Prediction, CapacityPlan? Plan, LatencyCalibrationResult Calibration,
        LatencyCalibrationResult TransientCheck);

    public static Command Build()
    {
        var cmd = new Command("predict",
            "Predict throughput (req/s) and mean/p95/p99 latency (seconds) of a burst of N concurrent clients with a closed " +
            "queueing model (exact solution; K = tasks × gunicorn workers servers). The service time is calibrated on the " +
            "reference run (2 × c6a.xlarge, 48 workers, 510 clients: 20 req/s, p95 14 s); the calibration and its error are printed. " +
            "Defaults reproduce the reference run.\n" +
            "Example: pypikit size predict --concurrency 510 --instance c6a.xlarge --instances 2 --container-memory 512");
        var o = new SizeOptions(defaultInstance: "c6a.xlarge");
        o.AddTo(cmd);
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Concurrent clients N (510 = the reference burst).", DefaultValueFactory = _ => 510 };
        var totalWorkers = new Option<int?>("--total-workers") { Description = "Total gunicorn workers K, bypassing the capacity plan (count)." };
        var service = new Option<double?>("--service-time") { Description = $"Mean service time per request per worker, seconds (default {LatencyCalibration.ReferenceServiceTimeSeconds}, calibrated)." };
        var think = new Option<double>("--think-time") { Description = "Mean pause between a client's requests, seconds (default 0: back-to-back, a burst)." };
        var calibration = new Option<FileInfo?>("--calibration") { Description = "Calibration file from 'pypikit probe': predict with the measured demand (CPU/I-O split, CV) and the limits model (workers, cores, stickiness)." };
        var operation = new Option<string>("--operation") { Description = "Operation of the calibration to predict: pip_chain (redirect, listing, download mixed), listing, index, download, upload, redirect.", DefaultValueFactory = _ => ProbeOperations.PipChain };
        var sticky = new Option<int?>("--sticky-targets") { Description = "With --calibration: clients pinned to this many tasks (1 = one shared lb_cookie jar); default: even routing." };
        var vcpus = new Option<int?>("--vcpus") { Description = "With --calibration and --total-workers: cores the workers share (default: no CPU cap, one per worker)." };
        var perClient = new Option<int>("--requests-per-client") { Description = "With --calibration: sequential requests per client in one burst (the pip chain: 3), for the completion time.", DefaultValueFactory = _ => 3 };
        var pacing = new Option<double>("--pacing") { Description = "With --calibration: target iteration length, seconds (the reference harness: 10); 0 = none." };
        var clientCpu = new Option<bool>("--client-cpu") { Description = "With --calibration: add the probing process's CPU per request to the server's (load generator on the same host, as in the lab)." };
        var reference = new Option<bool>("--reference") { Description = "Read the reference run both ways (48 workers evenly routed vs one sticky task of 4) and say which fits." };
        var json = SizeOptions.Json();
        foreach (var opt in new Option[] { concurrency, totalWorkers, service, think, calibration, operation, sticky, vcpus, perClient, pacing, clientCpu, reference, json }) cmd.Options.Add(opt);

        cmd.SetAction(r =>
        {
            if (r.GetValue(reference))
            {
                var reading = ReferenceReadings.Read();
                if (r.GetValue(json)) SizeOutput.WriteJson(reading); else PredictOutputs.WriteReading(reading);
                return 0;
            }
            if (r.GetValue(calibration) is { } file)
            {
                if (r.GetValue(service) is not null) throw new InvalidInputException("--service-time", "--service-time: give either --service-time or --calibration, not both");
                var measured = FlagErrors.Named(new Dictionary<string, string> { ["calibration"] = "--calibration" }, () => CalibrationFile.Read(file.FullName));
                var demand = FlagErrors.Named(new Dictionary<string, string> { ["operation"] = "--operation" }, () => measured.Demand(r.GetValue(operation)!, r.GetValue(clientCpu)));
                BurstModelInputs inputs;
                CapacityPlan? p = null;
                if (r.GetValue(totalWorkers) is { } k1)
                    inputs = new BurstModelInputs { Clients = r.GetValue(concurrency), Tasks = 1, WorkersPerTask = k1, VcpusPerHost = r.GetValue(vcpus) ?? Math.Max(1, k1), Demand = demand };
                else
                {
                    p = FlagErrors.Named(FlagErrors.Sizing, () => CapacityPlanner.Plan(o.InputsFrom(r), o.CatalogFrom(r)));
                    if (p.ActualTaskMinCount < 1) throw new InvalidInputException("--instances", "--instances: the plan has no workers (0 tasks): give --instances >= 1 or --total-workers");
                    inputs = BurstModelInputs.FromPlan(p, r.GetValue(concurrency), demand);
                }
                inputs = inputs with
                {
                    ThinkTimeSeconds = r.GetValue(think),
                    StickyTargets = r.GetValue(sticky),
                    RequestsPerClient = r.GetValue(perClient),
                    PacingSeconds = r.GetValue(pacing),
                };
                var burst = FlagErrors.Named(PredictOutputs.ModelFlags, () => BurstModel.Predict(inputs));
                if (r.GetValue(json)) SizeOutput.WriteJson(new PredictOutputs.CalibratedOutput(burst, p, measured.Source, measured.Fitted, measured.Target, r.GetValue(operation)!));
                else PredictOutputs.WriteCalibrated(burst, measured, r.GetValue(operation)!);
                return 0;
            }
            CapacityPlan? plan = null;
            int k;
            if (r.GetValue(totalWorkers) is { } tw) k = tw;
            else
            {
                plan = CapacityPlanner.Plan(o.InputsFrom(r), o.CatalogFrom(r));
                k = plan.TotalWorkersAtMin;
                if (k < 1) throw new InvalidInputException("instances", "the plan has no workers (0 tasks): give --instances >= 1 or --total-workers");
            }
            var prediction = LatencyModel.Predict(new LatencyModelInputs
            {
                Workers = k,
                Clients = r.GetValue(concurrency),
                ServiceTimeSeconds = r.GetValue(service) ?? LatencyCalibration.ReferenceServiceTimeSeconds,
                ThinkTimeSeconds = r.GetValue(think),
            });
            var cal = LatencyCalibration.Reference;
            var transient = LatencyCalibration.Calibrate(ReferenceRun.Default, CalibrationMethod.BurstTransient);
            if (r.GetValue(json)) { SizeOutput.WriteJson(new PredictOutput(prediction, plan, cal, transient)); return 0; }

            var t = SizeOutput.KeyValueTable(plan is null
                ? $"Prediction: {prediction.Clients} clients, {k} workers"
                : $"Prediction: {prediction.Clients} clients on {plan.AsgInstanceCount} × {plan.InstanceType} ({plan.ActualTaskMinCount} tasks × {plan.GunicornWorkersPerContainer} workers = {k})");
            SizeOutput.Row(t, "throughput", $"{prediction.ThroughputRps:0.0} req/s", $"max {prediction.SaturationThroughputRps:0.0} req/s (K / S)");
            SizeOutput.Row(t, "mean latency", SizeOutput.Seconds(prediction.MeanLatencySeconds));
            SizeOutput.Row(t, "p50 latency", SizeOutput.Seconds(prediction.P50LatencySeconds));
            SizeOutput.Row(t, "p95 latency", SizeOutput.Seconds(prediction.P95LatencySeconds));
            SizeOutput.Row(t, "p99 latency", SizeOutput.Seconds(prediction.P99LatencySeconds));
            SizeOutput.Row(t, "worker utilisation", $"{prediction.Utilization * 100:0.#} %");
            SizeOutput.Row(t, "requests waiting", $"{prediction.MeanQueueLength:0.#}", "mean, not in service");
            SizeOutput.Row(t, "service time S", SizeOutput.Seconds(prediction.ServiceTimeSeconds), "per request per worker");
            SizeOutput.Row(t, "think time Z", SizeOutput.Seconds(prediction.ThinkTimeSeconds));
            SizeOutput.Out.Write(t);

            var c = SizeOutput.KeyValueTable("Service time fitted to the reference run (2 × c6a.xlarge, 48 workers, 510 clients)");
            SizeOutput.Row(c, "service time S", SizeOutput.Seconds(cal.ServiceTimeSeconds), $"fitted to {cal.Run.BurstThroughputRps:0.0} req/s while bursting");
            SizeOutput.Row(c, "throughput (run average)", $"{cal.PredictedThroughputRps:0.0} req/s", $"measured {cal.Run.MeasuredThroughputRps:0} req/s, error {cal.ThroughputError * 100:+0.0;-0.0;0.0} % (fitted)");
            SizeOutput.Row(c, "p95 latency", SizeOutput.Seconds(cal.PredictedP95Seconds), $"measured {cal.Run.MeasuredP95Seconds:0} s, error {cal.P95Error * 100:+0.0;-0.0;0.0} %");
            SizeOutput.Row(c, "transient check: S", SizeOutput.Seconds(transient.ServiceTimeSeconds), "simulated bursts (510 × 3 requests) fitted to the burst window");
            SizeOutput.Row(c, "transient check: p95", SizeOutput.Seconds(transient.PredictedP95Seconds), $"measured {cal.Run.MeasuredP95Seconds:0} s, error {transient.P95Error * 100:+0.0;-0.0;0.0} %");
            SizeOutput.Out.Write(c);
            SizeOutput.Out.MarkupLine("[grey]Model: N clients, one FCFS station of K workers with exponential service, exact product-form solution; assumes even routing, steady state, no errors or timeouts.[/]");
            return 0;
        });
        return cmd;
    }
}
