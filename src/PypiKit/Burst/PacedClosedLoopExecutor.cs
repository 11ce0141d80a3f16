using System.Diagnostics;

namespace PypiKit.Burst;

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
