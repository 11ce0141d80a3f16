using System.Diagnostics;

namespace PypiKit.Burst.Distributed;

/// <summary>
/// Measures this machine's clock against an HTTP server's <c>Date</c> header (any answer carries one, even an error,
/// so no credentials are needed). Requests are spread over the fractions of a local second, which lets
/// <see cref="ClockOffset.FromSamples"/> narrow the one-second header to a fraction of it. The coordinator and each
/// shard measure against the same server (the results bucket's S3 endpoint); their difference is the shard's skew.
/// </summary>
public static class HttpDateClock
{
    /// <summary>Requests made by one measurement (one per slice of a local second).</summary>
    public const int Samples = 8;

    public static async Task<ClockOffset> MeasureAsync(HttpClient http, Uri endpoint, CancellationToken ct = default)
    {
        var samples = new List<ClockSample>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            // Aim the request at fraction i/Samples of a local second, so the truncations fall differently each time.
            var now = DateTimeOffset.UtcNow;
            var target = TimeSpan.FromSeconds((double)i / Samples);
            var intoSecond = TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerSecond);
            var wait = target - intoSecond;
            if (wait < TimeSpan.Zero) wait += TimeSpan.FromSeconds(1);
            await Task.Delay(wait, ct).ConfigureAwait(false);
            var sample = await SampleAsync(http, endpoint, ct).ConfigureAwait(false);
            if (sample is { } s) samples.Add(s);
        }
        if (samples.Count == 0) throw new HttpRequestException($"{endpoint} answered without a Date header; the clock cannot be compared");
        return ClockOffset.FromSamples(samples);
    }

    private static async Task<ClockSample?> SampleAsync(HttpClient http, Uri endpoint, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, endpoint);
        var sent = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        var received = sent + clock.Elapsed; // monotonic: a clock step during the request does not distort the sample
        return response.Headers.Date is { } date ? new ClockSample(sent, received, date) : null;
    }
}
