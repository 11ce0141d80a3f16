using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>
/// How a command line that does not parse is reported: one line per error (a single error stays one line, so a CI log
/// shows the flag, the value, what is allowed and where help is together), a suggestion for a typo.
/// </summary>
public static class ParseErrors
{
    /// <summary>Writes the errors of <paramref name="parse"/> to <paramref name="error"/>.</summary>
    public static void Write(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        var messages = parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).ToList();
        // "Required command was not provided" beside an unknown word only repeats it.
        if (unmatched.Count > 0 && messages.Count > 1) messages.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
        var path = CommandTree.PathOf(command);
        var help = $"see 'pypikit {(path.Length > 0 ? path + " " : "")}--help'";
        foreach (var e in messages)
        {
            var line = e.ReplaceLineEndings(" ").Replace("\t", "", StringComparison.Ordinal);
            var typo = unmatched.FirstOrDefault(t => line.Contains($"'{t}'", StringComparison.Ordinal));
            if (typo is not null && Suggestions.Nearest(typo, Suggestions.Candidates(command, typo)) is { } near)
                line += $" Did you mean '{near}'?";
            error.WriteLine($"error: {line} ({help})");
        }
    }
}
