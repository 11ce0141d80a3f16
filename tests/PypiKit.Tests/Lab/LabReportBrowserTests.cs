using System.Text.Json;
using PypiKit.Burst;
using PypiKit.Browser;
using PypiKit.Charts;
using PypiKit.Host;
using PypiKit.Sandbox.Lab;
using PypiKit.Sandbox.Lab.Reports;
using PypiKit.Sizing;
using PypiKit.Tests.Charts;

namespace PypiKit.Tests.Lab;

/// <summary>
/// A short in-process lab run (real sandbox, real /proc sampling of this process) whose report is loaded in headless
/// Chromium: the memory, swap and credit traces and the plan's formula lines are drawn, every point inside its axis.
/// </summary>
[Trait("Category", "Slow")]
public class LabReportBrowserTests(ChromiumRenderer chromium) : IClassFixture<ChromiumRenderer>
{
    [Fact]
    public async Task An_in_process_lab_samples_its_instances_and_its_report_draws_the_plan_lines()
    {
        using var temp = new TempDir("pypikit-lab-report-");
        var dir = temp.Path;
        var plan = CapacityPlanner.Plan(new SizingInputs { InstanceType = "t3.small", ContainerMemory = new(512) });
        var stages = new List<LabStage>();
        var lab = await LabRunner.RunAsync(new LabOptions
        {
            Plan = plan,
            SandboxInstances = 2,
            Profile = BurstProfiles.Resolve("production_incident-local"),
            DurationSeconds = 5,
            Versions = 1,
            InProcess = true,
            OutDirectory = dir,
            EfsStorageGib = 20,
        }, new SynchronousProgress<LabProgress>(p => { lock (stages) stages.Add(p.Stage); }), TestContext.Current.CancellationToken);

        // The sampler watched the instances: in-process, that is this process.
        var me = Assert.Single(lab.Host.Processes);
        Assert.Equal(Environment.ProcessId, me.Pid);
        Assert.True(me.Rss.Min > 0);
        Assert.True(lab.Host.Snapshots >= 3, $"{lab.Host.Snapshots} snapshots");
        Assert.False(lab.Host.Host.MemAvailable.IsEmpty);
        Assert.Equal(2, lab.Mapping.SandboxInstances);
        Assert.Equal(plan.GunicornWorkersPerContainer, lab.Mapping.WorkersPerInstance);
        Assert.False(lab.Cancelled);
        Assert.Contains(LabStage.Burst, stages);
        Assert.Equal(["rss", "host_memory", "swap", "pressure", "cpu", "io", "efs"], lab.HostVerdicts.Select(v => v.Signal));
        Assert.Contains("of the 512 MiB hard limit", lab.HostVerdicts[0].Text);
        Assert.StartsWith("Verdict: ", lab.Conclusion.Verdict);
        Assert.Contains($"{lab.Burst.RequestsPerSecond:0.##} req/s", lab.Conclusion.ThroughputNote);

        // lab.json holds the settings, the conclusion and the series.
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Folder, LabReportFiles.JsonFileName)));
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("settings").GetProperty("sandbox_instances").GetInt32());
        Assert.Equal(lab.Conclusion.Headline, root.GetProperty("conclusion").GetProperty("headline").GetString());
        Assert.Equal(lab.Host.Host.MemAvailable.Points.Count, root.GetProperty("host").GetProperty("host").GetProperty("mem_available").GetProperty("points").GetArrayLength());
        Assert.True(root.GetProperty("host").GetProperty("processes")[0].GetProperty("rss").GetProperty("points").GetArrayLength() >= 2);
        Assert.True(root.GetProperty("efs").GetProperty("balance").GetProperty("points").GetArrayLength() >= 2);

        // The Markdown is titled for the lab and concludes.
        var md = File.ReadAllText(Path.Combine(lab.Folder, LabMarkdownReport.FileName));
        Assert.StartsWith("# Lab: production_incident-local on 2 sandbox instance(s)", md);
        Assert.Contains(lab.Conclusion.Verdict, md);
        Assert.Contains("## Settings", md);
        Assert.Contains("## Burst model, predicted before the run", md);
        Assert.Contains("Run-average throughput", md);
        Assert.DoesNotContain("\n# Stress Test Results", md);

        var r = await chromium.RenderAsync(Path.Combine(lab.Folder, LabHtmlReport.FileName));
        Assert.True(r.AllErrors.Count == 0, string.Join("\n", r.AllErrors));
        Assert.Equal(r.TraceCount, r.DrawnTraceCount);
        var titles = r.Figures.Select(f => f.Title ?? "").ToArray();
        FigureRender Figure(string startsWith) => r.Figures.Single(f => (f.Title ?? "").StartsWith(startsWith, StringComparison.Ordinal));
        var memory = Figure("Instance memory (RSS)");
        Assert.Contains(LabCharts.HardLimitLine, memory.TraceNames);
        Assert.Contains(LabCharts.ReservationLine, memory.TraceNames);
        Assert.Contains(memory.TraceNames, n => n.EndsWith(" RSS", StringComparison.Ordinal));
        var host = Figure("Host memory available");
        Assert.Equal([LabCharts.MemAvailableTrace, LabCharts.HostBudgetLine, LabCharts.SwapInTrace, LabCharts.SwapOutTrace], host.TraceNames);
        var credits = Figure("EFS burst credits at 20 GiB bursting");
        Assert.Equal([LabCharts.CreditBalanceTrace, LabCharts.MeteredTrace, LabCharts.BaselineLine, LabCharts.BurstRateLine], credits.TraceNames);
        Assert.Contains(LabCharts.ClientP95Trace, Figure("Client p95 latency per second").TraceNames);
        Assert.DoesNotContain(titles, t => t.StartsWith("Burst:", StringComparison.Ordinal));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the pool and race the assertions).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
