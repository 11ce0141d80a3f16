using System.Globalization;
using PypiKit.Incidents;
using PypiKit.Json;
using PypiKit.Series;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;
using static PypiKit.Tests.Incidents.BurstFolderTestData;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// PypiKit's own report folders as incident input: a burst folder written by the library's writers is recognised by its
/// burst JSON, its client figures, host samples and CloudWatch series land on the names the rules read, and the verdicts
/// cite the run's own figures; a damaged burst JSON is one error naming the file; a capture is still read as a capture.
/// </summary>
public class BurstFolderSourceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly TempDir _work = new("pypikit-burst-folder-");

    public void Dispose()
    {
        _work.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Folder(string name) => Path.Combine(_work.Path, name);

    [Fact]
    public void A_burst_folder_whose_host_swapped_yields_the_memory_verdict_and_the_runs_own_figures_as_evidence()
    {
        var result = Result(Start, failEvery: 40, host: SwappingHost(Start));
        var folder = Folder("burst");
        Write(result, folder);

        var a = IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken);

        var memory = a.Diagnosis.Get("memory-pressure")!;
        Assert.Equal(VerdictStatus.Likely, memory.Status);
        // 800 pages/s of swap-in are 3,200 KiB/s, on vmstat's name and unit
        Assert.Contains(memory.For, e => e.Metric == "swap-in (si) peak" && e.Observed == "3,200 KiB/s");
        Assert.Contains(memory.For, e => e.Metric == "iowait while swapping in" && e.Observed.EndsWith("45 %", StringComparison.Ordinal));
        Assert.Contains(memory.For, e => e.Metric.StartsWith("when swapping started", StringComparison.Ordinal) && e.Observed.Contains("10:00:10", StringComparison.Ordinal));
        Assert.Equal(a.Diagnosis.Top, memory);
        Assert.NotEmpty(memory.Remedies);

        var client = a.Diagnosis.Get("client-burst")!;
        var requests = client.For.Single(e => e.Metric == "requests measured by the load generator");
        Assert.StartsWith($"{result.TotalRequests.ToString("N0", Inv)} ({result.FailedRequests.ToString("N0", Inv)} failed)", requests.Observed);
        Assert.Contains(client.For, e => e.Metric == "p95 latency of successful requests" && e.Observed.StartsWith(result.LatencyP95.ToString("0.0", Inv) + " ms", StringComparison.Ordinal));
        // latency rose tenfold halfway: the change point is at the second the slow half began
        Assert.Contains(client.For, e => e.Metric.StartsWith("p95 latency over time", StringComparison.Ordinal) && e.Observed.Contains("before 10:00:10", StringComparison.Ordinal));
        Assert.Contains(client.For, e => e.Metric == "failures by class" && e.Observed.StartsWith($"5xx {result.ErrorClasses["5xx"]:N0}", StringComparison.Ordinal));

        var errors = a.Diagnosis.Get("5xx-source")!;
        Assert.Contains(errors.For.Concat(errors.Against), e => e.Observed.StartsWith($"{result.Error5xxCount:N0} of {result.TotalRequests:N0}", StringComparison.Ordinal));
        Assert.Equal("load generator", a.Diagnosis.Get("load-imbalance")!.Against.First().Source);
        Assert.Contains(a.Report.Verdicts, v => v.RuleId == "memory-pressure");
    }

    [Fact]
    public void A_burst_folder_whose_host_did_not_swap_does_not_blame_memory()
    {
        var folder = Folder("healthy");
        Write(Result(Start, host: SwappingHost(Start, swapInPages: 0, swapUsedMib: 0)), folder);
        var a = IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken);
        var memory = a.Diagnosis.Get("memory-pressure")!;
        Assert.True(memory.Status is VerdictStatus.RuledOut or VerdictStatus.Unlikely, memory.ToString());
        Assert.Contains(memory.Against, e => e.Metric == "swap-in (si) peak" && e.Observed == "0 KiB/s");
    }

    [Fact]
    public void The_burst_windows_cloudwatch_series_and_snapshots_feed_the_efs_and_5xx_rules()
    {
        var folder = Folder("aws");
        var result = Result(Start, failEvery: 10);
        Write(result, folder);
        TimeSeries Line(string label, string unit, Func<int, double> f) => new(label, unit, Enumerable.Range(0, 10).Select(i => new TimePoint(Start.AddMinutes(i), f(i))).ToArray());
        MetricSeries Of(string panel, string id, string metric, string stat, TimeSeries s, params MetricDimension[] dims) =>
            new(panel, id, MetricPanelKind.Widget, "Complete", s) { Metric = new MetricIdentity("AWS/X", metric, dims), Stat = stat };
        var report = new MetricsReport(Start, Start.AddMinutes(10),
        [
            Of("efs-burst-credit-balance", "credits", "BurstCreditBalance", "Average", Line("Burst credit balance", "Bytes", i => 2e12 * (9 - i) / 9), new MetricDimension("FileSystemId", "fs-1")),
            Of("efs-throughput-utilization", "io_limit", "PercentIOLimit", "Average", Line("Percent of I/O limit", "Percent", i => i < 5 ? 40 : 100)),
            Of("alb-5xx-by-source", "elb_5xx", "HTTPCode_ELB_5XX_Count", "Sum", Line("ELB 5XX (load balancer)", "Count", i => i < 5 ? 0 : 30)),
            Of("alb-5xx-by-source", "target_5xx", "HTTPCode_Target_5XX_Count", "Sum", Line("Target 5XX (application)", "Count", i => i < 5 ? 0 : 2)),
            Of("host-cpu-credits", "i0", "CPUCreditBalance", "Average", Line("CPU credits i-0abc12345", "Count", i => i < 4 ? 40 - 10 * i : 0), new MetricDimension("InstanceId", "i-0abc12345")),
            Of("ecs-cpu-memory", "cpu_avg", "CPUUtilization", "Average", Line("CPU average", "Percent", _ => 60)),
            new MetricSeries("math", "m1", MetricPanelKind.Widget, "Complete", Line("expression", "None", i => i)),
        ], []);
        File.WriteAllText(Path.Combine(folder, BurstFolderSource.MetricsFileName), PypiKitJson.Serialize(report));
        SnapshotFiles.WriteAll(folder, [Snapshot(Start, 2, 2), Snapshot(Start.AddMinutes(5), 1, 1)]);
        // a campaign's stack outputs, as it writes them: the capacity plan's facts under capacityInfo
        File.WriteAllText(Path.Combine(folder, BurstFolderSource.StackOutputsFileName), """
            {"url": "https://pypi.example.test/", "password": "[secret]",
             "capacityInfo": {"instance_type": "t3.micro", "instance_vcpu_count": 2, "instance_ram_mb": 1024, "container_memory_mb": 384, "tasks_per_instance": 2}}
            """);

        var a = IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken);

        Assert.NotNull(a.Data.Timeline.Get("cloudwatch.BurstCreditBalance.Average"));
        Assert.NotNull(a.Data.Timeline.Get("cloudwatch.math.m1"));
        Assert.Equal([2.0, 1.0], a.Data.Timeline.Get("ecs.running_tasks")!.Points.Select(p => p.Value));
        var efs = a.Diagnosis.Get("efs-throughput")!;
        Assert.True(efs.Status is VerdictStatus.Likely or VerdictStatus.Possible, efs.ToString());
        Assert.Contains(efs.For, e => e.Metric == "EFS PercentIOLimit (max)" && e.Source == "cloudwatch.PercentIOLimit.Average");
        Assert.Equal(("t3.micro", 2, 1024.0, 384.0), (a.Data.Host.InstanceType, a.Data.Host.Containers, a.Data.Host.MemoryMib, a.Data.Host.ContainerMemoryMib));
        var cpu = a.Diagnosis.Get("cpu")!;
        Assert.Contains(cpu.For, e => e.Metric == "CPU credits hit zero" && e.Source == "cloudwatch.CPUCreditBalance.Average.i-0abc12345" && e.Observed.StartsWith("at 10:04:00", StringComparison.Ordinal));
        // the remedy is computed for the stack's own instance type (unlimited credits or a non-burstable type)
        Assert.Contains(cpu.Remedies, r => r.Action.StartsWith("Switch t3.micro to unlimited credit mode", StringComparison.Ordinal));
        var errors = a.Diagnosis.Get("5xx-source")!;
        Assert.Equal("5xx errors, mostly from the balancer (502/503/504)", errors.Title);
        Assert.Contains(errors.For, e => e.Metric.StartsWith("generated by the balancer", StringComparison.Ordinal) && e.Observed == "150");
        Assert.Contains(errors.For, e => e.Observed.StartsWith($"{result.Error5xxCount:N0} of {result.TotalRequests:N0}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_campaign_folder_joins_its_bursts_in_time_order()
    {
        var campaign = Folder("campaign");
        var first = Result(Start, seconds: 10, host: SwappingHost(Start, seconds: 10, swapInPages: 0, swapUsedMib: 0));
        var second = Result(Start.AddMinutes(5), seconds: 10, perSecond: 30, host: SwappingHost(Start.AddMinutes(5), seconds: 10));
        Write(first, Path.Combine(campaign, "run-1"));
        Write(second, Path.Combine(campaign, "run-2"));

        var a = IncidentAnalyzer.Analyze(campaign, ct: TestContext.Current.CancellationToken);

        var requests = a.Data.Timeline.Get("client.requests")!;
        Assert.Equal(first.TotalRequests + second.TotalRequests, (long)requests.Points.Sum(p => p.Value));
        Assert.Equal(Start, requests.Points[0].Time);
        Assert.Equal(Start.AddMinutes(5).AddSeconds(9), requests.Points[^1].Time);
        Assert.Equal(20, a.Data.Timeline.Get("vmstat.si")!.Points.Count);
        var client = a.Diagnosis.Get("client-burst")!;
        Assert.Contains(client.For, e => e.Observed.StartsWith($"{first.TotalRequests + second.TotalRequests:N0} (0 failed)", StringComparison.Ordinal)
                                         && e.Observed.Contains("in 2 bursts", StringComparison.Ordinal));
        Assert.Contains(client.For, e => e.Observed == $"{first.LatencyP95.ToString("0.0", Inv)} ms (p50 {first.LatencyMedian.ToString("0.0", Inv)}, p99 {first.LatencyP99.ToString("0.0", Inv)})"
            + $" / {second.LatencyP95.ToString("0.0", Inv)} ms (p50 {second.LatencyMedian.ToString("0.0", Inv)}, p99 {second.LatencyP99.ToString("0.0", Inv)}) (per burst)");
        // the second burst swapped: the memory verdict finds it when swapping started
        var memory = a.Diagnosis.Get("memory-pressure")!;
        Assert.Equal(VerdictStatus.Likely, memory.Status);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not-json")]
    [InlineData("wrong-shape")]
    public void A_damaged_burst_json_is_one_error_naming_the_file(string damage)
    {
        var folder = Folder("damaged");
        var json = Write(Result(Start), folder);
        var text = File.ReadAllText(json);
        File.WriteAllText(json, damage switch
        {
            "truncated" => text[..(text.Length / 2)],
            "not-json" => "<html>not a burst</html>",
            _ => """{"profile": "x", "total_requests": "many"}""",
        });
        var ex = Assert.Throws<InvalidInputException>(() => IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken));
        Assert.Equal(json, ex.Input);
        Assert.StartsWith($"burst result '{json}' is damaged or unreadable (", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_damaged_telemetry_file_beside_a_burst_is_one_error_naming_it()
    {
        var folder = Folder("damaged-telemetry");
        Write(Result(Start), folder);
        var metrics = Path.Combine(folder, BurstFolderSource.MetricsFileName);
        File.WriteAllText(metrics, """{"from": "2026-03-02T10:00:00Z", "series": [{"panel": "p", "line_id": "l", "series": {"points": [{"time": 5}]}}]""");
        var ex = Assert.Throws<InvalidInputException>(() => IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken));
        Assert.StartsWith($"telemetry file '{metrics}' is damaged or unreadable (", ex.Message);
    }

    [Fact]
    public void Damaged_stack_outputs_beside_a_burst_are_one_error_naming_them()
    {
        var folder = Folder("damaged-outputs");
        Write(Result(Start), folder);
        var outputs = Path.Combine(folder, BurstFolderSource.StackOutputsFileName);
        File.WriteAllText(outputs, """{"capacityInfo": {"instance_type": """);
        var ex = Assert.Throws<InvalidInputException>(() => IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken));
        Assert.StartsWith($"stack outputs '{outputs}' is damaged or unreadable (", ex.Message);
    }

    [Fact]
    public void A_capture_and_a_cloudwatch_export_named_burst_are_still_read_as_captures()
    {
        var folder = Folder("capture");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "burst_credits.json"), """
            {"MetricDataResults": [{"Id": "m1", "Label": "BurstCreditBalance", "Timestamps": ["2026-03-02T10:00:00Z", "2026-03-02T10:05:00Z"], "Values": [2e12, 1e9], "StatusCode": "Complete"}]}
            """);
        Assert.Empty(BurstFolderSource.FindBurstFiles(folder));
        var a = IncidentAnalyzer.Analyze(folder, ct: TestContext.Current.CancellationToken);
        Assert.Empty(a.Data.ClientRuns);
        Assert.NotNull(a.Data.Timeline.Find("BurstCreditBalance"));
        Assert.Equal(VerdictStatus.NoData, a.Diagnosis.Get("client-burst")!.Status);
    }

    private static StackSnapshot Snapshot(DateTimeOffset at, int running, int healthy) =>
        new(at, 0, false, "test", new EcsServiceCounts("svc", "ACTIVE", 2, running, 2 - running, null, null), [], new TargetHealthCounts(healthy, 2 - healthy, 0, 0),
            new Dictionary<string, string>(), new Dictionary<string, int>(), [], [], [], []);
}
