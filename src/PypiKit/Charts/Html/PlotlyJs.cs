namespace PypiKit.Charts;

/// <summary>
/// Where plotly.js comes from. PypiKit pins <c>plotly.js-dist-min</c> in the repository's <c>package.json</c>
/// (installed into <c>node_modules</c> by <c>scripts/setup.sh</c> or <c>npm install</c>). <see cref="Locate"/> finds
/// <c>node_modules/plotly.js-dist-min/plotly.min.js</c> walking up from the current directory and from the
/// application's base directory; the environment variable <c>PYPIKIT_PLOTLY_JS</c> (a file path) overrides both.
/// <see cref="Resolve(string?, string?)"/> falls back to the copy inside Plotly.NET when there is no such file, so reports are written on
/// a machine without npm.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The pinned plotly.js version (same as package.json).</summary>
    public const string Version = "4.1.2";

    public const string EnvironmentVariable = "PYPIKIT_PLOTLY_JS";
    public const string RelativePath = "node_modules/plotly.js-dist-min/plotly.min.js";
    public const string FileName = "plotly.min.js";

    /// <summary>plotly's CDN copy of the pinned version.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";

    /// <summary>The plotly.min.js to use, or null when none is found; <paramref name="alsoFrom"/> are further
    /// directories to walk up from (e.g. a notebook's), after the current and the application's directory.</summary>
    public static string? TryLocate(params string[] alsoFrom) =>
        TryLocate(Environment.GetEnvironmentVariable(EnvironmentVariable), [Environment.CurrentDirectory, AppContext.BaseDirectory, .. alsoFrom]);

    /// <summary>The search itself: <paramref name="fromEnv"/> when set, else node_modules above each start directory.</summary>
    internal static string? TryLocate(string? fromEnv, IEnumerable<string> startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(fromEnv)) return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
        foreach (var start in startDirectories)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>The plotly.min.js file to use; throws <see cref="FileNotFoundException"/> saying how to get one.</summary>
    public static string Locate()
    {
        var found = TryLocate();
        if (found is not null) return found;
        throw NotFound(Environment.GetEnvironmentVariable(EnvironmentVariable));
    }

    /// <summary>
    /// The plotly.js a page gets: <paramref name="path"/> when given; else the file <c>PYPIKIT_PLOTLY_JS</c> names (an
    /// error when it does not exist: a variable set by hand is never ignored); else the npm package's file above the
    /// current directory, the application's, or <paramref name="alsoFrom"/> (e.g. a notebook's folder); else the copy
    /// inside Plotly.NET.
    /// </summary>
    public static PlotlyJsSource Resolve(string? path = null, string? alsoFrom = null) =>
        Resolve(path, Environment.GetEnvironmentVariable(EnvironmentVariable),
            alsoFrom is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : [Environment.CurrentDirectory, AppContext.BaseDirectory, alsoFrom],
            PlotlyJsSource.Bundled);

    /// <summary>The choice itself, with what it depends on passed in.</summary>
    internal static PlotlyJsSource Resolve(string? path, string? fromEnv, IEnumerable<string> startDirectories, PlotlyJsSource? bundled)
    {
        if (!string.IsNullOrEmpty(path))
            return File.Exists(path) ? PlotlyJsSource.FromFile(path) : throw new FileNotFoundException($"plotly.js file '{path}' does not exist.", path);
        if (TryLocate(fromEnv, startDirectories) is { } file) return PlotlyJsSource.FromFile(file);
        if (string.IsNullOrWhiteSpace(fromEnv) && bundled is not null) return bundled;
        throw NotFound(fromEnv);
    }

    private static FileNotFoundException NotFound(string? fromEnv) => new(!string.IsNullOrWhiteSpace(fromEnv)
        ? $"{EnvironmentVariable} points to '{fromEnv}', which does not exist."
        : $"plotly.js not found: no {RelativePath} above '{Environment.CurrentDirectory}' or '{AppContext.BaseDirectory}'. " +
          $"Run 'npm install' in the PypiKit repository (or scripts/setup.sh), set {EnvironmentVariable} to a plotly.min.js, " +
          "or use the CDN mode.");
}
