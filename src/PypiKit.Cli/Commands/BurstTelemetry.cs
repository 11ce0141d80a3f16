using System.CommandLine;
using PypiKit.Burst;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// The telemetry options of <c>pypikit burst</c>: with <c>--stack-outputs FILE</c> (or <c>--cluster</c>/<c>--service</c>/
/// <c>--load-balancer-arn</c>/<c>--target-group-arn</c>) a baseline snapshot is taken before the burst and one per burst
/// iteration, written beside the report. <c>--profile</c> is the burst profile there, so the AWS profile is <c>--aws-profile</c>.
/// </summary>
internal sealed class BurstTelemetryCliOptions
{
    private readonly AwsCliOptions _aws = new("--aws-profile");
    private readonly StackTargetCliOptions _target = new();
    private readonly Option<bool> _hostCommands = new("--snapshot-host-commands")
    {
        Description = "With --stack-outputs/--cluster: also run free -m, vmstat, docker stats, top on each instance through SSM in every snapshot.",
    };

    public void AddTo(Command cmd)
    {
        _target.AddTo(cmd);
        _aws.AddTo(cmd);
        cmd.Options.Add(_hostCommands);
    }

    /// <summary>A snapshot session when stack options were given, else null.</summary>
    public BurstTelemetry? Create(ParseResult r)
    {
        if (!_target.Given(r)) return null;
        var options = new SnapshotOptions(_target.Read(r)) { CollectHostCommands = r.GetValue(_hostCommands) }.Validate();
        var clients = new AwsClients(AwsSession.Create(_aws.Read(r)));
        return new BurstTelemetry(clients, new SnapshotCollector(clients, options));
    }
}

/// <summary>
/// Snapshots during one burst: <see cref="BaselineAsync"/> before it, one snapshot whenever the burst's progress reports
/// a new iteration (never more than one in flight, so a slow AWS never piles up calls), files written by
/// <see cref="FinishAsync"/>.
/// </summary>
internal sealed class BurstTelemetry(AwsClients clients, SnapshotCollector collector) : IDisposable
{
    private readonly object _gate = new();
    private Task _pending = Task.CompletedTask;
    private int _lastIteration = int.MinValue;
    private CancellationToken _ct;

    public SnapshotCollector Collector => collector;

    public async Task BaselineAsync(CancellationToken ct)
    {
        _ct = ct;
        var baseline = await collector.CollectBaselineAsync(ct);
        TelemetryModule.Out.MarkupLine($"telemetry baseline: ECS running {baseline.Service?.Running.ToString() ?? "?"} of {baseline.Service?.Desired.ToString() ?? "?"}, " +
                                       $"targets healthy {baseline.TargetCounts.Healthy}/{baseline.Targets.Count}" +
                                       (baseline.Errors.Count > 0 ? $", [yellow]{baseline.Errors.Count} error(s)[/]" : ""));
    }

    /// <summary>Feed every <see cref="BurstProgress"/> here.</summary>
    public void Observe(BurstProgress p)
    {
        lock (_gate)
        {
            if (p.Iteration == _lastIteration || !_pending.IsCompleted) return;
            _lastIteration = p.Iteration;
            var iteration = p.Iteration;
            _pending = Task.Run(() => collector.CollectAsync(iteration, p.Phase, _ct), _ct);
        }
    }

    public IProgress<BurstProgress> Observer => new InlineProgress(Observe);

    /// <summary>Waits for a snapshot in flight, then writes every snapshot into <paramref name="outDir"/>.</summary>
    public async Task<IReadOnlyList<string>> FinishAsync(string outDir)
    {
        try { await _pending; }
        catch (OperationCanceledException) { }
        var snapshots = collector.Snapshots;
        var written = snapshots.Select(s => SnapshotFiles.Write(outDir, s)).ToList();
        written.Add(SnapshotFiles.WriteAll(outDir, snapshots));
        return written;
    }

    public void Dispose() => clients.Dispose();

    private sealed class InlineProgress(Action<BurstProgress> action) : IProgress<BurstProgress>
    {
        public void Report(BurstProgress value) => action(value);
    }
}
