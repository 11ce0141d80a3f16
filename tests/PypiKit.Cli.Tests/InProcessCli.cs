using Spectre.Console.Testing;

namespace PypiKit.Cli.Tests;

/// <summary>
/// Runs <c>pypikit</c> inside the test process: the real command tree and <see cref="PypiKitCli.RunAsync(string[], CliIO?)"/>,
/// writing to Spectre.Console.Testing's <see cref="TestConsole"/> (no ANSI, 160 columns) and a string for stderr. For tests
/// that check output, exit codes and files; tests that need a process of their own (signals, environment, stdin) use <see cref="CliRunner"/>.
/// </summary>
public static class InProcessCli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 160;
        using var error = new StringWriter();
        int code = await PypiKitCli.RunAsync(args, new CliIO(console, error));
        return new CliRun(code, console.Output, error.ToString());
    }
}
