using System.CommandLine;

namespace PypiKit.Cli;

/// <summary>
/// Installs the CLI's conventions on every option of a command tree, once, where the tree is built: enum values in
/// kebab case (<see cref="ValueChoices"/>), numbers with ranges (<see cref="NumberRanges"/>), ports that must be free
/// (<see cref="PortOptions"/>), paths that must exist or be writable (<see cref="PathOptions"/>). All of them fail at
/// parse time with one line naming the flag as typed, so bad input never starts work.
/// </summary>
public static class OptionConventions
{
    /// <summary>Installs the conventions on every option under <paramref name="root"/>.</summary>
    public static void Apply(Command root)
    {
        foreach (var option in CommandTree.Options(root))
        {
            PortOptions.TryInstall(option);
            if (!ValueChoices.TryInstallEnum(option)) NumberRanges.TryInstall(option);
            PathOptions.TryInstall(option);
        }
    }
}
