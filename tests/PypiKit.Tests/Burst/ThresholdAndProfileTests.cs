using PypiKit.Burst;

namespace PypiKit.Tests.Burst;

public class ThresholdAndProfileTests
{
    [Theory]
    [InlineData("p95(list) < 2s", "p95", "list", "<", 2000)]
    [InlineData("p(99) <= 500ms", "p99", null, "<=", 500)]
    [InlineData("error_rate < 1%", "error_rate", null, "<", 0.01)]
    [InlineData("count(5xx) == 0", "count", "5xx", "==", 0)]
    [InlineData("rps >= 20", "rps", null, ">=", 20)]
    public void Thresholds_parse_k6_style(string text, string metric, string? scope, string cmp, double value)
    {
        var t = Threshold.Parse(text);
        Assert.Equal(metric, t.Metric);
        Assert.Equal(scope, t.Scope);
        Assert.Equal(cmp, t.Comparator);
        Assert.Equal(value, t.Value, 9);
    }

    [Theory]
    [InlineData("p95 < 2 parsecs")]
    [InlineData("count(teapots) == 0")]
    [InlineData("p95(nothing) < 1s")]
    [InlineData("error_rate < 1s")]
    public void Bad_thresholds_are_bad_input_naming_the_expression(string text)
    {
        var e = Assert.Throws<InvalidInputException>(() => Threshold.Parse(text));
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Thresholds_evaluate_against_a_tally()
    {
        var tally = new BurstTally();
        for (var i = 0; i < 99; i++) tally.Total.Add(new RequestRecord { Status = 200, Hops = 1 }, 1000 * (i + 1), 0, 0, true);
        tally.Total.Add(new RequestRecord { Status = 503, Error = ErrorClass.Http5xx, Hops = 1 }, 5000, 0, 0, true);
        Assert.True(Threshold.Parse("error_rate <= 1%").Evaluate(tally, 10).Passed);
        Assert.False(Threshold.Parse("count(5xx) == 0").Evaluate(tally, 10).Passed);
        Assert.True(Threshold.Parse("count(5xx) < 10").Evaluate(tally, 10).Passed);
        // HdrHistogram's rank rule: the 94th of 99 successes (round(0.95 × 99)), at 3 significant digits.
        Assert.Equal(94, Threshold.Parse("p95 < 1s").Measure(tally, 10), 0);
        Assert.Equal(10, Threshold.Parse("rps > 1").Measure(tally, 10), 9);
    }

    [Fact]
    public void Reference_profiles_match_the_harness()
    {
        var p = BurstProfiles.Get("production_incident");
        Assert.Equal((3, 300.0, 60.0, 170.0, 0.0, 10.0), (p.Clients, p.DurationSeconds, p.BurstIntervalSeconds, p.BurstMultiplier, p.UploadRatio, p.PacingSeconds));
        Assert.Equal(510, p.PeakConcurrency);
        Assert.Equal(["error_rate < 1%", "p95 < 15s", "count(5xx) < 10"], p.Thresholds);
        Assert.Equal(255, BurstProfiles.Get("production_incident_with_uploads").PeakConcurrency);
        Assert.Equal(1.0, BurstProfiles.Get("upload_storm").UploadRatio);
        Assert.Equal(50, BurstProfiles.Get("light_load").Packages);
        Assert.Equal(100, BurstProfiles.Get("heavy_load").PeakConcurrency);
        foreach (var name in BurstProfiles.Names) BurstProfiles.Get(name).Validate();
        Assert.All(BurstProfiles.All.Where(x => x.Name.EndsWith("-local")), x => Assert.True(x.DurationSeconds < 60));
    }

    [Fact]
    public void User_profiles_load_from_json_and_yaml()
    {
        var yaml = """
            name: my-ramp
            executor: ramping_arrival_rate
            start_rate: 10
            stages:
              - duration_seconds: 5
                target_rate: 50
            connections: 20
            mix: { pip_install: 0.8, list: 0.2 }
            thresholds: ["p95(list) < 2s"]
            """;
        var p = BurstProfiles.Parse(yaml, yaml: true);
        Assert.Equal(ExecutorKind.RampingArrivalRate, p.Executor);
        Assert.Equal(50, p.Stages[0].TargetRate);
        Assert.Equal(0.2, p.Mix.List);
        var json = """{"name":"c","executor":"constant_arrival_rate","rate":100,"duration_seconds":3,"mix":{"get":1},"path":"/health"}""";
        Assert.Equal(100, BurstProfiles.Parse(json, yaml: false).Rate);
        var bad = Assert.Throws<InvalidInputException>(() => BurstProfiles.Parse("""{"name":"x","clients":0}""", yaml: false));
        Assert.Contains("clients", bad.Message);
    }

    [Fact]
    public void Arrival_plans_space_arrivals_evenly_and_ramp_linearly()
    {
        var c = ArrivalPlan.Constant(2000, 15);
        Assert.Equal(30_000, c.TotalArrivals);
        Assert.Equal(0.5, c.TimeOf(1000), 9);
        var ramp = new ArrivalPlan(0, [new RateStage(10, 100)]); // 500 arrivals; half of them by t = 10/√2
        Assert.Equal(500, ramp.TotalArrivals);
        Assert.Equal(10 / Math.Sqrt(2), ramp.TimeOf(250), 6);
        Assert.True(double.IsPositiveInfinity(ramp.TimeOf(500)));
    }
}
