using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace PypiKit.Cli;

/// <summary>
/// Help as wide as the console (<see cref="CliConsole"/>): COLUMNS, the terminal, or <see cref="CliConsole.LogWidth"/> in
/// a log; an enum option's default written as it is typed (<c>[default: target-tracking]</c>, like its allowed values),
/// where System.CommandLine would print the enum member's name (<c>TargetTracking</c>).
/// </summary>
public static class HelpLayout
{
    /// <summary>
    /// Configures the help option of <paramref name="root"/>, for a console <paramref name="width"/> columns wide when help
    /// is written. Call it before parsing: a parse result keeps the help action the option had then.
    /// </summary>
    public static void Apply(RootCommand root, Func<int> width)
    {
        var typed = CommandTree.Options(root).Select(o => (Option: o, Typed: ValueChoices.DefaultAsTyped(o)))
            .Where(x => x.Typed is not null)
            .Select(x => (Printed: new Regex(@"\[default:(\s+)" + Regex.Escape(x.Option.GetDefaultValue()!.ToString()!) + @"\]", RegexOptions.CultureInvariant),
                Typed: x.Typed!))
            .DistinctBy(x => x.Printed.ToString()).ToArray();
        foreach (var help in root.Options.OfType<HelpOption>())
            help.Action = new TypedDefaultsHelpAction(width, typed);
    }

    /// <summary>True for the help option's action (the library's, or this layout's).</summary>
    public static bool IsHelp(CommandLineAction? action) => action is HelpAction or TypedDefaultsHelpAction;

    private sealed class TypedDefaultsHelpAction(Func<int> width, IReadOnlyList<(Regex Printed, string Typed)> defaults) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var configuration = parseResult.InvocationConfiguration;
            var output = configuration.Output;
            using var captured = new StringWriter();
            configuration.Output = captured;
            int code;
            try { code = new HelpAction { MaxWidth = width() }.Invoke(parseResult); }
            finally { configuration.Output = output; }
            var text = captured.ToString();
            // the help is already wrapped: "[default:" and the value may stand on two lines
            foreach (var (printed, typed) in defaults) text = printed.Replace(text, "[default:$1" + typed + "]");
            output.Write(text);
            return code;
        }
    }
}
