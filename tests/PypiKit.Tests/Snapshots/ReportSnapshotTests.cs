using PypiKit.Burst;
using PypiKit.Burst.Reports;
using PypiKit.Charts;
using PypiKit.Tests.Burst;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;
using PypiKit.Incidents.Reports;
using PypiKit.Json;
using PypiKit.Sizing;
using PypiKit.Tests.Incidents;

namespace PypiKit.Tests.Snapshots;

/// <summary>
/// The text reports, rendered from fixed inputs, match their committed snapshots in <c>Snapshots/expected/</c>: the
/// burst Markdown report of a seeded result, the incident Markdown report of the committed 2025-12-27 dataset, and
/// the capacity plan (the sizing output) of two configurations. A change to any of them shows as a line diff.
/// </summary>
public class ReportSnapshotTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Burst_markdown_report_of_a_fixed_result() =>
        Snapshot.Match(MarkdownBurstReport.Render(FixedBurstResult()), "burst-report.md");

    [Fact]
    public void A_merged_runs_shards_are_one_table_in_the_markdown_and_the_html_report()
    {
        var result = FixedBurstResult() with
        {
            ShardRows =
            [
                new ShardSummary("1/2", ShardSummary.Ok, 1000, 10, 12.5, 80, 120.25, 3.5, null)
                    { ExitCode = 0, StopReason = "Essential container in task exited", ClockSkewMs = -4.2, ClockSkewUncertaintyMs = 1.5 },
                ShardSummary.FailedShard("2/2", "no result under s3://bucket/run/2 | after 90 s") with { StopReason = "Task failed ELB health checks" },
            ],
        };
        var html = HtmlBurstReport.Build(result).Blocks.ToList();
        int heading = html.FindIndex(b => b is HeadingBlock { Text: "Shards" });
        var table = Assert.IsType<TableBlock>(html[heading + 1]);
        Assert.Equal(ShardTable.Headers, table.Headers);
        Assert.Equal(["1/2", "ok", "0", "1000", "10", "12.5", "80", "120.25", "3.5", "-4.2 ± 1.5", "Essential container in task exited"], table.Rows[0]);
        Assert.Equal(["2/2", "failed", "", "0", "0", "0", "0", "0", "", "", "no result under s3://bucket/run/2 | after 90 s; Task failed ELB health checks"], table.Rows[1]);

        var markdown = MarkdownBurstReport.Render(result).Split('\n');
        int at = Array.IndexOf(markdown, "## Shards");
        Assert.True(at > 0, "no Shards section in the Markdown report");
        Assert.Equal("| " + string.Join(" | ", ShardTable.Headers) + " |", markdown[at + 4]);
        // the same cells, a '|' inside a cell written as '/' so the Markdown table keeps its columns
        Assert.Equal("| 2/2 | failed |  | 0 | 0 | 0 | 0 | 0 |  |  | no result under s3://bucket/run/2 / after 90 s; Task failed ELB health checks |", markdown[at + 7]);
    }

    [Fact]
    public void Incident_markdown_report_of_the_2025_12_27_dataset()
    {
        var analysis = IncidentAnalyzer.Analyze(IncidentTestData.Dataset20251227, ParseOptions.Strict, ct: TestContext.Current.CancellationToken);
        var report = IncidentReport.Create(analysis.Data, analysis.Diagnosis, now: new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        Snapshot.Match(MarkdownIncidentReport.Render(report), "incident-2025-12-27.md");
    }

    [Theory]
    [InlineData("t3.small", 512)]
    [InlineData("c6a.xlarge", 1024)]
    public void Capacity_plan_of_a_configuration(string instanceType, long containerMemory)
    {
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = instanceType, ContainerMemory = new(containerMemory), InstanceCount = 2 });
        Snapshot.Match(PypiKitJson.Serialize(plan) + "\n", $"plan-{instanceType}-{containerMemory}.json");
    }

    /// <summary>A result built from a seeded tally: two operations on two targets over ten seconds, a few failures.</summary>
    private static BurstResult FixedBurstResult()
    {
        const long highest = 60_000_000;
        var tally = new BurstTally { Total = new OutcomeTally(highest) };
        var random = new Random(5);
        string[] operations = ["simple_page", "file_download"];
        string[] targets = ["127.0.0.1:18081", "127.0.0.1:18082"];
        for (var i = 0; i < 2_000; i++)
        {
            var micros = (long)(Math.Exp(random.NextDouble() * Math.Log(2_000_000)) + 500);
            var ok = i % 97 != 0;
            var second = Start.ToUnixTimeSeconds() + i / 200;
            var op = operations[i % 2];
            foreach (var t in new[]
                     {
                         tally.Total, Get(tally.Operations, op, highest), Get(tally.Targets, targets[i / 7 % 2], highest),
                         Get(tally.Seconds, second, highest),
                     })
                SeededOutcomes.Record(t, micros, micros * 9 / 10, micros % 400, ok);
        }
        var profile = new BurstProfile
        {
            Name = "snapshot", Executor = ExecutorKind.ConstantArrivalRate, Rate = 200, Connections = 8, DurationSeconds = 10,
            Mix = WorkloadMix.GetOnly, Path = "/simple/",
        };
        return BurstResultBuilder.Build(tally, "snapshot", "http://127.0.0.1:18080/",
            new BurstSettings("constant_arrival_rate", profile, 30, false, "1/1", 1, 10_000, 64, "X-PypiKit-Instance"),
            Start, Start.AddSeconds(10), StopReasons.Completed, ["p95 < 2s", "error_rate < 1%"], ["p99 < 1s"], []);
    }

    private static OutcomeTally Get<TKey>(SortedDictionary<TKey, OutcomeTally> map, TKey key, long highest) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var t)) map[key] = t = new OutcomeTally(highest);
        return t;
    }
}
