using System.Text.Json;

namespace PypiKit.Cli.Tests;

[Trait("Category", "Slow")]
public class AnalyzeCliTests
{
    private static string Dataset()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PypiKit.slnx"))) d = d.Parent;
        return Path.Combine(d!.FullName, "data", "incidents", "2025-12-27");
    }

    [Fact]
    public async Task Analyze_prints_ranked_verdicts_and_writes_markdown_html_and_json()
    {
        using var temp = new TempDir("pypikit-analyze-");
        var outDir = temp.Path;
        var run = await CliRunner.RunAsync(["analyze", Dataset(), "--out", outDir]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var lines = run.Stdout.Split('\n');
        int top = Array.FindIndex(lines, l => l.Contains("│ 1 │"));
        Assert.True(top >= 0, run.Stdout);
        Assert.Contains("host memory pressure (swap)", lines[top]);
        Assert.Contains("likely", lines[top]);
        Assert.Contains("EFS PercentIOLimit (max): 0.8 %", run.Stdout);
        Assert.Contains("1,494 ALB requests", run.Stdout);
        Assert.DoesNotContain("\u001b[", run.Stdout);
        Assert.Contains("**Verdict: host memory pressure (swap)**", File.ReadAllText(Path.Combine(outDir, "report.md")));
        Assert.Contains("host memory pressure (swap)", File.ReadAllText(Path.Combine(outDir, "report.html")));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.Equal("memory-pressure", json.RootElement.GetProperty("verdicts")[0].GetProperty("rule_id").GetString());
    }

    [Fact]
    public async Task Analyze_alb_aggregates_the_s3_layout_as_json()
    {
        var run = await CliRunner.RunAsync(["analyze", "alb", Path.Combine(Dataset(), "alb"), "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1494, json.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(434, json.RootElement.GetProperty("clients")[0].GetProperty("requests").GetInt64());
        Assert.Contains("MB/s", run.Stderr);
    }

    [Fact]
    public async Task Analyze_alb_shows_path_classes_ci_clients_and_keeps_only_the_time_window()
    {
        var all = await CliRunner.RunAsync(["analyze", "alb", Path.Combine(Dataset(), "alb")]);
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Contains("/simple/<project>/", all.Stdout);
        Assert.Contains("/packages/…", all.Stdout);
        Assert.Contains("CI-like client IPs: 5 of 5", all.Stdout);
        var window = await CliRunner.RunAsync(["analyze", "alb", Path.Combine(Dataset(), "alb"), "--json", "--from", "2025-12-27T16:40:00Z", "--to", "2025-12-27T16:50:00"]);
        Assert.True(window.ExitCode == 0, window.Stderr);
        using var json = JsonDocument.Parse(window.Stdout);
        long kept = json.RootElement.GetProperty("requests").GetInt64(), outside = json.RootElement.GetProperty("outside_window").GetInt64();
        Assert.Equal(1494, kept + outside);
        Assert.InRange(kept, 1, 1493);
        Assert.StartsWith("2025-12-27T16:4", json.RootElement.GetProperty("first").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2025-12-27T16:49", json.RootElement.GetProperty("last").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "yesterday", "--from takes a date and time")]
    [InlineData("--to", "16:99", "--to takes a date and time")]
    public async Task A_bad_time_window_exits_2_naming_the_flag(string flag, string value, string message)
    {
        var run = await CliRunner.RunAsync(["analyze", "alb", Path.Combine(Dataset(), "alb"), flag, value]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Contains(value, run.Stderr);
        var reversed = await CliRunner.RunAsync(["analyze", Dataset(), "--from", "2025-12-27T16:50:00Z", "--to", "2025-12-27T16:40:00Z"]);
        Assert.Equal(2, reversed.ExitCode);
        Assert.Contains("--to must be after --from", reversed.Stderr);
    }

    [Fact]
    public async Task Strict_mode_names_the_bad_file_and_line_and_exits_2()
    {
        using var temp = new TempDir("pypikit-strict-");
        var dir = temp.Path;
        File.WriteAllText(Path.Combine(dir, "vmstat.txt"),
            " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n 1  0 0 1 1 1 0 0 0 0 1 1 1 1 98 0 0\n 1  0 0 1 1 1 0 0 0 0 1 1 1 1 98 0 0\n garbage line\n");
        var strict = await CliRunner.RunAsync(["analyze", dir, "--strict", "--out", Path.Combine(dir, "out")]);
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("vmstat.txt:4:", strict.Stderr);
        var tolerant = await CliRunner.RunAsync(["analyze", dir, "--out", Path.Combine(dir, "out")]);
        Assert.Equal(0, tolerant.ExitCode);
        Assert.Contains("1 rejected", tolerant.Stdout);
        var missing = await CliRunner.RunAsync(["analyze", Path.Combine(dir, "nope")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not found", missing.Stderr);
    }

    [Fact]
    public async Task Nothing_recognised_exits_2_saying_what_was_looked_for_and_skipped_files_are_listed()
    {
        using var temp = new TempDir("pypikit-empty-");
        var dir = temp.Path;
        var empty = await CliRunner.RunAsync(["analyze", dir, "--out", Path.Combine(dir, "out")]);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("nothing recognised", empty.Stderr);
        Assert.Contains("vmstat*", empty.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));

        File.WriteAllText(Path.Combine(dir, "vmstat.txt"),
            " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n 1  0 0 1 1 1 0 0 0 0 1 1 1 1 98 0 0\n 1  0 0 1 1 1 0 0 0 0 1 1 1 1 98 0 0\n");
        File.WriteAllText(Path.Combine(dir, "cw-ec2.json"), "{\"MetricDataResults\": [{\"Id\": \"cpu\", \"Timestamps\": [\"2025-12-27T16:35:00Z\"");
        File.WriteAllText(Path.Combine(dir, "notes.json"), "{\"hello\": 1}");
        var run = await CliRunner.RunAsync(["analyze", dir, "--out", Path.Combine(dir, "out")]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("cw-ec2.json: nothing usable", run.Stdout);
        Assert.Contains("not recognised, skipped: notes.json", run.Stdout);
        var strict = await CliRunner.RunAsync(["analyze", dir, "--strict", "--out", Path.Combine(dir, "out2")]);
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("cw-ec2.json", strict.Stderr);

        var bad = await CliRunner.RunAsync(["analyze", dir, "--max-line", "10"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--max-line", bad.Stderr);
        var badStart = await CliRunner.RunAsync(["analyze", dir, "--start", "yesterday"]);
        Assert.Equal(2, badStart.ExitCode);
        Assert.Contains("--start", badStart.Stderr);
    }

    [Fact]
    public async Task Analyze_help_teaches_usage()
    {
        var run = await CliRunner.RunAsync(["analyze", "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Example: pypikit analyze", run.Stdout);
        Assert.Contains("--strict", run.Stdout);
    }
}
