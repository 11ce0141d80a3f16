using PypiKit.Sizing.Model;
using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Charts;
using PypiKit.Tests.Charts;

namespace PypiKit.Tests.Burst;

/// <summary>The burst charts and the HTML report render in headless Chromium without errors.</summary>
[Trait("Category", "Slow")]
public class BurstChartTests(ChromiumRenderer chromium) : IClassFixture<ChromiumRenderer>
{
    [Fact]
    public async Task A_paced_run_report_renders_every_chart()
    {
        await using var server = await FreezeServer.StartAsync();
        server.FixedDelay = TimeSpan.FromMilliseconds(20);
        var result = await BurstRunner.RunAsync(new BurstOptions
        {
            Target = server.Url,
            Profile = new BurstProfile
            {
                Name = "chart-run", Executor = ExecutorKind.ConstantArrivalRate, Rate = 200, Connections = 8, DurationSeconds = 3,
                Mix = WorkloadMix.GetOnly, Path = "/delay", Thresholds = ["p95 < 2s"],
            },
        }, null, TestContext.Current.CancellationToken);
        // A paced-iteration history so the completion and model charts have data (synthetic levels: 3 and 60 clients).
        var h3 = new LatencyHistogram(); for (var i = 0; i < 90; i++) h3.Record(20_000 + i * 10);
        var h60 = new LatencyHistogram(); for (var i = 0; i < 540; i++) h60.Record(40_000 + i * 100);
        result = result with
        {
            Bursts =
            [
                new BurstIteration(0, true, 60, 180, 0, 0, 1.2) { Latency = h60 },
                new BurstIteration(1, false, 3, 9, 0, 5, 0.2) { Latency = h3 },
            ],
        };
        var comparison = BurstModelComparison.Compare(result, new BurstModelInputs
        {
            Clients = 1, Tasks = 4, WorkersPerTask = 4, VcpusPerHost = 4, Demand = ServiceDemand.FromMeasured(0.02, 0.005, 0.3),
        }, "given");
        Assert.Equal([3, 60], comparison.Levels.Select(l => l.Concurrency));
        Assert.All(comparison.Levels, l => Assert.True(l.PredictedP95Ms > 0));

        var report = HtmlBurstReport.Build(result, comparison);
        var figures = report.Figures.ToList();
        Assert.Equal(6, figures.Count);
        var r = await chromium.RenderAsync(report, "burst-report");
        Assert.Empty(r.AllErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal(6, r.FigureCount);
        Assert.Equal(r.TraceCount, r.DrawnTraceCount);
        Assert.Empty(r.OutsideAxisRange);
        // The p95 < 2s line is drawn when 2000 ms is near the measured latencies, else noted under the title.
        var latency = new ChartJson(BurstCharts.LatencyOverTime(result));
        var top = result.PerSecond.Max(s => s.P99Ms);
        if (ChartBuilder.ThresholdInView(2000, 0, top))
            Assert.Equal([2000.0, 2000.0], ChartJson.Numbers(latency.Trace("threshold p95 < 2s"), "y"));
        else
            Assert.Contains("threshold p95 < 2s: above the data, not drawn", System.Net.WebUtility.HtmlDecode(latency.Title));
        // Throughput is drawn per second as bars; the burst windows are one legend entry.
        var throughput = new ChartJson(BurstCharts.ThroughputOverTime(result));
        Assert.Equal("bar", (string?)throughput.Trace("requests/s")["type"]);
        Assert.Single(throughput.Traces, t => (string?)t["name"] == BurstCharts.BurstWindow && (bool)t["showlegend"]!);
    }
}
