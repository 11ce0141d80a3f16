using System.Text;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>PEP 503 project-name rules: normalisation for index URLs and the escaped form used in file names.</summary>
public static partial class ProjectName
{
    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();

    [GeneratedRegex("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex ValidName();

    /// <summary>PEP 503: runs of <c>-</c>, <c>_</c>, <c>.</c> become one <c>-</c>, then lower case (<c>Foo.Bar_baz</c> → <c>foo-bar-baz</c>).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Fast path: already normalised (the common case on the hot path of the server).
        if (IsNormalized(name)) return name;
        // ASCII letters only: a culture-free ToLower would fold look-alikes (U+212A KELVIN SIGN → 'k') onto real names
        var lower = string.Create(name.Length, name, static (dst, src) =>
        {
            for (int i = 0; i < src.Length; i++) dst[i] = char.IsAsciiLetterUpper(src[i]) ? (char)(src[i] | 0x20) : src[i];
        });
        return Separators().Replace(lower, "-");
    }

    /// <summary>True when <paramref name="name"/> equals its PEP 503 normal form.</summary>
    public static bool IsNormalized(string name)
    {
        char prev = '\0';
        foreach (var c in name)
        {
            if (c is '_' or '.' || c is >= 'A' and <= 'Z' || (c == '-' && prev == '-')) return false;
            prev = c;
        }
        return true;
    }

    /// <summary>PEP 508 validity of a project name (letters, digits, <c>. _ -</c>, starting and ending alphanumeric).</summary>
    public static bool IsValid(string name) => !string.IsNullOrEmpty(name) && ValidName().IsMatch(name);

    /// <summary>
    /// The escaped distribution name used in wheel file names and <c>.dist-info</c> directories (PEP 427/491):
    /// runs of <c>-_.</c> become <c>_</c>, lower case (<c>test-package-007</c> → <c>test_package_007</c>).
    /// </summary>
    public static string ToDistributionName(string name) => Separators().Replace(name, "_").ToLowerInvariant();

    /// <summary>A Python import name for a project (<c>test-package-007</c> → <c>test_package_007</c>).</summary>
    public static string ToImportName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in ToDistributionName(name)) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }
}
