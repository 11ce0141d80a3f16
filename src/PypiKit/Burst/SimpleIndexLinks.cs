using System.Text.RegularExpressions;

namespace PypiKit.Burst;

/// <summary>Picks, from a PEP 503 project page, the wheel pip would take: the highest version.</summary>
internal static partial class SimpleIndexLinks
{
    [GeneratedRegex("href=\"(?<href>[^\"#]+\\.whl)(?:#[^\"]*)?\"", RegexOptions.IgnoreCase)]
    private static partial Regex WheelHref();

    /// <summary>The href of the newest wheel in the page, or null when it lists none.</summary>
    public static string? NewestWheel(string html)
    {
        string? best = null;
        long[]? bestVersion = null;
        foreach (Match m in WheelHref().Matches(html))
        {
            var href = m.Groups["href"].Value;
            var file = href[(href.LastIndexOf('/') + 1)..];
            var parts = file.Split('-');
            if (parts.Length < 5) continue;
            var v = ParseVersion(parts[1]);
            if (bestVersion is null || Compare(v, bestVersion) > 0) { best = href; bestVersion = v; }
        }
        return best;
    }

    private static long[] ParseVersion(string text) =>
        text.Split('.').Select(p => long.TryParse(new string(p.TakeWhile(char.IsDigit).ToArray()), out var n) ? n : 0).ToArray();

    private static int Compare(long[] a, long[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : 0;
            var y = i < b.Length ? b[i] : 0;
            if (x != y) return x.CompareTo(y);
        }
        return 0;
    }
}
