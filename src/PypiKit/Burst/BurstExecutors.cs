using System.Diagnostics;

namespace PypiKit.Burst;

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
