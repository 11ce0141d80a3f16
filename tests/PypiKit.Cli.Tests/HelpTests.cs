namespace PypiKit.Cli.Tests;

[Trait("Category", "Slow")]
public class HelpTests
{
    [Fact]
    public async Task Root_help_describes_the_tool_and_exits_zero()
    {
        var run = await CliRunner.RunAsync(["--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pypikit", run.Stdout);
        Assert.Contains("sandbox", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pypikit [command] [options]", run.Stdout);
    }

    [Fact]
    public async Task Every_command_group_has_help_with_an_example()
    {
        foreach (var group in new[] { "size", "sandbox", "corpus", "burst", "lab", "analyze", "telemetry", "deploy", "campaign", "chart", "notebook", "repl" })
        {
            var run = await CliRunner.RunAsync([group, "--help"]);
            Assert.True(run.ExitCode == 0, $"{group} --help exited {run.ExitCode}: {run.Stderr}");
            Assert.Contains($"pypikit {group}", run.Stdout);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_bad_input_with_exit_code_2()
    {
        var run = await CliRunner.RunAsync(["no-such-command"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no-such-command", run.Stderr);
    }
}
