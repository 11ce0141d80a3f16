using System.Text;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>
/// The sort key pypiserver uses for versions (a clone of setuptools' legacy <c>parse_version</c>): numeric parts
/// zero-padded, <c>pre</c>/<c>preview</c>/<c>rc</c> → <c>c</c>, <c>dev</c> → <c>@</c>, trailing zeros dropped. Not PEP 440.
/// </summary>
public static partial class LegacyVersion
{
    [GeneratedRegex(@"(\d+|[a-z]+|\.|-)", RegexOptions.IgnoreCase)]
    private static partial Regex Parts();

    private static IEnumerable<string> ParseParts(string s)
    {
        foreach (var piece in Parts().Split(s.ToLowerInvariant()))
        {
            var part = piece switch { "pre" or "preview" => "c", "-" => "final-", "rc" => "c", "dev" => "@", _ => piece };
            if (part.Length == 0 || part == ".") continue;
            if (char.IsAsciiDigit(part[0])) yield return part.PadLeft(8, '0');
            else yield return "*" + part;
        }
        yield return "*final";
    }

    /// <summary>A string key whose ordinal order is the legacy version order.</summary>
    public static string SortKey(string version)
    {
        var parts = new List<string>();
        foreach (var part in ParseParts(version))
        {
            if (part.StartsWith('*'))
            {
                if (string.CompareOrdinal(part, "*final") < 0)
                    while (parts.Count > 0 && parts[^1] == "*final-") parts.RemoveAt(parts.Count - 1);
                while (parts.Count > 0 && parts[^1] == "00000000") parts.RemoveAt(parts.Count - 1);
            }
            parts.Add(part);
        }
        var sb = new StringBuilder();
        foreach (var p in parts) sb.Append(p).Append('\u0001');
        return sb.ToString();
    }

    /// <summary>Compares two versions by <see cref="SortKey"/>.</summary>
    public static int Compare(string a, string b) => string.CompareOrdinal(SortKey(a), SortKey(b));
}
