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
    public void Json_round_trip_keeps_every_count()
    {
        var h = new LatencyHistogram();
        foreach (var v in new long[] { 0, 1, 127, 128, 129, 1_000, 65_432, 3_000_000, LatencyHistogram.MaxTrackableMicros + 5 }) h.Record(v);
        var back = PypiKitJson.Deserialize<LatencyHistogram>(PypiKitJson.Serialize(h));
        Assert.True(back.ContentEquals(h));
        Assert.Equal(LatencyHistogram.MaxTrackableMicros, back.MaxMicros);
    }

    [Fact]
    public void Small_values_are_exact_and_empty_histogram_reports_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.ValueAtPercentile(99));
        for (var v = 0; v < 100; v++) h.Record(v);
        Assert.Equal(50, h.ValueAtPercentile(50));
        Assert.Equal(99, h.ValueAtPercentile(100));
    }
}
