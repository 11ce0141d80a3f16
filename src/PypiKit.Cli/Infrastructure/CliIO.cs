using Spectre.Console;

namespace PypiKit.Cli;

/// <summary>
/// Where one run of <c>pypikit</c> writes: <see cref="Out"/> for results (tables, lines, help), <see cref="Error"/> for
/// errors and warnings. The real process passes a console made by <see cref="CliConsole.Create"/>; tests pass
/// Spectre.Console.Testing's <c>TestConsole</c> and a <see cref="StringWriter"/>.
/// </summary>
public sealed record CliIO(IAnsiConsole Out, TextWriter Error)
{
    /// <summary>The plain text writer under <see cref="Out"/> (for lines that need no markup).</summary>
    public TextWriter Text => Out.Profile.Out.Writer;
}
