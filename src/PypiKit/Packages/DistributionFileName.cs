using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>Kind of a distribution file, from its name.</summary>
public enum DistributionKind { Wheel, Sdist, Egg, Signature }

/// <summary>
/// A distribution file name split into project and version the way pypiserver does it (from the name only):
/// wheels by the PEP 427 pattern (a build tag is appended to the version), other archives by the first
/// <c>-&lt;digit&gt;</c> boundary.
/// </summary>
public sealed partial record DistributionFileName(string FileName, string Project, string Version, DistributionKind Kind)
{
    /// <summary>PEP 503 normal form of <see cref="Project"/>.</summary>
    public string NormalizedProject { get; } = ProjectName.Normalize(Project);

    [GeneratedRegex(@"^(?<name>.+?)-(?<ver>\d.*?)(?:-(?<build>\d.*?))?-(?<pyver>[^-]+?)-(?<abi>[^-]+?)-(?<plat>[^-]+?)\.whl$", RegexOptions.IgnoreCase)]
    private static partial Regex WheelPattern();

    [GeneratedRegex(@"-\d+[a-z_.!+]", RegexOptions.IgnoreCase)]
    private static partial Regex NameVersionBoundary();

    // explicit ranges, no IgnoreCase: a case-insensitive [a-z] also matches look-alikes such as U+212A KELVIN SIGN
    [GeneratedRegex(@"^[A-Za-z0-9_.!+-]+$")]
    private static partial Regex SafeChars();

    private static readonly string[] ArchiveSuffixes = [".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".egg"];

    /// <summary>True when the name holds only the characters pypiserver accepts on upload (<c>^[a-z0-9_.!+-]+$</c>, any case).</summary>
    public static bool HasSafeCharacters(string fileName) => SafeChars().IsMatch(fileName);

    /// <summary>
    /// Parses a file name; null when it is not a recognisable distribution (such files are invisible in listings). Names
    /// with any non-ASCII character are never distributions (PEP 427/503 names are ASCII; look-alikes are not).
    /// </summary>
    public static DistributionFileName? TryParse(string fileName)
    {
        if (string.IsNullOrEmpty(fileName) || fileName.Contains('/') || fileName.Contains('\\') || !System.Text.Ascii.IsValid(fileName)) return null;
        if (fileName.EndsWith(".asc", StringComparison.OrdinalIgnoreCase))
        {
            var inner = TryParse(fileName[..^4]);
            return inner is null ? null : new DistributionFileName(fileName, inner.Project, inner.Version, DistributionKind.Signature);
        }
        if (fileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            var m = WheelPattern().Match(fileName);
            if (!m.Success) return null;
            var ver = m.Groups["ver"].Value;
            if (m.Groups["build"].Success) ver += "-" + m.Groups["build"].Value;
            return new DistributionFileName(fileName, m.Groups["name"].Value, ver, DistributionKind.Wheel);
        }
        foreach (var suffix in ArchiveSuffixes)
        {
            if (!fileName.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) || fileName.Length <= suffix.Length) continue;
            var stem = fileName[..^suffix.Length];
            var kind = suffix == ".egg" ? DistributionKind.Egg : DistributionKind.Sdist;
            if (kind == DistributionKind.Egg)
            {
                // name-version-pyX.Y[-platform].egg
                var py = stem.IndexOf("-py", StringComparison.OrdinalIgnoreCase);
                if (py > 0) stem = stem[..py];
            }
            var b = NameVersionBoundary().Match(stem);
            int at = b.Success ? b.Index : -1;
            if (at < 0)
            {
                var dash = stem.LastIndexOf('-');
                if (dash > 0 && dash + 1 < stem.Length && stem[(dash + 1)..].All(char.IsAsciiDigit)) at = dash;
            }
            if (at <= 0) return null;
            return new DistributionFileName(fileName, stem[..at], stem[(at + 1)..], kind);
        }
        return null;
    }
}
