using System.Globalization;
using PypiKit.Burst;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>How telemetry runs beside a burst.</summary>
public sealed record BurstTelemetryOptions
{
    /// <summary>Time between snapshots while the burst runs (default 30 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the burst waits for the baseline snapshot before it starts anyway (default 5 s).</summary>
    public TimeSpan BaselineWait { get; init; } = TimeSpan.FromSeconds(5);

    public BurstTelemetryOptions Validate()
    {
        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromHours(1))
            throw new InvalidInputException("--telemetry-interval", $"--telemetry-interval must be between 1 and 3600 s (was {Interval.TotalSeconds:0.#}).");
        if (BaselineWait < TimeSpan.Zero || BaselineWait > TimeSpan.FromMinutes(1))
            throw new InvalidInputException("baseline_wait", "the baseline wait must be between 0 and 60 s.");
        return this;
    }
}

/// <summary>A telemetry failure as the report lists it: once, with how often and when it happened.</summary>
public sealed record TelemetryFailureSummary(string Part, TelemetryFailureKind Kind, string Message, int Occurrences, DateTimeOffset First, DateTimeOffset Last)
{
    /// <summary>Groups equal failures (same part, kind and message).</summary>
    public static IReadOnlyList<TelemetryFailureSummary> From(IEnumerable<TelemetryFailure> failures) =>
        failures.GroupBy(f => (f.Part, f.Kind, f.Message))
            .Select(g => new TelemetryFailureSummary(g.Key.Part, g.Key.Kind, g.Key.Message, g.Count(), g.Min(f => f.Time), g.Max(f => f.Time)))
            .OrderBy(s => s.First).ToList();

    public override string ToString() =>
        $"{Part}: {TelemetryFailure.KindName(Kind)}: {Message}" + (Occurrences > 1 ? $" (×{Occurrences.ToString(CultureInfo.InvariantCulture)})" : "");
}

/// <summary>
/// What telemetry left after a burst: the files written, every failure (grouped) and the burst window's CloudWatch
/// series (null when they could not be read), which the burst report charts on its time axis.
/// </summary>
public sealed record BurstTelemetryOutcome(IReadOnlyList<string> Written, IReadOnlyList<StackSnapshot> Snapshots, IReadOnlyList<TelemetryFailureSummary> Failures)
{
    public MetricsReport? BurstWindowMetrics { get; init; }

    /// <summary>CloudWatch's own alarm states and their transitions in the burst window (empty when not read).</summary>
    public IReadOnlyList<AlarmStateReport> AlarmStates { get; init; } = [];
}

/// <summary>
/// Snapshots of the stack beside one burst: a baseline awaited at most <see cref="BurstTelemetryOptions.BaselineWait"/>,
/// one every <see cref="BurstTelemetryOptions.Interval"/> while the burst runs (never two in flight, so a slow AWS never
/// piles up calls), one after the burst, and the files written by <see cref="FinishAsync"/>. Nothing here throws into
/// the burst: every failure is recorded (<see cref="Failures"/>) and written with the snapshots.
/// <code>using var telemetry = BurstTelemetry.Create(awsOptions, snapshotOptions, new BurstTelemetryOptions());
/// await telemetry.StartAsync(ct);
/// var result = await BurstRunner.RunAsync(options, telemetry.Observer, ct);
/// var outcome = await telemetry.FinishAsync("results/");</code>
/// </summary>
public sealed class BurstTelemetry : IDisposable
{
    private readonly AwsClients? _clients;
    private readonly SnapshotCollector? _collector;
    private readonly BurstTelemetryOptions _options;
    private readonly List<TelemetryFailure> _failures = [];
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private Task _pending = Task.CompletedTask;
    private int _iteration;
    private string _phase = "burst";
    private StackSnapshot? _latest;

    /// <summary>Telemetry over <paramref name="clients"/> (disposed with this object).</summary>
    public BurstTelemetry(AwsClients clients, SnapshotCollector collector, BurstTelemetryOptions? options = null)
    {
        _clients = clients;
        _collector = collector;
        _options = (options ?? new BurstTelemetryOptions()).Validate();
    }

    /// <summary>Telemetry that could not start (no credentials…): the burst runs, the failure is reported.</summary>
    private BurstTelemetry(TelemetryFailure failure, BurstTelemetryOptions options)
    {
        _options = options;
        _failures.Add(failure);
    }

    /// <summary>
    /// A session for <paramref name="target"/>: bad input (unknown profile, region not matching the stack's ARNs)
    /// throws <see cref="InvalidInputException"/>, so nothing starts; AWS configuration that cannot be resolved (no
    /// credentials) is recorded as a failure and the burst runs without telemetry.
    /// </summary>
    public static BurstTelemetry Create(AwsOptions aws, SnapshotOptions target, BurstTelemetryOptions? options = null)
    {
        options = (options ?? new BurstTelemetryOptions()).Validate();
        target = target.Validate();
        AwsSession session;
        try { session = AwsSession.Create(aws); }
        catch (AwsConfigurationException ex) { return new BurstTelemetry(TelemetryFailure.From("aws session", ex), options); }
        try
        {
            target.Target.CheckRegion(session.Region);
            var clients = new AwsClients(session);
            return new BurstTelemetry(clients, new SnapshotCollector(clients, target), options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public BurstTelemetryOptions Options => _options;

    /// <summary>The file of the stack's alarm states over the burst window.</summary>
    public const string AlarmStatesFileName = "telemetry_alarms.json";

    /// <summary>The file of the CloudWatch series over the burst window (one per catalogue line, 60 s points).</summary>
    public const string MetricsFileName = "telemetry_metrics.json";

    /// <summary>The period of the burst window's series: CloudWatch's finest for standard-resolution metrics.</summary>
    public const int BurstWindowPeriodSeconds = 60;

    /// <summary>The newest snapshot (null before the first lands).</summary>
    public StackSnapshot? Latest { get { lock (_gate) return _latest; } }

    /// <summary>Every failure so far, in order (snapshot parts and telemetry's own).</summary>
    public IReadOnlyList<TelemetryFailure> Failures
    {
        get
        {
            lock (_gate) return [.. _failures, .. (_collector?.Snapshots ?? []).SelectMany(s => s.AllFailures)];
        }
    }

    /// <summary>Raised (on a pool thread) whenever a snapshot lands.</summary>
    public event Action<StackSnapshot>? SnapshotTaken;

    /// <summary>
    /// Takes the baseline, waiting at most <see cref="BurstTelemetryOptions.BaselineWait"/> (a late baseline still lands
    /// in the report), then starts the periodic snapshots. Returns the baseline when it came in time.
    /// </summary>
    public async Task<StackSnapshot?> StartAsync(CancellationToken ct = default)
    {
        if (_collector is null) return null;
        var token = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token).Token;
        var baseline = Collect(() => _collector.CollectBaselineAsync(token));
        lock (_gate) _pending = baseline;
        var done = await Task.WhenAny(baseline, Task.Delay(_options.BaselineWait, ct)).ConfigureAwait(false);
        StackSnapshot? result = null;
        if (done == baseline) result = await baseline.ConfigureAwait(false);
        else
            lock (_gate)
                _failures.Add(new TelemetryFailure(DateTimeOffset.UtcNow, "baseline snapshot", TelemetryFailureKind.Timeout,
                    $"no answer within {_options.BaselineWait.TotalSeconds:0.#} s; the burst started without waiting for it"));
        _loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
        return result;
    }

    /// <summary>Feed the burst's progress here: it labels the snapshots with the burst's iteration and phase.</summary>
    public IProgress<BurstProgress> Observer => new InlineProgress(p =>
    {
        lock (_gate)
        {
            _iteration = p.Iteration;
            _phase = p.Phase;
        }
    });

    /// <summary>
    /// Stops the periodic snapshots, takes one after the burst (bounded by the snapshot timeout), and writes every
    /// snapshot and the grouped failures into <paramref name="outDir"/>. Never throws for AWS trouble.
    /// </summary>
    public async Task<BurstTelemetryOutcome> FinishAsync(string outDir, CancellationToken ct = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        if (_collector is not null)
        {
            // A snapshot in flight was cancelled with the loop; the one after the burst gets its own full time limit.
            try { await _pending.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            int iteration;
            lock (_gate) iteration = _iteration + 1;
            try { await Collect(() => _collector.CollectAsync(iteration, "after burst", ct)).ConfigureAwait(false); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        }
        var snapshots = _collector?.Snapshots ?? [];
        var written = new List<string>();
        MetricsReport? windowMetrics = null;
        IReadOnlyList<AlarmStateReport> alarmStates = [];
        if (_clients is not null && _collector is not null && _collector.Options.Target.Alarms.Count > 0 && snapshots.Count > 0)
        {
            // CloudWatch's own alarm states and their changes over the burst window, beside the snapshots.
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(_collector.Options.Timeout);
                var states = await new AlarmStates(_clients.CloudWatch).ReadAsync(_collector.Options.Target.Alarms.Select(a => a.Name).ToList(),
                    snapshots[0].Timestamp, DateTimeOffset.UtcNow, limit.Token).ConfigureAwait(false);
                Directory.CreateDirectory(outDir);
                var path = Path.Combine(outDir, AlarmStatesFileName);
                await File.WriteAllTextAsync(path, Json.PypiKitJson.Serialize(states), CancellationToken.None).ConfigureAwait(false);
                written.Add(path);
                alarmStates = states;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                lock (_gate) _failures.Add(TelemetryFailure.From("cloudwatch describe-alarms", ex));
            }
        }
        if (_clients is not null && _collector is not null && snapshots.Count > 0)
        {
            // The burst window's CloudWatch series (ECS, ALB, EFS, hosts, alarms), for charts on the burst's time axis.
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(_collector.Options.Timeout);
                var target = await ContainerInsightsTasks.DiscoverAsync(_clients.CloudWatch, _collector.Options.Target, limit.Token).ConfigureAwait(false);
                var panels = MetricCatalog.For(target);
                if (panels.Count > 0)
                {
                    var from = snapshots[0].Timestamp.AddMinutes(-1);
                    var report = await new MetricsReader(_clients.CloudWatch).ReadAsync(panels, from, DateTimeOffset.UtcNow.AddMinutes(1), BurstWindowPeriodSeconds, ct: limit.Token)
                        .ConfigureAwait(false);
                    Directory.CreateDirectory(outDir);
                    var path = Path.Combine(outDir, MetricsFileName);
                    await File.WriteAllTextAsync(path, Json.PypiKitJson.Serialize(report), CancellationToken.None).ConfigureAwait(false);
                    written.Add(path);
                    windowMetrics = report;
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                lock (_gate) _failures.Add(TelemetryFailure.From("cloudwatch get-metric-data (burst window)", ex));
            }
        }
        var failures = TelemetryFailureSummary.From(Failures);
        written.InsertRange(0, snapshots.Select(s => SnapshotFiles.Write(outDir, s)));
        written.Add(SnapshotFiles.WriteAll(outDir, snapshots, failures));
        return new BurstTelemetryOutcome(written, snapshots, failures) { BurstWindowMetrics = windowMetrics, AlarmStates = alarmStates };
    }

    /// <summary>One line for the console: the newest snapshot's counts and the failures so far.</summary>
    public string LiveLine()
    {
        var s = Latest;
        var failures = Failures.Count;
        var parts = new List<string>();
        if (s?.Service is { } e) parts.Add($"ECS running {e.Running}/{e.Desired}" + (e.Pending > 0 ? $", pending {e.Pending}" : ""));
        if (s is not null)
        {
            parts.Add($"targets healthy {s.TargetCounts.Healthy}/{s.Targets.Count}");
            if (s.StoppedTasks > 0) parts.Add($"stopped tasks {s.StoppedTasks}");
            if (s.OomKills > 0) parts.Add($"OOM kills {s.OomKills}");
            parts.Add($"at {s.Timestamp.UtcDateTime:HH:mm:ss} UTC");
        }
        else parts.Add("no snapshot yet");
        if (failures > 0) parts.Add($"{failures} telemetry failure(s)");
        return "aws: " + string.Join(", ", parts);
    }

    private async Task LoopAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(_options.Interval);
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            int iteration;
            string phase;
            lock (_gate)
            {
                if (!_pending.IsCompleted) continue;
                iteration = _iteration;
                phase = _phase;
                _pending = Collect(() => _collector!.CollectAsync(iteration, phase, token));
            }
        }
    }

    private Task<StackSnapshot> Collect(Func<Task<StackSnapshot>> collect) => Task.Run(async () =>
    {
        var snapshot = await collect().ConfigureAwait(false);
        lock (_gate) _latest = snapshot;
        SnapshotTaken?.Invoke(snapshot);
        return snapshot;
    });

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _clients?.Dispose();
    }

    private sealed class InlineProgress(Action<BurstProgress> action) : IProgress<BurstProgress>
    {
        public void Report(BurstProgress value) => action(value);
    }
}
