using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace PypiKit.Cli;

/// <summary>
/// One spelling for the values of every enum option: lower-case kebab (<c>fargate-spot</c>, <c>target-tracking</c>) in help
/// and in parsing, case and dashes ignored on input (<c>FargateSpot</c>, <c>fargatespot</c> still parse). A bad value is one
/// line naming the flag as typed, the value and the valid ones. <see cref="Restrict"/> gives string options with a fixed
/// set of values the same parsing and message.
/// </summary>
public static class ValueChoices
{
    /// <summary>The kebab spelling of an enum member name: <c>FargateSpot</c> → <c>fargate-spot</c>, <c>X86_64</c> → <c>x86_64</c>.</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>The values of <paramref name="enumType"/> as the CLI spells them.</summary>
    public static IReadOnlyList<string> Names(Type enumType) => [.. Enum.GetNames(enumType).Select(Kebab)];

    private static string Normalize(string s) => s.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>The one-line message for a value not among <paramref name="valid"/>.</summary>
    public static string NotOneOf(string flag, string value, IEnumerable<string> valid) =>
        $"{flag} '{value}' is not valid; use one of: {string.Join(", ", valid)}";

    /// <summary>The option's alias as the user typed it (<c>-p</c> or <c>--port</c>); its name when it came from a default.</summary>
    public static string FlagAsTyped(SymbolResult result) => result switch
    {
        OptionResult { IdentifierToken: { } token } => token.Value,
        OptionResult o => o.Option.Name,
        ArgumentResult { Parent: OptionResult o } => FlagAsTyped(o),
        ArgumentResult a => $"<{a.Argument.Name}>",
        _ => "value",
    };

    /// <summary>Installs the kebab parser, help name and completions on an enum-typed option (<c>Option&lt;E&gt;</c> or <c>Option&lt;E?&gt;</c>).</summary>
    public static bool TryInstallEnum(Option option)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (!type.IsEnum) return false;
        typeof(ValueChoices).GetMethod(nameof(InstallEnum), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(option.ValueType).Invoke(null, [option, type]);
        return true;
    }

    private static void InstallEnum<T>(Option<T> option, Type enumType)
    {
        var names = Names(enumType);
        var byNormal = Enum.GetNames(enumType).ToDictionary(Normalize, n => Enum.Parse(enumType, n));
        option.HelpName = string.Join('|', names);
        option.CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            if (byNormal.TryGetValue(Normalize(token), out var value)) return (T)value;
            r.AddError(NotOneOf(FlagAsTyped(r), token, names));
            return default!;
        };
        Complete(option, names);
    }

    /// <summary>Restricts a string option to <paramref name="values"/> (matched ignoring case; the canonical spelling is returned).</summary>
    public static Option<string> Restrict(Option<string> option, params string[] values)
    {
        option.HelpName = string.Join('|', values);
        option.CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
            var match = values.FirstOrDefault(v => string.Equals(Normalize(v), Normalize(token), StringComparison.Ordinal));
            if (match is null) r.AddError(NotOneOf(FlagAsTyped(r), token, values));
            return match ?? token;
        };
        Complete(option, values);
        return option;
    }

    /// <summary>An enum option's default as it is typed (<c>fargate-spot</c>, not <c>FargateSpot</c>); null for any other option or none.</summary>
    public static string? DefaultAsTyped(Option option)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        return type.IsEnum && option.HasDefaultValue && option.GetDefaultValue() is Enum value ? Kebab(value.ToString()) : null;
    }

    /// <summary>The allowed values of a restricted or enum option, as help shows them; empty for any other option.</summary>
    public static IReadOnlyList<string> Allowed(Option option) =>
        option.HelpName is { } h && h.Contains('|', StringComparison.Ordinal) ? h.Split('|') : [];

    private static void Complete(Option option, IReadOnlyList<string> names)
    {
        option.CompletionSources.Clear();
        option.CompletionSources.Add(names.ToArray());
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
