using System.Globalization;
using PypiKit.Burst;
using PypiKit.Packages;
using PypiKit.Probe;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sizing.Model;

namespace PypiKit.Sandbox.Validation;

/// <summary>
/// Out-of-sample validation of <see cref="BurstModel"/> on this machine. For each regime: start a sandbox cluster,
/// upload one project, probe the listing at concurrency 1 (<see cref="ProbeRunner"/>), predict every level from that
/// calibration alone, then measure closed-loop bursts (N clients sending the listing request back to back) at each
/// level. Nothing is fitted to the bursts: the only inputs are the probe's demand, the worker count and the cores.
/// </summary>
public static class ModelValidation
{
    public const string Project = "test-package-000";

    public static async Task<ValidationReport> RunAsync(ValidationOptions options, IProgress<ValidationProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        var started = DateTimeOffset.UtcNow;
        var rows = new List<ValidationRow>();
        var calibrations = new List<RegimeCalibration>();
        try
        {
            foreach (var regime in options.Regimes)
            {
                progress?.Report(new ValidationProgress(regime.Name, $"starting {options.Instances} instance(s) × {options.WorkersPerInstance} workers"));
                await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions
                {
                    Instances = options.Instances,
                    Workers = options.WorkersPerInstance,
                    ScanLatencyMs = regime.ScanLatencyMs,
                    Fidelity = regime.Fidelity,
                    ListingCache = regime.ListingCache,
                    Hosting = options.Hosting,
                    ChildCommand = options.ChildCommand,
                    Balancer = new BalancerOptions(),
                }, ct);
                using (var upload = cluster.CreateUploadClient())
                    foreach (var version in new[] { "1.0.0", "1.1.0", "2.0.0" })
                    {
                        var wheel = WheelBuilder.Build(new WheelSpec(Project, version));
                        var r = await upload.UploadAsync(wheel.FileName, wheel.Content, ct: ct);
                        if (!r.Success && !r.AlreadyExists) throw new IOException($"upload of {wheel.FileName} failed: HTTP {r.StatusCode}");
                    }

                progress?.Report(new ValidationProgress(regime.Name, "probing at concurrency 1"));
                bool inProcess = options.Hosting == InstanceHosting.InProcess;
                var pids = inProcess ? [Environment.ProcessId] : cluster.Instances.Select(i => i.ProcessId ?? 0).Where(p => p > 0).ToList();
                var others = OtherProcessesCpu.Start(inProcess ? [Environment.ProcessId] : [Environment.ProcessId, .. pids]);
                var calibration = await ProbeRunner.RunAsync(new ProbeOptions
                {
                    Target = new Uri(cluster.Url),
                    User = cluster.Credentials?.User,
                    Password = cluster.Credentials?.Password,
                    Project = Project,
                    Repetitions = options.ProbeRepetitions,
                    Warmup = options.ProbeWarmup,
                    ServerProcessIds = pids,
                }, null, ct);
                double? otherCores = others.StopCores();
                // The balancer and the load generator run on the same cores as the instances: their CPU counts against the
                // cores too (in-process, the server figure already holds it).
                var demand = calibration.Demand(ProbeOperations.Listing, includeClientCpu: !inProcess);
                var baseInputs = new BurstModelInputs
                {
                    Clients = 1, Tasks = options.Instances, WorkersPerTask = options.WorkersPerInstance, Hosts = 1, VcpusPerHost = options.Vcpus, Demand = demand,
                };
                calibrations.Add(new RegimeCalibration(regime.Name, calibration, demand, baseInputs.ServingWorkers, baseInputs.ServingCores) { OtherProcessesCores = otherCores });

                var path = "/simple/" + Project + "/";
                foreach (var clients in options.Levels)
                {
                    var prediction = BurstModel.Predict(baseInputs with { Clients = clients });
                    progress?.Report(new ValidationProgress(regime.Name, $"{clients} clients: predicted {prediction.ThroughputRps:0.#} req/s, p95 {prediction.P95LatencySeconds * 1000:0.#} ms; measuring"));
                    if (options.WarmupSeconds > 0) await BurstAsync(cluster, clients, path, options.WarmupSeconds, ct);
                    var measured = await BurstAsync(cluster, clients, path, options.LevelSeconds, ct);
                    ct.ThrowIfCancellationRequested(); // a level cut short is not a measurement: it is left out
                    long timeouts = measured.ErrorClasses.Where(e => e.Key.Contains("timeout", StringComparison.OrdinalIgnoreCase)).Sum(e => e.Value);
                    var flags = prediction.Flags.ToList();
                    if (otherCores > OtherProcessesCpu.NoticeableCores)
                        flags.Add($"other processes used {otherCores:0.##} of {options.Vcpus} cores while probing: the probe's wall time holds their run-queue waits and the cores are not this service's alone, as the model assumes");
                    if (measured.FailedRequests > 0) flags.Add($"{measured.FailedRequests} failed request(s){(timeouts > 0 ? $", {timeouts} timeout(s)" : "")}: the model assumes none");
                    rows.Add(new ValidationRow
                    {
                        Regime = regime.Name,
                        Clients = clients,
                        PredictedThroughputRps = Math.Round(prediction.ThroughputRps, 2),
                        MeasuredThroughputRps = Math.Round(measured.RequestsPerSecond, 2),
                        PredictedP95Ms = Math.Round(prediction.P95LatencySeconds * 1000, 2),
                        MeasuredP95Ms = measured.LatencyP95,
                        Requests = measured.TotalRequests,
                        Errors = measured.FailedRequests,
                        Limit = prediction.Limit,
                        LoadAverage = LoadAverage(),
                        AllowedError = regime.AllowedError,
                        Flags = flags,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && rows.Count > 0)
        {
            // what ran is kept: the levels measured before the cancellation, marked so
            return new ValidationReport(started, calibrations, rows, "cancelled after " + rows.Count + " level(s); " + ValidationReport.VerdictOf(rows)) { Cancelled = true };
        }
        return new ValidationReport(started, calibrations, rows, ValidationReport.VerdictOf(rows));
    }

    private static Task<BurstResult> BurstAsync(SandboxCluster cluster, int clients, string path, double seconds, CancellationToken ct) =>
        BurstRunner.RunAsync(new BurstOptions
        {
            Target = new Uri(cluster.Url),
            Profile = new BurstProfile
            {
                Name = $"validate-{clients}",
                Executor = ExecutorKind.ConstantVus,
                Connections = clients,
                Mix = WorkloadMix.GetOnly,
                Path = path,
                DurationSeconds = seconds,
            },
            User = cluster.Credentials?.User,
            Password = cluster.Credentials?.Password,
        }, null, ct);

    /// <summary>The 1-minute load average from /proc/loadavg (NaN where there is none).</summary>
    public static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException) { return double.NaN; }
    }
}
