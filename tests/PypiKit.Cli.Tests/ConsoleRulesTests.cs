namespace PypiKit.Cli.Tests;

/// <summary>The console factory's rules (<see cref="CliConsole"/>), without a terminal.</summary>
public class ConsoleRulesTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) => k => vars.FirstOrDefault(v => v.Key == k).Value;

    [Fact]
    public void Ansi_is_off_for_no_color_NO_COLOR_or_redirected_output_and_on_only_for_a_terminal_without_them()
    {
        Assert.False(CliConsole.Plain(noColor: false, redirected: false, Env()));
        Assert.True(CliConsole.Plain(noColor: true, redirected: false, Env()));
        Assert.True(CliConsole.Plain(noColor: false, redirected: true, Env()));
        Assert.True(CliConsole.Plain(noColor: false, redirected: false, Env(("NO_COLOR", "1"))));
        Assert.False(CliConsole.Plain(noColor: false, redirected: false, Env(("NO_COLOR", "")))); // no-color.org: only a non-empty value counts
    }

    [Fact]
    public void Width_is_COLUMNS_then_the_terminal_then_the_log_width()
    {
        Assert.Equal(150, CliConsole.Width(redirected: true, Env(("COLUMNS", "150"))));
        Assert.Equal(150, CliConsole.Width(redirected: false, Env(("COLUMNS", "150"))));
        Assert.Null(CliConsole.Width(redirected: false, Env()));
        Assert.Equal(CliConsole.LogWidth, CliConsole.Width(redirected: true, Env(("COLUMNS", "wide"))));
    }

    [Fact]
    public void A_console_over_a_redirected_writer_writes_no_escape_byte_even_for_markup()
    {
        using var sink = new StringWriter();
        var console = CliConsole.Create(noColor: false, Env(), sink);
        Spectre.Console.AnsiConsoleExtensions.MarkupLine(console, "[red]FAIL[/] [bold]p95[/]");
        Assert.Equal("FAIL p95", sink.ToString().TrimEnd());
        Assert.False(console.Profile.Capabilities.Interactive);
        Assert.Equal(CliConsole.LogWidth, console.Profile.Width);
    }

    [Fact]
    public void Progress_lines_carry_the_utc_time_in_a_log_only()
    {
        var at = new DateTimeOffset(2026, 12, 5, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal("03:04:05 12.0s  requests 40", CliConsole.Stamp("12.0s  requests 40", interactive: false, at));
        Assert.Equal("12.0s  requests 40", CliConsole.Stamp("12.0s  requests 40", interactive: true, at));
    }
}
