using System.Net;

namespace PypiKit.Burst;

/// <summary>
/// Everything one run needs. Defaults are the reference harness's (30 s per-request timeout, one cookie jar per
/// virtual user — set <see cref="SharedCookieJar"/> to reproduce the reference's single shared session).
/// </summary>
public sealed record BurstOptions
{
    /// <summary>Base URL of the index (the balancer), e.g. http://127.0.0.1:8080/.</summary>
    public required Uri Target { get; init; }
    public required BurstProfile Profile { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Reference-compatibility switch: every virtual user shares one cookie jar (so ALB stickiness pins them all).</summary>
    public bool SharedCookieJar { get; init; }
    /// <summary>Targets other than loopback are refused unless this is set.</summary>
    public bool AllowRemote { get; init; }
    public BurstShard Shard { get; init; } = BurstShard.Whole;
    /// <summary>Seed of the package choices and mixes (runs with the same seed choose the same packages).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Hard cap on measured operations; the run stops when reached.</summary>
    public long MaxRequests { get; init; } = 2_000_000;
    /// <summary>Cap on concurrent virtual users (and so on requests in flight).</summary>
    public int MaxInFlight { get; init; } = 1000;
    /// <summary>
    /// Hard wall-clock cap, whatever the server does: when it passes, requests still in flight are counted as timed
    /// out and the run ends (stop reason <c>duration_limit</c>). Default = the profile's duration + <see cref="StopGrace"/>.
    /// </summary>
    public TimeSpan? MaxDuration { get; init; }
    /// <summary>How long requests started before the end of the duration may still finish (default 5 s).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Replace the profile's thresholds (null = keep them).</summary>
    public IReadOnlyList<string>? Thresholds { get; init; }
    /// <summary>Response header that names the instance that served a request.</summary>
    public string InstanceHeader { get; init; } = "X-PypiKit-Instance";
    /// <summary>
    /// Wall-clock time to begin sending (shards of one distributed run share it, so they start together); null = at
    /// once. Waited for after the preflight check; the result's shard row records how far off the real start was.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }
    /// <summary>Override of the profile's duration, seconds (tests, quick looks).</summary>
    public double? DurationSeconds { get; init; }

    public BurstProfile EffectiveProfile => DurationSeconds is { } d ? Profile with { DurationSeconds = d } : Profile;

    public TimeSpan EffectiveMaxDuration => MaxDuration ?? TimeSpan.FromSeconds(EffectiveProfile.DurationSeconds) + StopGrace;

    /// <summary>
    /// Highest value the run's latency histograms track, µs: the request timeout plus the hard time limit — no latency
    /// measured from an intended start inside the run (queueing included) can be longer.
    /// </summary>
    public long HighestLatencyMicros => (long)((RequestTimeout + EffectiveMaxDuration).TotalMilliseconds * 1000);

    /// <summary>Checks every field; throws <see cref="InvalidInputException"/> naming the first bad one.</summary>
    public void Validate()
    {
        EffectiveProfile.Validate();
        if (!Target.IsAbsoluteUri || (Target.Scheme != "http" && Target.Scheme != "https"))
            throw new InvalidInputException("target", $"target '{Target}': an http:// or https:// URL is required");
        if (!AllowRemote && !IsLoopback(Target))
            throw new InvalidInputException("target",
                $"target '{Target.Host}' is not a loopback address; pass --allow-remote (AllowRemote) to load-test a remote server you own");
        if (RequestTimeout <= TimeSpan.Zero) throw new InvalidInputException("request_timeout", "request_timeout must be > 0");
        if (StopGrace < TimeSpan.Zero) throw new InvalidInputException("stop_grace", "stop_grace must be ≥ 0");
        if (MaxDuration is { } max && max <= TimeSpan.Zero) throw new InvalidInputException("max_duration", "max_duration must be > 0");
        if (MaxRequests < 1) throw new InvalidInputException("max_requests", "max_requests must be ≥ 1");
        if (MaxInFlight < 1) throw new InvalidInputException("max_in_flight", "max_in_flight must be ≥ 1");
        if (EffectiveProfile.PeakConcurrency > MaxInFlight)
            throw new InvalidInputException("max_in_flight",
                $"profile {Profile.Name} runs {EffectiveProfile.PeakConcurrency} workers at once, above max_in_flight {MaxInFlight}; raise --max-in-flight");
        if (User is not null && Password is null) throw new InvalidInputException("password", "a user was given without a password");
        if (Shard.Index < 1 || Shard.Index > Shard.Count) throw new InvalidInputException("shard", "shard must be i/N with 1 ≤ i ≤ N");
        foreach (var t in Thresholds ?? []) Threshold.Parse(t);
    }

    public static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
