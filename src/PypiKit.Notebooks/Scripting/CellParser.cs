using System.Text;
using System.Text.RegularExpressions;

namespace PypiKit.Notebooks.Scripting;

/// <summary>A run of lines of one cell in one kernel; <see cref="Code"/> is padded with empty lines so line numbers match the cell.</summary>
public sealed record CellSegment(string Kernel, string Code, int FirstLine);

/// <summary>A code cell split by kernel selectors, with the NuGet references and magics it asked for.</summary>
public sealed record ParsedCell(IReadOnlyList<CellSegment> Segments, IReadOnlyList<NuGetReference> NuGetReferences, bool Timed);

/// <summary>A <c>#r "nuget:Id[, version]"</c> line (1-based line in the cell).</summary>
public sealed record NuGetReference(string PackageId, string? Version, int Line);

/// <summary>A magic or selector the runner does not support (1-based line).</summary>
public sealed class UnsupportedMagicException(string magic, int line, string message) : Exception(message)
{
    public string Magic { get; } = magic;
    public int Line { get; } = line;
}

/// <summary>
/// Reads Polyglot's in-cell syntax: kernel selectors (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>, <c>#!html</c>, …)
/// split a cell into segments; <c>#r "nuget:…"</c> and <c>#i</c> lines are taken out (the runner resolves them);
/// <c>#!time</c> times the cell; <c>#r "path.dll"</c> stays for Roslyn to resolve.
/// </summary>
public static partial class CellParser
{
    private static readonly Dictionary<string, string> KernelAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = "csharp", ["c#"] = "csharp",
        ["markdown"] = "markdown", ["md"] = "markdown",
        ["html"] = "html",
        ["fsharp"] = "fsharp", ["f#"] = "fsharp",
        ["pwsh"] = "pwsh", ["powershell"] = "pwsh",
        ["javascript"] = "javascript", ["js"] = "javascript",
        ["mermaid"] = "mermaid", ["sql"] = "sql", ["kql"] = "kql", ["value"] = "value",
    };

    /// <summary>Magics that change nothing the runner does (they only print information in Polyglot).</summary>
    private static readonly HashSet<string> IgnoredMagics = new(StringComparer.OrdinalIgnoreCase) { "about", "lsmagic", "who", "whos", "meta" };

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<id>[^",\s]+)\s*(,\s*(?<version>[^"]*))?"\s*$""")]
    private static partial Regex NuGetLine();

    [GeneratedRegex("""^\s*#i\s+".*"\s*$""")]
    private static partial Regex SourceLine();

    [GeneratedRegex("""^#!(?<name>[^\s]+)""")]
    private static partial Regex MagicLine();

    /// <summary>Normalizes a kernel name or alias (<c>C#</c> → <c>csharp</c>); unknown names are returned lower-cased.</summary>
    public static string NormalizeKernel(string name) =>
        KernelAliases.TryGetValue(name.Trim(), out var k) ? k : name.Trim().ToLowerInvariant();

    /// <summary>Splits <paramref name="source"/> (a cell whose kernel is <paramref name="kernel"/> unless a selector says otherwise).</summary>
    public static ParsedCell Parse(string source, string kernel)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var segments = new List<CellSegment>();
        var nuget = new List<NuGetReference>();
        var timed = false;
        var current = NormalizeKernel(kernel);
        var code = new StringBuilder();
        var first = 1;
        var any = false;

        void Flush(int nextLine)
        {
            if (any) segments.Add(new CellSegment(current, code.ToString(), first));
            code.Clear();
            any = false;
            first = nextLine;
            // Pad so line numbers in diagnostics are the cell's.
            for (var i = 1; i < nextLine; i++) code.Append('\n');
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var line = lines[i];
            var magic = MagicLine().Match(line);
            if (magic.Success)
            {
                var name = magic.Groups["name"].Value;
                if (KernelAliases.ContainsKey(name))
                {
                    Flush(lineNo + 1);
                    current = NormalizeKernel(name);
                    continue;
                }
                if (name.Equals("time", StringComparison.OrdinalIgnoreCase)) { timed = true; code.Append('\n'); continue; }
                if (IgnoredMagics.Contains(name)) { code.Append('\n'); continue; }
                throw new UnsupportedMagicException(name, lineNo,
                    $"magic '#!{name}' (line {lineNo}) is not supported by the PypiKit runner; " +
                    "supported: kernel selectors (#!csharp, #!markdown, #!html), #!time, #r \"path.dll\", #r \"nuget:PypiKit…\".");
            }
            if (current == "csharp")
            {
                var n = NuGetLine().Match(line);
                if (n.Success)
                {
                    var version = n.Groups["version"].Success ? n.Groups["version"].Value.Trim() : null;
                    nuget.Add(new NuGetReference(n.Groups["id"].Value, string.IsNullOrEmpty(version) ? null : version, lineNo));
                    code.Append('\n');
                    continue;
                }
                if (SourceLine().IsMatch(line)) { code.Append('\n'); continue; }
            }
            code.Append(line);
            if (i < lines.Length - 1) code.Append('\n');
            if (line.Trim().Length > 0) any = true;
        }
        Flush(lines.Length + 1);
        return new ParsedCell(segments, nuget, timed);
    }
}
