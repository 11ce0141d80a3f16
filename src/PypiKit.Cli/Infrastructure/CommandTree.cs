using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>Walks a command tree: every command with its full path (<c>pypikit size efs</c>) and the options it accepts.</summary>
public static class CommandTree
{
    /// <summary>Every command under (and including) <paramref name="root"/>, depth first, with its words after the root.</summary>
    public static IEnumerable<(IReadOnlyList<string> Path, Command Command)> Commands(Command root) => Walk(root, []);

    private static IEnumerable<(IReadOnlyList<string>, Command)> Walk(Command command, IReadOnlyList<string> path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
            foreach (var item in Walk(sub, [.. path, sub.Name]))
                yield return item;
    }

    /// <summary>The commands above <paramref name="command"/>, nearest first.</summary>
    public static IEnumerable<Command> Ancestors(Command command)
    {
        for (var c = command.Parents.OfType<Command>().FirstOrDefault(); c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            yield return c;
    }

    /// <summary>The words naming <paramref name="command"/> after the root (<c>size efs</c>).</summary>
    public static string PathOf(Command command) =>
        string.Join(' ', Ancestors(command).Reverse().Append(command).Where(c => c is not RootCommand).Select(c => c.Name));

    /// <summary>Every option object in the tree, once each (a shared option object is visited once).</summary>
    public static IEnumerable<Option> Options(Command root) =>
        Commands(root).SelectMany(c => c.Command.Options).Distinct();
}
