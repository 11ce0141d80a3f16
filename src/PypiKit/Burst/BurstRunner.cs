using System.Net.Sockets;
using System.Text.Json;

namespace PypiKit.Burst;

/// <summary>
/// Runs a profile against a target and returns what it measured. Bounded by the profile's duration, the hard
/// <see cref="BurstOptions.MaxDuration"/>, <see cref="BurstOptions.MaxRequests"/> and <see cref="BurstOptions.MaxInFlight"/>.
/// Cancelling the token stops the run cleanly: requests in flight are abandoned (not counted) and the result of
/// everything that completed is returned with <c>stop_reason = cancelled</c>.
/// </summary>
public static class BurstRunner
{
    public static async Task<BurstResult> RunAsync(BurstOptions options, IProgress<BurstProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        await PreflightAsync(options.Target, ct).ConfigureAwait(false);
        if (options.StartAt is { } startAt && startAt > DateTimeOffset.UtcNow)
            await Task.Delay(startAt - DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
        var profile = options.EffectiveProfile;
        using var engine = new BurstEngine(options);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The hard time limit: whatever the server does, the run ends here; requests in flight count as timed out.
        using var deadline = new Timer(_ =>
        {
            engine.MarkDeadline();
            try { runCts.Cancel(); } catch (ObjectDisposedException) { }
        }, null, options.EffectiveMaxDuration, Timeout.InfiniteTimeSpan);
        using var progressCts = new CancellationTokenSource();
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        engine.OnRefused = () => { try { runCts.Cancel(); } catch (ObjectDisposedException) { } };
        engine.Attach(runCts.Token);
        engine.StartClock();
        var reporter = progress is null ? Task.CompletedTask : ReportLoop(engine, progress, progressCts.Token);
        var stopReason = StopReasons.Completed;
        try
        {
            await BurstExecutors.For(profile.Executor).RunAsync(engine, runCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runCts.IsCancellationRequested) { }
        var end = DateTimeOffset.UtcNow;
        var cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        if (ct.IsCancellationRequested) stopReason = StopReasons.Cancelled;
        else if (engine.AtDeadline) stopReason = StopReasons.DurationLimit;
        else if (engine.Refused) stopReason = StopReasons.Unauthorized;
        else if (engine.BudgetExhausted) stopReason = StopReasons.MaxRequests;
        progressCts.Cancel();
        await reporter.ConfigureAwait(false);
        progress?.Report(Snapshot(engine, profile.DurationSeconds, finalRate: true));

        var tally = BurstResultBuilder.Tally(engine);
        var result = BurstResultBuilder.Build(tally, profile.Name, options.Target.ToString(), SettingsOf(options), engine.StartTime, end, stopReason,
            options.Thresholds ?? profile.Thresholds, options.Thresholds is null ? profile.WarnThresholds : [],
            options.Shard.IsWhole ? [] : [options.Shard.ToString()]);
        return result with
        {
            ScheduledStart = options.StartAt,
            ClientCpuSeconds = Math.Round(cpuSeconds, 3),
            ClientCpuMicrosPerRequest = result.HttpRequests == 0 ? 0 : Math.Round(cpuSeconds * 1e6 / result.HttpRequests, 2),
        };
    }

    internal static BurstSettings SettingsOf(BurstOptions o) => new(
        ExecutorName(o.EffectiveProfile.Executor), o.EffectiveProfile, o.RequestTimeout.TotalSeconds, o.SharedCookieJar, o.Shard.ToString(),
        o.Seed, o.MaxRequests, o.MaxInFlight, o.InstanceHeader);

    public static string ExecutorName(ExecutorKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    /// <summary>Fails fast, with a one-line reason, when nothing listens at the target.</summary>
    public static async Task PreflightAsync(Uri target, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(target.Host, target.Port, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new InvalidInputException("target", $"target {target} is unreachable: no TCP connection within 5 s");
        }
        catch (SocketException e)
        {
            throw new InvalidInputException("target", $"target {target} is unreachable: {e.Message}");
        }
    }

    private static async Task ReportLoop(BurstEngine engine, IProgress<BurstProgress> progress, CancellationToken ct)
    {
        var lastRequests = 0L;
        var lastTime = 0.0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(500, ct).ConfigureAwait(false);
                var s = Snapshot(engine, engine.Profile.DurationSeconds, finalRate: false);
                var rate = s.ElapsedSeconds > lastTime ? (s.Requests - lastRequests) / (s.ElapsedSeconds - lastTime) : 0;
                lastRequests = s.Requests;
                lastTime = s.ElapsedSeconds;
                progress.Report(s with { RequestsPerSecond = Math.Round(rate, 1) });
            }
        }
        catch (OperationCanceledException) { }
    }

    private static BurstProgress Snapshot(BurstEngine engine, double duration, bool finalRate)
    {
        long requests = 0, errors = 0;
        var users = engine.Users;
        foreach (var u in users)
        {
            requests += Volatile.Read(ref u.Requests);
            errors += Volatile.Read(ref u.Failures);
        }
        var elapsed = engine.Elapsed;
        return new BurstProgress(Math.Round(elapsed, 2), duration, requests, errors,
            finalRate && elapsed > 0 ? Math.Round(requests / elapsed, 1) : 0, engine.LiveP95Ms(), engine.CurrentIteration, engine.Phase, users.Length);
    }
}
