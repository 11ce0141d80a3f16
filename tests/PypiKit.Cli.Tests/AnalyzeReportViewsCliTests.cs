using System.Text.Json;

namespace PypiKit.Cli.Tests;

/// <summary><c>pypikit analyze --from/--to</c> names the window in the reports it writes, beside the traffic views.</summary>
[Trait("Category", "Slow")]
public class AnalyzeReportViewsCliTests
{
    private static string Dataset()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PypiKit.slnx"))) d = d.Parent;
        return Path.Combine(d!.FullName, "data", "incidents", "2025-12-27");
    }

    [Fact]
    public async Task The_window_given_on_the_command_line_is_named_in_markdown_html_and_json()
    {
        using var temp = new TempDir("pypikit-analyze-window-");
        var outDir = temp.Path;
        var run = await CliRunner.RunAsync(["analyze", Dataset(), "--from", "2025-12-27T16:40:00Z", "--to", "2025-12-27T16:50", "--out", outDir]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        const string window = "Time window: --from 2025-12-27T16:40:00Z --to 2025-12-27T16:50:00Z (start inclusive, end exclusive)";
        var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        Assert.Contains(window, md);
        Assert.Contains("### By path class", md);
        Assert.Contains("| Client IP | Requests | Peak req/min | Busy minutes |", md);
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<p id=\"traffic-window\">" + window, html);
        Assert.Contains("<h2>Credit charts</h2>", html);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var traffic = json.RootElement.GetProperty("traffic");
        Assert.Equal("2025-12-27T16:40:00+00:00", traffic.GetProperty("window_from").GetString());
        long inWindow = traffic.GetProperty("requests").GetInt64();
        Assert.Equal(inWindow, traffic.GetProperty("path_class_minutes").EnumerateArray().Sum(m => m.GetProperty("requests").GetInt64()));
        Assert.Equal(1494, inWindow + traffic.GetProperty("outside_window").GetInt64());
    }
}
