using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

/// <summary>Results carry HdrHistograms: shards merge into exactly the single run's percentiles; the .hlog is standard.</summary>
[Trait("Category", "Slow")]
public class HdrResultTests
{
    private static readonly BurstProfile Profile = new()
    {
        Name = "hdr", Executor = ExecutorKind.ConstantArrivalRate, Rate = 200, Connections = 4, DurationSeconds = 1.5,
        Mix = WorkloadMix.GetOnly, Path = "/delay",
    };

    private static BurstResult ResultOf(BurstTally tally, string shard) => BurstResultBuilder.Build(tally, "hdr", "http://127.0.0.1/",
        new BurstSettings("constant_arrival_rate", Profile, 30, false, shard, 1, 1000, 10, "X-PypiKit-Instance"),
        DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), DateTimeOffset.FromUnixTimeSeconds(1_800_000_010), StopReasons.Completed,
        ["p95 < 2s"], [], shard == "1/1" ? [] : [shard]);

    private static void Add(BurstTally t, long micros, bool ok)
    {
        t.Total.Count++;
        if (ok) { t.Total.Successes++; t.Total.Latency.Record(micros); }
        else { t.Total.FailureLatency.Record(micros); }
        t.Total.ServiceTime.Record(micros / 2);
        t.Total.SendLateness.Record(micros % 7 == 0 ? -(micros % 300) : micros % 1000);
    }

    [Fact]
    public void Two_shard_result_files_merge_into_exactly_the_percentiles_of_the_single_run()
    {
        var highest = 35_000_000L;
        var whole = new BurstTally { Total = new OutcomeTally(highest) };
        var shards = new[] { new BurstTally { Total = new OutcomeTally(highest) }, new BurstTally { Total = new OutcomeTally(highest) } };
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            // A heavy tail: most answers in a few ms, some stalled for seconds.
            var micros = (long)(Math.Exp(random.NextDouble() * Math.Log(20_000_000)) + 200);
            var ok = random.NextDouble() > 0.02;
            Add(whole, micros, ok);
            Add(shards[i % 2], micros, ok);
        }
        var single = ResultOf(whole, "1/1");
        using var temp = new TempDir("pypikit-hdr-");
        var dir = temp.Path;
        var paths = new[] { Path.Combine(dir, "a.json"), Path.Combine(dir, "b.json") };
        JsonBurstReport.Write(ResultOf(shards[0], "1/2"), paths[0]);
        JsonBurstReport.Write(ResultOf(shards[1], "2/2"), paths[1]);
        var merged = BurstMerge.MergeFiles(paths);

        Assert.Equal(single.TotalRequests, merged.TotalRequests);
        Assert.Equal(single.Latency, merged.Latency);
        Assert.Equal(single.FailureLatency, merged.FailureLatency);
        Assert.Equal(single.ServiceTime, merged.ServiceTime);
        Assert.Equal(single.SendLateness, merged.SendLateness);
        Assert.True(merged.SendLateness.Min < 0, "early sends stay negative through files and merges");
        foreach (var p in new[] { 50.0, 90, 99, 99.9, 99.99 })
            Assert.Equal(whole.Total.Latency.ValueAtPercentile(p), merged.Tally.Total.Latency.ValueAtPercentile(p));
        Assert.True(whole.Total.Latency.ContentEquals(merged.Tally.Total.Latency));
    }

    [Fact]
    public async Task The_hlog_written_beside_the_report_parses_with_HdrHistograms_reader()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(3);
        var r = await BurstRunner.RunAsync(new BurstOptions { Target = server.Url, Profile = Profile, RequestTimeout = TimeSpan.FromSeconds(5) },
            null, TestContext.Current.CancellationToken);
        using var temp = new TempDir("pypikit-hlog-");
        var dir = temp.Path;
        var path = Path.Combine(dir, "run" + HlogBurstReport.Extension);
        HlogBurstReport.Write(r, path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("#[Histogram log format version", text); // plain ASCII, no UTF-16 byte-order mark
        Assert.DoesNotContain('\0', text);

        using var file = File.OpenRead(path);
        using var reader = new HdrHistogram.HistogramLogReader(file);
        var intervals = reader.ReadHistograms().ToList();
        var latency = intervals.Where(h => string.IsNullOrEmpty(h.Tag)).ToList();
        var service = intervals.Where(h => h.Tag == HlogBurstReport.ServiceTag).ToList();
        Assert.Equal(r.SuccessfulRequests, latency.Sum(h => h.TotalCount));
        Assert.Equal(r.TotalRequests, service.Sum(h => h.TotalCount));
        Assert.Equal(r.Tally.Seconds.Count(s => s.Value.Latency.Count > 0), latency.Count);
        Assert.All(latency, h => Assert.Equal(1000, h.EndTimeStamp - h.StartTimeStamp));
        // Service time on a 3 ms server: every interval's median is at least the server's hold, in µs.
        Assert.All(service, h => Assert.InRange(h.GetValueAtPercentile(50), 3_000, 1_000_000));
        Assert.Equal(r.Settings.RequestTimeoutSeconds * 1e6 + (Profile.DurationSeconds + 5) * 1e6,
            r.Tally.Total.Latency.HighestTrackableMicros, 0);
    }
}
