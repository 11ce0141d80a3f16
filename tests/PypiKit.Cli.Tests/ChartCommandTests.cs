using System.Buffers.Binary;

namespace PypiKit.Cli.Tests;

/// <summary><c>pypikit chart png</c> against a report the CLI itself wrote, in Debian's headless chromium (in-process CLI).</summary>
[Trait("Category", "Slow")]
public class ChartCommandTests
{
    private static (int Width, int Height) PngSize(string path)
    {
        var head = File.ReadAllBytes(path).AsSpan(0, 24);
        Assert.True(head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), $"{path} is not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..]));
    }

    [Fact]
    public async Task A_sizing_report_becomes_a_png_of_the_whole_page()
    {
        using var temp = new TempDir("pypikit-chart-");
        var dir = temp.Path;
        string html = Path.Combine(dir, "sweep.html"), png = Path.Combine(dir, "sweep.png");
        var sweep = await InProcessCli.RunAsync("size", "sweep", "--instances", "2", "--container-memory", "256,512", "--html", html);
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        var run = await InProcessCli.RunAsync("chart", "png", html, "--out", png);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains("3 charts", run.Stdout);
        var (width, height) = PngSize(png);
        Assert.True(width >= 800, $"width {width}");
        Assert.True(height > width, $"a three-chart page is taller than wide: {width}x{height}");
    }

    [Fact]
    public async Task A_missing_report_is_bad_input_named_in_one_line()
    {
        var run = await InProcessCli.RunAsync("chart", "png", "no-such-report.html");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("no-such-report.html", run.Stderr);
    }
}
