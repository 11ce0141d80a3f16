using System.Text.RegularExpressions;

namespace PypiKit.Charts;

/// <summary>
/// A plotly.min.js to put in a page: a file (the npm package's, or one named by <c>PYPIKIT_PLOTLY_JS</c> or an option),
/// or the copy Plotly.NET carries in its own assembly — the plotly.js its figures are written for, present wherever
/// PypiKit runs, so a page can be written offline on a machine that never ran <c>npm install</c>.
/// <see cref="PlotlyJs.Resolve(string?, string?)"/> picks one.
/// </summary>
public sealed partial class PlotlyJsSource
{
    private static readonly Lazy<PlotlyJsSource?> BundledCopy = new(() =>
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        return FindBundled(assembly.GetManifestResourceNames()) is { } found
            ? new PlotlyJsSource(null, found.Resource, found.Version)
            : null;
    });

    private readonly string? _resource;

    private PlotlyJsSource(string? filePath, string? resource, string? version)
    {
        FilePath = filePath;
        _resource = resource;
        BundledVersion = version;
    }

    /// <summary>The file read, or null for the copy inside Plotly.NET.</summary>
    public string? FilePath { get; }

    /// <summary>The plotly.js version of the copy inside Plotly.NET (e.g. <c>2.28.0</c>); null for a file.</summary>
    public string? BundledVersion { get; }

    /// <summary>The copy inside Plotly.NET; null if its assembly carries none.</summary>
    public static PlotlyJsSource? Bundled => BundledCopy.Value;

    /// <summary>A file on disk (its full path).</summary>
    public static PlotlyJsSource FromFile(string path) => new(Path.GetFullPath(path), null, null);

    /// <summary>The file's path, or which copy inside Plotly.NET: for messages, and as a cache key.</summary>
    public override string ToString() => FilePath ?? $"plotly.js {BundledVersion} inside Plotly.NET";

    /// <summary>The script's text.</summary>
    public string ReadText()
    {
        if (FilePath is not null) return File.ReadAllText(FilePath);
        using var reader = new StreamReader(OpenResource());
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Puts the script at <paramref name="target"/> unless a file of the same length is there; writes a temp file and
    /// renames it, so a page opened meanwhile never sees half a script.
    /// </summary>
    public void CopyTo(string target)
    {
        using var from = FilePath is not null ? File.OpenRead(FilePath) : OpenResource();
        if (File.Exists(target) && new FileInfo(target).Length == from.Length) return;
        var temp = target + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        using (var to = File.Create(temp)) from.CopyTo(to);
        File.Move(temp, target, overwrite: true);
    }

    private Stream OpenResource() =>
        typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceStream(_resource!)
        ?? throw new FileNotFoundException($"Plotly.NET's assembly no longer holds {_resource}.");

    /// <summary>The resource of a <c>plotly-&lt;version&gt;.min.js</c> among <paramref name="resourceNames"/>, and its version.</summary>
    internal static (string Resource, string Version)? FindBundled(IEnumerable<string> resourceNames)
    {
        foreach (var name in resourceNames)
            if (BundledName().Match(name) is { Success: true } m) return (name, m.Groups["version"].Value);
        return null;
    }

    [GeneratedRegex(@"(?:^|\.)plotly-(?<version>\d+\.\d+\.\d+)\.min\.js$", RegexOptions.CultureInvariant)]
    private static partial Regex BundledName();
}
