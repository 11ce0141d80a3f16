using PypiKit.Burst.Distributed;

namespace PypiKit.Tests.Burst.Distributed;

/// <summary>The htpdate-style offset from second-resolution Date headers: the true offset lies in the interval, which narrows.</summary>
public class ClockOffsetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A sample of a reference that is <paramref name="offsetMs"/> behind local time, answering mid-way through the round trip.</summary>
    private static ClockSample Sample(DateTimeOffset sent, double offsetMs, double roundTripMs)
    {
        var received = sent.AddMilliseconds(roundTripMs);
        var atServer = sent.AddMilliseconds(roundTripMs / 2 - offsetMs);
        var truncated = new DateTimeOffset(atServer.Ticks - atServer.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return new ClockSample(sent, received, truncated);
    }

    [Theory]
    [InlineData(1234.5, 20)]
    [InlineData(-830.0, 5)]
    [InlineData(0.0, 40)]
    public void Samples_spread_over_a_second_contain_the_true_offset_and_narrow_it(double offsetMs, double roundTripMs)
    {
        var samples = Enumerable.Range(0, HttpDateClock.Samples)
            .Select(i => Sample(T0.AddSeconds(i).AddMilliseconds(1000.0 * i / HttpDateClock.Samples + 3), offsetMs, roundTripMs)).ToList();
        var clock = ClockOffset.FromSamples(samples);
        Assert.InRange(offsetMs, clock.OffsetMs - clock.UncertaintyMs - 0.1, clock.OffsetMs + clock.UncertaintyMs + 0.1);
        // One sample alone leaves ±(1 s + round trip)/2; eight spread over the second leave about 1/8 s + the round trip.
        Assert.True(clock.UncertaintyMs <= 1000.0 / HttpDateClock.Samples / 2 + roundTripMs, $"±{clock.UncertaintyMs} ms");
        var single = ClockOffset.FromSamples([samples[0]]);
        Assert.Equal((1000 + roundTripMs) / 2, single.UncertaintyMs, 1);
    }

    [Fact]
    public void Contradicting_samples_fall_back_to_the_shortest_round_trip()
    {
        // The local clock stepped by 5 s between the two samples: their intervals do not meet.
        var before = Sample(T0, 0, 30);
        var after = Sample(T0.AddSeconds(2), 5000, 10);
        var clock = ClockOffset.FromSamples([before, after]);
        Assert.Equal(ClockOffset.FromSamples([after]), clock);
    }

    [Fact]
    public void A_shard_relative_to_the_coordinator_subtracts_offsets_and_adds_uncertainties()
    {
        var skew = new ClockOffset(250.4, 40).RelativeTo(new ClockOffset(-100.1, 60));
        Assert.Equal(new ClockOffset(350.5, 100), skew);
        Assert.Throws<ArgumentException>(() => ClockOffset.FromSamples([]));
    }
}
