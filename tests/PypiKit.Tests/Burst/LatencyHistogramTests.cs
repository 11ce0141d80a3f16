using PypiKit.Burst;
using PypiKit.Json;

namespace PypiKit.Tests.Burst;

public class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99];

    [Fact]
    public void Percentiles_of_a_million_samples_are_within_1_percent_of_an_exact_sort()
    {
        var random = new Random(42);
        var values = new long[1_000_000];
        var h = new LatencyHistogram();
        for (var i = 0; i < values.Length; i++)
        {
            // Log-uniform from 50 µs to 60 s: every octave the histogram has gets exercised.
            values[i] = (long)Math.Exp(Math.Log(50) + random.NextDouble() * (Math.Log(60_000_000) - Math.Log(50)));
            h.Record(values[i]);
        }
        Array.Sort(values);
        foreach (var p in Percentiles)
        {
            var exact = values[Math.Min(values.Length - 1, (long)Math.Floor(values.Length * p / 100))];
            var got = h.ValueAtPercentile(p);
            Assert.True(Math.Abs(got - exact) <= 0.01 * exact, $"p{p}: histogram {got} µs vs exact {exact} µs");
        }
        Assert.Equal(values[0], h.MinMicros);
        Assert.Equal(values[^1], h.MaxMicros);
        Assert.Equal(values.Length, h.Count);
        Assert.Equal(values.Sum(), h.SumMicros);
    }

    [Fact]
    public void Merging_shards_gives_exactly_the_histogram_of_the_whole()
    {
        var random = new Random(7);
        var whole = new LatencyHistogram();
        var shards = Enumerable.Range(0, 4).Select(_ => new LatencyHistogram()).ToArray();
        for (var i = 0; i < 200_000; i++)
        {
            var v = (long)(random.NextDouble() * random.NextDouble() * 5_000_000);
            whole.Record(v);
            shards[i % 4].Record(v);
        }
        var merged = new LatencyHistogram();
        foreach (var s in shards) merged.Merge(s);
        Assert.True(merged.ContentEquals(whole));
        foreach (var p in Percentiles) Assert.Equal(whole.ValueAtPercentile(p), merged.ValueAtPercentile(p));
    }

    [Fact]
    public void Json_round_trip_keeps_every_count_and_the_hdr_encoding()
    {
        var h = new LatencyHistogram(60_000_000);
        foreach (var v in new long[] { 0, 1, 127, 128, 129, 1_000, 65_432, 3_000_000, 90_000_000 }) h.Record(v);
        var json = PypiKitJson.Serialize(h);
        var back = PypiKitJson.Deserialize<LatencyHistogram>(json);
        Assert.True(back.ContentEquals(h));
        Assert.Equal(90_000_000, back.MaxMicros); // exact max kept although the histogram counts it at its highest value
        Assert.Equal(60_000_000, back.HighestTrackableMicros);
        // The "hdr" field is HdrHistogram's own compressed encoding: HdrHistogram decodes it without PypiKit.
        var encoded = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("hdr").GetString()!;
        var decoded = HdrHistogram.HistogramEncoding.DecodeFromCompressedByteBuffer(
            HdrHistogram.Utilities.ByteBuffer.Allocate(Convert.FromBase64String(encoded)), 0);
        Assert.Equal(9, decoded.TotalCount);
        Assert.Equal(h.Hdr!.GetValueAtPercentile(50), decoded.GetValueAtPercentile(50));
    }

    [Fact]
    public void A_result_of_the_old_bucket_format_is_refused_with_a_reason()
    {
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() =>
            PypiKitJson.Deserialize<LatencyHistogram>("""{"count": 2, "sum_us": 3, "min_us": 1, "max_us": 2, "buckets": [1, 1, 2, 1]}"""));
        Assert.Contains("hdr", e.Message);
    }

    [Fact]
    public void Small_values_are_exact_and_empty_histogram_reports_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.ValueAtPercentile(99));
        for (var v = 1; v <= 100; v++) h.Record(v);
        Assert.Equal(50, h.ValueAtPercentile(50));
        Assert.Equal(100, h.ValueAtPercentile(100));
        Assert.Equal(1, h.ValueAtPercentile(0));
    }

    [Fact]
    public void Histograms_of_different_ranges_merge_exactly()
    {
        var narrow = new LatencyHistogram(1_000_000);
        var wide = new LatencyHistogram(100_000_000);
        narrow.Record(500_000);
        wide.Record(50_000_000);
        narrow.Merge(wide);
        Assert.Equal(2, narrow.Count);
        Assert.Equal(100_000_000, narrow.HighestTrackableMicros);
        Assert.InRange(narrow.ValueAtPercentile(99), 49_950_000, 50_050_000);
    }

    [Fact]
    public void Signed_lateness_keeps_early_values_negative()
    {
        var h = new SignedLatencyHistogram(10_000_000);
        foreach (var v in new long[] { -300, -100, 0, 200, 400, 600, 800, 1000, 1200, 1400 }) h.Record(v);
        Assert.Equal(10, h.Count);
        Assert.Equal(-300, h.MinMicros);
        Assert.Equal(1400, h.MaxMicros);
        Assert.True(h.ValueAtPercentile(5) < 0);
        Assert.True(h.ValueAtPercentile(50) > 0);
        Assert.Equal(0.3, h.FractionAtOrBelow(0), 6);
        Assert.Equal(0.2, h.FractionAtOrBelow(-1), 6);
    }
}
