namespace PypiKit.Cli.Tests;

/// <summary>
/// Real <c>pypikit</c> processes with stdout redirected, as in CI: no ESC byte, even without NO_COLOR or COLUMNS, and
/// table rows wide enough that a money figure or a path stays on one line.
/// </summary>
[Trait("Category", "Slow")]
public class PipedOutputTests
{
    /// <summary>The environment of a CI job that sets neither NO_COLOR nor COLUMNS (but a TERM that would allow colour).</summary>
    private static readonly Dictionary<string, string?> CiEnvironment = new() { ["NO_COLOR"] = null, ["COLUMNS"] = null, ["TERM"] = "xterm-256color" };

    [Fact]
    public async Task Piped_output_of_real_commands_has_no_escape_byte()
    {
        using var temp = new TempDir("pypikit-piped-");
        var dir = temp.Path;
        string[][] commands =
        [
            ["--help"],
            ["size", "cost", "--storage-gb", "5"],
            ["size", "efs", "--storage-gb", "5", "--read-mibps", "30"],
            ["deploy", "render", "--out", Path.Combine(dir, "stack")],
            ["sandbox", "status", "--state-dir", Path.Combine(dir, "state")],
        ];
        foreach (var args in commands)
        {
            var run = await CliRunner.RunAsync(args, environment: CiEnvironment);
            Assert.True(run.Stdout.Length > 0, $"{string.Join(' ', args)} printed nothing: {run.Stderr}");
            Assert.DoesNotContain('\u001b', run.Stdout);
            Assert.DoesNotContain('\u001b', run.Stderr);
        }
    }

    [Fact]
    public async Task A_piped_table_keeps_each_row_on_one_line_at_the_log_width()
    {
        var run = await CliRunner.RunAsync(["size", "cost", "--storage-gb", "5", "--shape", "dev"], environment: CiEnvironment);
        Assert.Equal(0, run.ExitCode);
        var rows = run.Stdout.Split('\n').Where(l => l.StartsWith('│')).ToList();
        Assert.Contains(rows, r => r.Contains("instance-hours", StringComparison.Ordinal) && r.Contains("$0.0208", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.TrimEnd().Length <= CliConsole.LogWidth, r));

        var narrow = await CliRunner.RunAsync(["size", "cost", "--storage-gb", "5", "--shape", "dev"], environment: new Dictionary<string, string?> { ["COLUMNS"] = "150" });
        Assert.All(narrow.Stdout.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 150, l));
        Assert.Contains(narrow.Stdout.Split('\n'), r => r.Contains("$0.0208", StringComparison.Ordinal));
    }
}
