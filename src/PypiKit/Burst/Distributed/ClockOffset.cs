namespace PypiKit.Burst.Distributed;

/// <summary>
/// One exchange with a reference clock that answers in whole seconds (an HTTP <c>Date</c> header): the local time the
/// request was sent, the local time the answer arrived and the reference's time, truncated to the second.
/// </summary>
public readonly record struct ClockSample(DateTimeOffset LocalSent, DateTimeOffset LocalReceived, DateTimeOffset Reference);

/// <summary>
/// How far one clock is from another (local minus reference, or shard minus coordinator): the centre of the interval
/// every sample allows, and its half-width. <see cref="FromSamples"/> is the htpdate idea: a second-resolution reference
/// read at different fractions of a local second narrows the interval well below a second.
/// </summary>
public sealed record ClockOffset(double OffsetMs, double UncertaintyMs)
{
    /// <summary>The resolution of an HTTP Date header.</summary>
    public static readonly TimeSpan ReferenceResolution = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The offset (local − reference) consistent with every sample. The reference read <c>D</c> at some instant between
    /// sending and receiving, when its true time lay in [D, D + 1 s), so the offset lies in
    /// (sent − D − 1 s, received − D]; the samples' intervals are intersected. Samples that contradict each other (a
    /// clock stepped meanwhile) fall back to the single sample with the shortest round trip.
    /// </summary>
    public static ClockOffset FromSamples(IReadOnlyCollection<ClockSample> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("at least one sample is needed", nameof(samples));
        static (double Lo, double Hi) Bounds(ClockSample s) => (
            (s.LocalSent - s.Reference - ReferenceResolution).TotalMilliseconds,
            (s.LocalReceived - s.Reference).TotalMilliseconds);
        var lo = samples.Max(s => Bounds(s).Lo);
        var hi = samples.Min(s => Bounds(s).Hi);
        if (lo > hi) (lo, hi) = Bounds(samples.MinBy(s => s.LocalReceived - s.LocalSent));
        return new ClockOffset(Math.Round((lo + hi) / 2, 1), Math.Round((hi - lo) / 2, 1));
    }

    /// <summary>This clock relative to <paramref name="other"/>, both measured against the same reference: offsets subtract, uncertainties add.</summary>
    public ClockOffset RelativeTo(ClockOffset other) => new(Math.Round(OffsetMs - other.OffsetMs, 1), Math.Round(UncertaintyMs + other.UncertaintyMs, 1));
}
