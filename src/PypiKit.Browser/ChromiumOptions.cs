namespace PypiKit.Browser;

/// <summary>
/// How PypiKit starts headless Chromium: the machine's own browser (Debian's <c>chromium</c>, never a downloaded one),
/// a fresh profile per launch, and flags that keep it offline and quiet.
/// </summary>
public sealed record ChromiumOptions
{
    /// <summary>Overrides <see cref="ExecutablePath"/>'s default.</summary>
    public const string EnvironmentVariable = "PYPIKIT_CHROMIUM";

    /// <summary>Debian's chromium.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The browser to run: <c>PYPIKIT_CHROMIUM</c> when set, else <c>/usr/bin/chromium</c>.</summary>
    public string ExecutablePath { get; init; } =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } p ? p : DefaultPath;

    /// <summary>Browser window in CSS px (reports are laid out for 1200 px).</summary>
    public int ViewportWidth { get; init; } = 1280;
    public int ViewportHeight { get; init; } = 900;

    /// <summary>How long a page may take to draw all its figures.</summary>
    public TimeSpan RenderTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Command-line flags (the profile directory is added separately, fresh for each launch).</summary>
    public IReadOnlyList<string> Arguments { get; init; } =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
    ];

    public static ChromiumOptions Default { get; } = new();
}
