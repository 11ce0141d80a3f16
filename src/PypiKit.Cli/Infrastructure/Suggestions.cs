using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>"Did you mean …?" for an unknown command or option: the closest name by edit distance, when it is close.</summary>
public static class Suggestions
{
    /// <summary>The candidate nearest to <paramref name="typed"/>, or null when none is close (at most a third of its length away, at least 2).</summary>
    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        int limit = Math.Max(2, typed.Length / 3);
        return candidates
            .Select(c => (Name: c, Distance: Distance(typed, c)))
            .Where(c => c.Distance <= limit || (typed.Length >= 4 && c.Name.StartsWith(typed, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();
    }

    /// <summary>The names <paramref name="typed"/> could have meant in <paramref name="command"/>: options (its own and inherited) or subcommands.</summary>
    public static IEnumerable<string> Candidates(Command command, string typed) => typed.StartsWith('-')
        ? command.Options.Concat(CommandTree.Ancestors(command).SelectMany(p => p.Options.Where(o => o.Recursive)))
            .Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
        : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);

    /// <summary>Levenshtein distance (insert, delete, substitute: 1 each).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
