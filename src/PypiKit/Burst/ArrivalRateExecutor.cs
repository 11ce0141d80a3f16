using System.Diagnostics;

namespace PypiKit.Burst;

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
