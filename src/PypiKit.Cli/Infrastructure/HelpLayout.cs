using System.CommandLine;
using System.CommandLine.Help;

namespace PypiKit.Cli;

/// <summary>Help as wide as the console (<see cref="CliConsole"/>): COLUMNS, the terminal, or <see cref="CliConsole.LogWidth"/> in a log.</summary>
public static class HelpLayout
{
    /// <summary>Configures the help option of <paramref name="root"/> for a console <paramref name="width"/> columns wide.</summary>
    public static void Apply(RootCommand root, int width)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            help.Action = new HelpAction { MaxWidth = width };
    }
}
