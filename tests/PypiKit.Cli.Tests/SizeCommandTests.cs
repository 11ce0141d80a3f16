using System.Text.Json;

namespace PypiKit.Cli.Tests;

[Trait("Category", "Slow")]
public class SizeCommandTests
{
    private static async Task<JsonElement> Json(params string[] args)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task T3_small_json_has_the_acceptance_figures()
    {
        var j = await Json("size", "--instance", "t3.small", "--instances", "2", "--container-memory", "512", "--json");
        Assert.Equal(4, j.GetProperty("gunicorn_workers_per_container").GetInt32());
        Assert.Equal(640, j.GetProperty("container_cpu_units").GetInt32());
        Assert.Equal(384, j.GetProperty("container_memory_reservation_mb").GetInt32());
        Assert.Equal(1248, j.GetProperty("available_ram_mb_per_instance").GetInt32());
        Assert.Equal(1920, j.GetProperty("available_cpu_units_per_instance").GetInt32());
        Assert.Equal(3, j.GetProperty("tasks_per_instance_ram_limit").GetInt32());
        Assert.Equal(3, j.GetProperty("tasks_per_instance_cpu_limit").GetInt32());
        Assert.Equal(3, j.GetProperty("tasks_per_instance").GetInt32());
        Assert.Equal(6, j.GetProperty("actual_task_min_count").GetInt32());
        Assert.Equal(12, j.GetProperty("actual_task_max_count").GetInt32());
    }

    [Fact]
    public async Task C6a_xlarge_json_is_cpu_limited_with_12_to_24_tasks()
    {
        var j = await Json("size", "--instance", "c6a.xlarge", "--instances", "2", "--container-memory", "512", "--json");
        Assert.Equal(19, j.GetProperty("tasks_per_instance_ram_limit").GetInt32());
        Assert.Equal(6, j.GetProperty("tasks_per_instance_cpu_limit").GetInt32());
        Assert.Equal("CPU", j.GetProperty("limiting_factor").GetString());
        Assert.Equal(12, j.GetProperty("actual_task_min_count").GetInt32());
        Assert.Equal(24, j.GetProperty("actual_task_max_count").GetInt32());
    }

    [Fact]
    public async Task The_table_shows_the_plan()
    {
        var run = await CliRunner.RunAsync(["size", "--instance", "c6a.xlarge", "--instances", "2", "--container-memory", "512"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("tasks_per_instance_cpu_limit", run.Stdout);
        Assert.Contains("7392", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout); // NO_COLOR is set by the runner
    }

    [Fact]
    public async Task An_unknown_instance_type_exits_2_naming_it()
    {
        var run = await CliRunner.RunAsync(["size", "--instance", "t9.nano"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("t9.nano", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--container-memory", "64")]
    [InlineData("--workers", "17")]
    [InlineData("--container-cpu", "100")]
    public async Task Out_of_range_inputs_exit_2_naming_the_flag_as_typed(string option, string value)
    {
        var run = await CliRunner.RunAsync(["size", option, value]);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {option} ", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Predict_prints_the_prediction_and_the_calibration_error()
    {
        var run = await CliRunner.RunAsync(["size", "predict", "--concurrency", "510"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("p95 latency", run.Stdout);
        Assert.Contains("14.3 s", run.Stdout);
        Assert.Contains("measured 14 s, error +2.2 %", run.Stdout);

        var j = await Json("size", "predict", "--concurrency", "510", "--instance", "c6a.xlarge", "--instances", "2", "--json");
        var p = j.GetProperty("prediction");
        Assert.Equal(48, p.GetProperty("workers").GetInt32());
        Assert.InRange(p.GetProperty("p95_latency_seconds").GetDouble(), 12.6, 15.4);
        Assert.InRange(j.GetProperty("calibration").GetProperty("p95_error").GetDouble(), -0.1, 0.1);
    }

    [Fact]
    public async Task Sweep_json_holds_every_combination()
    {
        var j = await Json("size", "sweep", "--types", "t3.small,c6a.xlarge", "--memories", "256,512", "--json");
        var rows = j.GetProperty("rows");
        Assert.Equal(4, rows.GetArrayLength());
        Assert.Equal("c6a.xlarge", rows[3].GetProperty("instance_type").GetString());
        Assert.Equal(12, rows[3].GetProperty("task_min_count").GetInt32());
    }

    [Fact]
    public async Task Profile_heavy_recommends_two_c6a_xlarge_with_reasons()
    {
        var run = await CliRunner.RunAsync(["size", "profile", "heavy"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 × c6a.xlarge", run.Stdout);
        Assert.Contains("100 % sustained CPU", run.Stdout);
        var bad = await CliRunner.RunAsync(["size", "profile", "gigantic"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("gigantic", bad.Stderr);
    }

    [Fact]
    public async Task Efs_cost_and_cpu_credit_commands_answer()
    {
        var efs = await Json("size", "efs", "--storage-gb", "10", "--read-mibps", "300", "--json");
        Assert.InRange(efs.GetProperty("hours_to_depletion").GetDouble(), 6.0, 6.3); // 2.1 TiB at 100 MiB/s − 0.5 MiB/s
        var cost = await Json("size", "cost", "--instance", "t3.small", "--shape", "dev", "--json");
        Assert.Equal(30.37, cost[0].GetProperty("lines")[0].GetProperty("monthly").GetDouble(), 2);
        var cpu = await Json("size", "cpu-credits", "--instance", "t3.small", "--cpu", "100", "--json");
        Assert.Equal(6.0, cpu.GetProperty("hours_to_depletion").GetDouble(), 6);
        var notT = await CliRunner.RunAsync(["size", "cpu-credits", "--instance", "c6a.large"]);
        Assert.Equal(2, notT.ExitCode);
    }

    [Fact]
    public async Task Help_teaches_units_and_an_example()
    {
        var run = await CliRunner.RunAsync(["size", "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Example: pypikit size --instance c6a.xlarge", run.Stdout);
        Assert.Contains("MB", run.Stdout);
        foreach (var sub in new[] { "sweep", "profile", "efs", "cpu-credits", "cost", "predict" }) Assert.Contains(sub, run.Stdout);
    }
}

[Trait("Category", "Slow")]
public class SizeSweepHtmlTests
{
    [Fact]
    public async Task Size_sweep_html_writes_a_report_whose_charts_render_in_chromium()
    {
        using var temp = new TempDir("pypikit-sweep-html-");
        var dir = temp.Path;
        var run = await CliRunner.RunAsync(["size", "sweep", "--instances", "2", "--container-memory", "256,512,1024", "--html", "out/sizing.html"],
            workingDirectory: dir);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        var page = Path.Combine(dir, "out", "sizing.html");
        Assert.True(File.Exists(page));
        Assert.Contains("sizing.html (3 charts)", run.Stderr);

        await using var chromium = await PypiKit.Browser.HeadlessChromium.LaunchAsync(ct: TestContext.Current.CancellationToken);
        var r = await chromium.RenderAsync(page, Path.Combine(dir, "out", "sizing.png"), ct: TestContext.Current.CancellationToken);
        Assert.Empty(r.ConsoleErrors);
        Assert.Empty(r.ChartErrors);
        Assert.True(r.SvgRootPresent);
        Assert.Equal(3, r.FigureCount);
        // Default 7 instance types: tasks chart 3 traces × 3 memories; cost chart 2 per type; credits: t3.small, t3.medium.
        Assert.Equal([9, 14, 2], r.Figures.Select(f => f.TraceCount));
        Assert.All(r.Figures, f => Assert.Empty(f.ValidationErrors));
        Assert.True(new FileInfo(r.PngPath!).Length > 20_000);
    }

    [Fact]
    public async Task A_bad_p95_target_is_bad_input()
    {
        var run = await CliRunner.RunAsync(["size", "sweep", "--types", "t3.small", "--memories", "512", "--html", "x.html", "--p95-target", "-1"],
            workingDirectory: Path.GetTempPath());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--p95-target", run.Stderr);
    }
}
