using System.Globalization;
using Spectre.Console;

namespace PypiKit.Cli;

/// <summary>
/// The one console factory of the CLI, and the console of the running command. Rules, for terminals and CI logs alike:
/// no ANSI sequences when stdout is not a terminal, when <c>NO_COLOR</c> is set or with <c>--no-color</c>; the width
/// is <c>COLUMNS</c> when set, else the terminal's, else <see cref="LogWidth"/> (a log has no width, and a wrapped path
/// or number is worse than a long line). Commands write through <see cref="Out"/> and <see cref="Error"/>, which
/// <see cref="PypiKitCli.RunAsync(string[], CliIO?)"/> sets for the duration of one run.
/// </summary>
public static class CliConsole
{
    /// <summary>Width used when stdout is redirected and <c>COLUMNS</c> is not set.</summary>
    public const int LogWidth = 200;

    private static readonly AsyncLocal<CliIO?> CurrentIO = new();
    private static readonly Lazy<CliIO> Process = new(() => new CliIO(Create(noColor: false), System.Console.Error));

    /// <summary>What the current command writes to.</summary>
    public static CliIO Current => CurrentIO.Value ?? Process.Value;

    /// <summary>The console results go to.</summary>
    public static IAnsiConsole Out => Current.Out;

    /// <summary>Plain text stdout (under <see cref="Out"/>).</summary>
    public static TextWriter Text => Current.Text;

    /// <summary>Where errors and warnings go.</summary>
    public static TextWriter Error => Current.Error;

    /// <summary>True when a person watches: live progress displays are allowed; otherwise progress is time-stamped lines.</summary>
    public static bool Interactive => Out.Profile.Capabilities.Interactive;

    /// <summary>Makes <paramref name="io"/> the console of the calling flow until the returned scope is disposed.</summary>
    public static IDisposable Use(CliIO io)
    {
        var previous = CurrentIO.Value;
        CurrentIO.Value = io;
        return new Scope(() => CurrentIO.Value = previous);
    }

    /// <summary>
    /// A console over the process's stdout following the rules above. <paramref name="noColor"/> is the <c>--no-color</c> flag;
    /// <paramref name="environment"/> reads variables (tests pass their own).
    /// </summary>
    public static IAnsiConsole Create(bool noColor, Func<string, string?>? environment = null, TextWriter? output = null, bool? redirected = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        bool isRedirected = redirected ?? (output is not null || System.Console.IsOutputRedirected);
        bool plain = Plain(noColor, isRedirected, environment);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = isRedirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(output ?? System.Console.Out),
        });
        if (Width(isRedirected, environment) is { } width) console.Profile.Width = width;
        return console;
    }

    /// <summary>No ANSI at all: <c>--no-color</c>, <c>NO_COLOR</c> (any non-empty value, no-color.org) or output that is not a terminal.</summary>
    public static bool Plain(bool noColor, bool redirected, Func<string, string?> environment) =>
        noColor || redirected || environment("NO_COLOR") is { Length: > 0 };

    /// <summary><c>COLUMNS</c> when it is a sane number; <see cref="LogWidth"/> for redirected output; null = ask the terminal.</summary>
    public static int? Width(bool redirected, Func<string, string?> environment) =>
        int.TryParse(environment("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int columns) && columns >= 20 ? columns
        : redirected ? LogWidth : null;

    /// <summary>
    /// One progress line: as it is on a terminal, prefixed with the UTC time (<c>HH:mm:ss</c>) in a log, so a CI log
    /// shows when each step happened.
    /// </summary>
    public static void Progress(string line) => Text.WriteLine(Stamp(line, Interactive, DateTimeOffset.UtcNow));

    /// <summary>The line as <see cref="Progress"/> writes it.</summary>
    public static string Stamp(string line, bool interactive, DateTimeOffset now) =>
        interactive ? line : $"{now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {line}";

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
