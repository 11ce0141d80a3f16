using System.Diagnostics;

namespace PypiKit.Burst;

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
