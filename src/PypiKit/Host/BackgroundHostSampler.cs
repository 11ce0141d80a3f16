namespace PypiKit.Host;

/// <summary>
/// A <see cref="HostSampler"/> running beside other work (a burst, a lab run): <see cref="Start"/> begins sampling at
/// once, <see cref="StopAsync"/> ends it and returns what was recorded. Disposing without stopping ends it too.
/// <code>
/// await using var sampling = BackgroundHostSampler.Start(new HostSamplerOptions { Pids = [pid] });
/// var result = await RunBurstAsync();
/// var host = await sampling.StopAsync();
/// </code>
/// </summary>
public sealed class BackgroundHostSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<HostSamplingResult> _run;

    private BackgroundHostSampler(HostSamplerOptions options)
    {
        var sampler = new HostSampler(options);
        _run = Task.Run(() => sampler.RunAsync(_stop.Token));
    }

    /// <summary>Validates <paramref name="options"/> and starts sampling on the thread pool.</summary>
    public static BackgroundHostSampler Start(HostSamplerOptions options) => new(options);

    /// <summary>Stops sampling and returns the series (a stopped sampler returns the same result again).</summary>
    public async Task<HostSamplingResult> StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        return await _run.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
