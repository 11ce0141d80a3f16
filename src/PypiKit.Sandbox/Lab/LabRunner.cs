using System.Diagnostics;
using PypiKit.Burst;
using PypiKit.Host;
using PypiKit.Packages;
using PypiKit.Probe;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Lab.Reports;
using PypiKit.Sandbox.Validation;
using PypiKit.Sizing.Model;
using PypiKit.Units;

namespace PypiKit.Sandbox.Lab;

/// <summary>
/// The lab workflow: start a sandbox cluster sized by the plan (<see cref="LabPlanMapping"/>), upload the corpus,
/// sample the host and every instance (<see cref="BackgroundHostSampler"/>) while a burst profile runs, then write the
/// lab report (<see cref="LabReportFiles"/>) and stop the cluster.
/// <para>
/// Cancellation: before the burst, the run stops, the cluster stops its children and removes its temporary folder,
/// nothing is written and <see cref="OperationCanceledException"/> is thrown; during the burst, the burst ends, the
/// report of what ran is written with <see cref="LabResult.Cancelled"/> set, and the cluster is stopped likewise. On a
/// failure the same cleanup runs before the exception leaves.
/// </para>
/// </summary>
public static class LabRunner
{
    public static async Task<LabResult> RunAsync(LabOptions options, IProgress<LabProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var mapping = LabPlanMapping.From(options.Plan, options.SandboxInstances, Environment.ProcessorCount);
        var hosting = options.InProcess ? InstanceHosting.InProcess : InstanceHosting.ChildProcess;
        var cluster = new SandboxClusterOptions
        {
            Instances = mapping.SandboxInstances,
            Workers = mapping.WorkersPerInstance,
            ScanLatencyMs = options.ScanLatencyMs,
            Hosting = hosting,
            ChildCommand = options.InProcess ? [] : options.ChildCommand,
            Balancer = new BalancerOptions { Stickiness = options.Sticky },
        };
        progress?.Report(new(LabStage.StartingCluster, $"starting {mapping.SandboxInstances} sandbox instance(s) × {mapping.WorkersPerInstance} workers" +
                                                        (options.Sticky ? ", sticky balancer" : "")));
        BurstResult burst;
        HostSamplingResult host;
        CorpusResult corpus;
        Calibration calibration;
        BalancerStats balancer;
        var uploadClock = Stopwatch.StartNew();
        await using (var running = await SandboxCluster.StartAsync(cluster, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(new(LabStage.StartingCluster, $"cluster at {running.Url}"));
            var pids = running.Instances.Select(i => i.ProcessId ?? Environment.ProcessId).Distinct().ToArray();
            // sampling starts before the upload: the corpus's writes are EFS traffic too
            var sampling = BackgroundHostSampler.Start(new HostSamplerOptions { Pids = pids, Interval = options.SampleInterval, ProcRoot = options.ProcRoot });
            try
            {
                corpus = await UploadCorpusAsync(options, running, progress, cancellationToken).ConfigureAwait(false);
                uploadClock.Stop();
                progress?.Report(new(LabStage.UploadingCorpus, $"uploaded {corpus.Files.Count} wheels in {uploadClock.Elapsed.TotalSeconds:0.0} s"));
                cancellationToken.ThrowIfCancellationRequested();
                // The model's only input about cost: this cluster probed at concurrency 1 before the burst it predicts.
                progress?.Report(new(LabStage.Probing, "probing the cluster at concurrency 1 (the model's demand, measured before the burst)"));
                calibration = await ProbeRunner.RunAsync(new ProbeOptions
                {
                    Target = new Uri(running.Url),
                    User = running.Credentials?.User,
                    Password = running.Credentials?.Password,
                    Warmup = options.ProbeWarmup,
                    Repetitions = options.ProbeRepetitions,
                    ServerProcessIds = pids, // in-process: this process, whose CPU holds the client's and balancer's too
                }, null, cancellationToken).ConfigureAwait(false);
                var burstOptions = new BurstOptions
                {
                    Target = new Uri(running.Url),
                    Profile = options.Profile,
                    User = running.Credentials?.User,
                    Password = running.Credentials?.Password,
                    SharedCookieJar = options.SharedCookieJar,
                    DurationSeconds = options.DurationSeconds,
                };
                progress?.Report(new(LabStage.Burst, $"burst {options.Profile.Name} → {running.Url}"));
                burst = await BurstRunner.RunAsync(burstOptions, new Progress<BurstProgress>(p => progress?.Report(new(LabStage.Burst, p.Phase, Burst: p))),
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                host = await sampling.StopAsync().ConfigureAwait(false);
                await sampling.DisposeAsync().ConfigureAwait(false);
            }
            balancer = running.GetStats();
        }

        bool cancelled = burst.StopReason == StopReasons.Cancelled || cancellationToken.IsCancellationRequested;
        var model = BurstModelComparison.Compare(burst, ModelInputs(options, mapping, calibration), $"probe of this cluster before the burst ({calibration.Source})", excludeWarmUp: true);
        ValidationReport? validation = null;
        if (options.Validation is { } v && !cancelled)
        {
            try
            {
                validation = await ModelValidation.RunAsync(v with { Hosting = hosting, ChildCommand = options.InProcess ? [] : options.ChildCommand },
                    new Progress<ValidationProgress>(p => progress?.Report(new(LabStage.Validating, $"{p.Regime}: {p.Step}"))), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { cancelled = true; }
            if (validation?.Cancelled == true) cancelled = true;
        }
        var figures = mapping.Figures(options.EfsMode, options.EfsStorageGib);
        var efs = figures.EfsBurstingStorage is { } storage ? HostEfs.Simulate(host, storage) : null;
        double runSeconds = host.Start is { } t0 && host.End is { } t1 ? (t1 - t0).TotalSeconds : 0;
        var result = new LabResult
        {
            Folder = Path.Combine(options.OutDirectory, $"lab_{burst.StartTime.UtcDateTime:yyyyMMdd_HHmmss}"),
            Settings = new LabSettings(options.Profile.Name, options.DurationSeconds ?? options.Profile.DurationSeconds, mapping.SandboxInstances,
                mapping.WorkersPerInstance, mapping.InstancesOverridden, options.Plan.InstanceType, mapping.HardLimitMib, mapping.ReservationMib,
                options.Sticky, options.SharedCookieJar, options.ScanLatencyMs, options.Versions, options.InProcess, options.EfsStorageGib,
                options.EfsMode, options.SampleInterval.TotalSeconds),
            Mapping = mapping,
            Plan = options.Plan,
            Cancelled = cancelled,
            Conclusion = LabConclusion.Of(burst, model, host, mapping, efs, options.EfsMode, options.EfsStorageGib, cancelled),
            CorpusFiles = corpus.Files.Count,
            CorpusUploadSeconds = Math.Round(uploadClock.Elapsed.TotalSeconds, 3),
            MeasuredThroughputRps = burst.RequestsPerSecond,
            MeasuredP95Ms = burst.LatencyP95,
            Model = model,
            Calibration = calibration,
            Validation = validation,
            Balancer = balancer,
            HostVerdicts = Host.HostVerdicts.Of(host, figures),
            Host = host,
            Efs = efs,
            SamplerCostPercentOfCore = runSeconds > 0 ? Math.Round((host.SamplerCpuSeconds ?? host.SamplerBusySeconds) / runSeconds * 100, 4) : 0,
            Burst = burst,
        };
        progress?.Report(new(LabStage.WritingReport, $"writing {result.Folder}"));
        // the report of what ran is written even after a cancellation, so its own work is not cancellable
        var files = await LabReportFiles.WriteAsync(result, CancellationToken.None).ConfigureAwait(false);
        progress?.Report(new(LabStage.Done, "the clusters are stopped"));
        return result with { Files = files };
    }

    /// <summary>
    /// The burst model for this lab: the cluster's workers on this machine's cores (the load generator and balancer share
    /// them, so their CPU per request counts where the probe could see the instances apart), every client pinned to one
    /// target when stickiness and a shared cookie jar are both on, and the pip chain's demand from the probe.
    /// </summary>
    public static BurstModelInputs ModelInputs(LabOptions options, LabPlanMapping mapping, Calibration calibration) => new()
    {
        Clients = 1,
        Tasks = mapping.SandboxInstances,
        WorkersPerTask = mapping.WorkersPerInstance,
        Hosts = 1,
        VcpusPerHost = mapping.MachineCores,
        StickyTargets = options.Sticky && options.SharedCookieJar ? 1 : null,
        Demand = calibration.Demand(ProbeOperations.PipChain, includeClientCpu: !options.InProcess),
    };

    private static async Task<CorpusResult> UploadCorpusAsync(LabOptions options, SandboxCluster cluster, IProgress<LabProgress>? progress, CancellationToken ct)
    {
        var corpusOptions = new CorpusOptions
        {
            ProjectCount = Math.Max(1, options.Profile.Packages),
            NamePrefix = options.Profile.PackagePrefix,
            Versions = Enumerable.Range(0, options.Versions).Select(i => i switch { 0 => "1.0.0", 1 => "1.1.0", 2 => "2.0.0", _ => $"2.{i - 2}.0" }).ToArray(),
        };
        var corpus = await Corpus.GenerateAsync(corpusOptions, Path.Combine(cluster.StateDirectory, "corpus"),
            new Progress<CorpusProgress>(p => progress?.Report(new(LabStage.GeneratingCorpus, "generating corpus", Corpus: p))), ct).ConfigureAwait(false);
        using var client = cluster.CreateUploadClient();
        var uploads = await Corpus.UploadAsync(corpus, client, maxParallelism: 8,
            new Progress<CorpusProgress>(p => progress?.Report(new(LabStage.UploadingCorpus, "uploading corpus", Corpus: p))), ct).ConfigureAwait(false);
        var failed = uploads.Where(u => !u.Success && !u.AlreadyExists).ToList();
        if (failed.Count > 0) throw new IOException($"corpus upload failed for {failed.Count} file(s), first: {failed[0].FileName}: HTTP {failed[0].StatusCode}");
        return corpus;
    }
}
