using System.Diagnostics;

namespace PypiKit.Burst;

/// <summary>Starts a profile's requests on the engine's virtual users. Returns when the run is over (or cancelled).</summary>
internal interface IBurstExecutor
{
    Task RunAsync(BurstEngine engine, CancellationToken ct);
}

internal static class BurstExecutors
{
    public static IBurstExecutor For(ExecutorKind kind) => kind switch
    {
        ExecutorKind.PacedClosedLoop => new PacedClosedLoopExecutor(),
        ExecutorKind.ConstantVus => new ConstantVusExecutor(),
        _ => new ArrivalRateExecutor(),
    };

    internal static ChainKind Pick(WorkloadMix mix, Random random)
    {
        var x = random.NextDouble() * mix.Sum;
        if ((x -= mix.PipInstall) < 0) return ChainKind.PipInstall;
        if ((x -= mix.List) < 0) return ChainKind.List;
        if ((x -= mix.Upload) < 0) return ChainKind.Upload;
        return mix.Get > 0 ? ChainKind.Get : ChainKind.PipInstall;
    }

    /// <summary>Below this much time left, <see cref="WaitUntilAsync"/> spins instead of arming a timer.</summary>
    internal static readonly long SpinTicks = Stopwatch.Frequency / 10_000; // 100 µs

    /// <summary>
    /// Waits until a Stopwatch timestamp and never returns before it: timers (≈ 1 ms granularity, and they may fire a
    /// little early) are armed for whole milliseconds rounded up and re-armed if they fire early; the last 100 µs are
    /// spun. So a request is never sent before its scheduled time; how late it is gets measured, not hidden.
    /// </summary>
    internal static async ValueTask WaitUntilAsync(long ticks, CancellationToken ct)
    {
        while (true)
        {
            var remaining = ticks - Stopwatch.GetTimestamp();
            if (remaining <= 0) return;
            if (remaining <= SpinTicks)
            {
                var spin = new SpinWait();
                while (Stopwatch.GetTimestamp() < ticks) spin.SpinOnce(sleep1Threshold: -1);
                return;
            }
            var ms = Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency);
            await Task.Delay(TimeSpan.FromMilliseconds(ms), ct).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The reference harness's loop, step for step: iteration i is a burst when <c>i % (burst_interval / pacing) == 0</c>;
/// it starts int(clients × multiplier) workers on a burst (else <c>clients</c>), downloads first (pip install chains,
/// all at once), then uploads (int(workers × upload_ratio), all at once), then sleeps max(0, pacing − int(iteration
/// time)) — never past the end of the run. Each iteration's completion time is recorded.
/// </summary>
internal sealed class PacedClosedLoopExecutor : IBurstExecutor
{
    public async Task RunAsync(BurstEngine engine, CancellationToken ct)
    {
        var p = engine.Profile;
        var shard = engine.Options.Shard;
        var burstEvery = p.BurstIntervalSeconds > 0 ? Math.Max(1, (int)(p.BurstIntervalSeconds / p.PacingSeconds)) : 0;
        for (var i = 0; engine.Elapsed < p.DurationSeconds && !engine.Stopping && !ct.IsCancellationRequested; i++)
        {
            engine.CurrentIteration = i;
            var isBurst = burstEvery > 0 && i % burstEvery == 0;
            var workers = isBurst ? (int)(p.Clients * p.BurstMultiplier) : p.Clients;
            var uploads = (int)(workers * p.UploadRatio);
            var downloads = workers - uploads;
            var start = Stopwatch.GetTimestamp();
            var before = Count(engine);
            var mine = 0;

            engine.Phase = isBurst ? $"burst {i}: {downloads} installs" : $"iteration {i}: {downloads} installs";
            var tasks = new List<Task>(downloads);
            for (var j = 0; j < downloads; j++)
                if (shard.Owns(j)) { mine++; tasks.Add(engine.User(j).PipInstallAsync(engine.User(j).PickPackage(), start, ct).AsTask()); }
            await Task.WhenAll(tasks).ConfigureAwait(false);

            if (uploads > 0)
            {
                engine.Phase = isBurst ? $"burst {i}: {uploads} uploads" : $"iteration {i}: {uploads} uploads";
                tasks.Clear();
                var uploadStart = Stopwatch.GetTimestamp();
                for (var j = 0; j < uploads; j++)
                    if (shard.Owns(downloads + j)) { mine++; tasks.Add(engine.User(j).UploadAsync(engine.User(j).PickPackage(), uploadStart, ct).AsTask()); }
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }

            var took = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var after = Count(engine);
            engine.Iterations.Add(new BurstIteration(i, isBurst, mine, after.Requests - before.Requests, after.Failures - before.Failures,
                Stopwatch.GetElapsedTime(engine.StartTicks, start).TotalSeconds, took)
            { Latency = LatencyHistogram.ForSlice(engine.HighestLatencyMicros) });
            if (ct.IsCancellationRequested || engine.Stopping) break;

            var sleep = Math.Max(0, p.PacingSeconds - Math.Floor(took));
            var remaining = Math.Max(0, p.DurationSeconds - engine.Elapsed);
            var last = sleep >= remaining; // the next iteration would start at or after the end: this was the last one
            sleep = Math.Min(sleep, remaining);
            engine.Phase = $"pacing after iteration {i}";
            if (sleep > 0)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(sleep), ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            if (last) break;
        }
    }

    private static (long Requests, long Failures) Count(BurstEngine engine)
    {
        long r = 0, f = 0;
        foreach (var u in engine.Users) { r += Volatile.Read(ref u.Requests); f += Volatile.Read(ref u.Failures); }
        return (r, f);
    }
}

/// <summary>
/// Open model (constant or ramping arrival rate) over a fixed set of connections, as wrk2 does: arrival k goes to
/// connection k mod C, which sends it at its due time or, if still busy, as soon as it is free. Latency is measured
/// from the due time, so a stalled server is charged for every request it delayed (no coordinated omission).
/// </summary>
internal sealed class ArrivalRateExecutor : IBurstExecutor
{
    public async Task RunAsync(BurstEngine engine, CancellationToken ct)
    {
        var p = engine.Profile;
        var plan = ArrivalPlan.For(p);
        var connections = p.Connections;
        var tasks = new List<Task>();
        engine.Phase = p.Executor == ExecutorKind.RampingArrivalRate ? "ramping arrival rate" : $"{p.Rate:0.#} req/s";
        for (var c = 0; c < connections; c++)
        {
            var connection = c;
            if (engine.Options.Shard.Owns(connection))
                tasks.Add(Task.Run(() => ConnectionLoop(engine, plan, connection, connections, ct), CancellationToken.None));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static async Task ConnectionLoop(BurstEngine engine, ArrivalPlan plan, int connection, int connections, CancellationToken ct)
    {
        var user = engine.User(connection);
        var mix = engine.Profile.Mix;
        try
        {
            for (long k = connection; !engine.Stopping && !ct.IsCancellationRequested; k += connections)
            {
                var due = plan.TimeOf(k);
                if (double.IsInfinity(due) || due >= plan.DurationSeconds) break;
                var dueTicks = engine.TicksAt(due);
                if (dueTicks > Stopwatch.GetTimestamp())
                {
                    await BurstExecutors.WaitUntilAsync(dueTicks, ct).ConfigureAwait(false);
                    user.SchedulerLateness.RecordTicks(Stopwatch.GetTimestamp() - dueTicks);
                }
                await user.RunAsync(BurstExecutors.Pick(mix, user.Random), dueTicks, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}

/// <summary>Naive closed loop: each of C users sends its next request as soon as the previous one completes.</summary>
internal sealed class ConstantVusExecutor : IBurstExecutor
{
    public async Task RunAsync(BurstEngine engine, CancellationToken ct)
    {
        var p = engine.Profile;
        engine.Phase = $"{p.Connections} users, closed loop";
        var end = engine.TicksAt(p.DurationSeconds);
        var tasks = new List<Task>();
        for (var c = 0; c < p.Connections; c++)
            if (engine.Options.Shard.Owns(c))
            {
                var slot = c;
                tasks.Add(Task.Run(async () =>
                {
                    var user = engine.User(slot);
                    try
                    {
                        while (!engine.Stopping && !ct.IsCancellationRequested && Stopwatch.GetTimestamp() < end)
                            await user.RunAsync(BurstExecutors.Pick(p.Mix, user.Random), Stopwatch.GetTimestamp(), ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
                }, CancellationToken.None));
            }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
