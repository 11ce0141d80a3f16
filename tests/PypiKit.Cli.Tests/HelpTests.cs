namespace PypiKit.Cli.Tests;

public class HelpTests
{
    [Fact]
    public async Task Root_help_describes_the_tool_and_exits_zero()
    {
        var run = await CliRunner.RunAsync(["--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pypikit", run.Stdout);
        Assert.Contains("sandbox", run.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_command_is_bad_input_with_exit_code_2()
    {
        var run = await CliRunner.RunAsync(["no-such-command"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no-such-command", run.Stderr);
    }
}
