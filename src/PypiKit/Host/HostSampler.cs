using System.Diagnostics;

namespace PypiKit.Host;

/// <summary>Options of <see cref="HostSampler"/>.</summary>
public sealed record HostSamplerOptions
{
    /// <summary>Processes to watch (e.g. the sandbox instances); may be empty for host signals only.</summary>
    public IReadOnlyList<int> Pids { get; init; } = [];
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    public string ProcRoot { get; init; } = HostProcReader.DefaultRoot;
    public double ClockTicksPerSecond { get; init; } = HostSampling.DefaultClockTicksPerSecond;
    /// <summary>Clock for the snapshot times and the interval timer.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public HostSamplerOptions Validate()
    {
        if (Interval <= TimeSpan.Zero) throw new InvalidInputException("interval", $"interval must be > 0, got {Interval}");
        if (ClockTicksPerSecond <= 0) throw new InvalidInputException("clock_ticks_per_second", $"clock_ticks_per_second must be > 0, got {ClockTicksPerSecond}");
        foreach (var pid in Pids)
            if (pid <= 0) throw new InvalidInputException("pid", $"pid must be > 0, got {pid}");
        return this;
    }
}

/// <summary>
/// Samples the host and the watched processes every <see cref="HostSamplerOptions.Interval"/> until cancelled:
/// one snapshot at the start, then one per tick. Cancellation ends the run and returns what was recorded.
/// </summary>
public sealed class HostSampler(HostSamplerOptions options)
{
    private readonly HostSamplerOptions _options = options.Validate();

    public async Task<HostSamplingResult> RunAsync(CancellationToken cancellationToken)
    {
        var reader = new HostProcReader(_options.ProcRoot);
        var builder = new HostSeriesBuilder(_options.Pids, _options.ClockTicksPerSecond);
        long busy = 0;
        long? cpu = 0;
        void Tick()
        {
            long t0 = Stopwatch.GetTimestamp();
            long? c0 = ThreadCpuTime.Nanoseconds();
            builder.Add(reader.Read(_options.Time.GetUtcNow(), _options.Pids));
            cpu = c0 is { } a && ThreadCpuTime.Nanoseconds() is { } b ? cpu + (b - a) : null;
            busy += Stopwatch.GetTimestamp() - t0;
        }
        Tick();
        using var timer = new PeriodicTimer(_options.Interval, _options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false)) Tick();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the caller's stop signal: the run ends here
        }
        return builder.Build() with { SamplerBusySeconds = (double)busy / Stopwatch.Frequency, SamplerCpuSeconds = cpu / 1e9 };
    }
}
