namespace PypiKit.Sandbox.Server;

/// <summary>
/// One sandbox server (one "task"). Defaults follow pypiserver 2.4 (<c>-a update</c>, sha256 links, no overwrite),
/// except that the fallback redirect to pypi.org is off (<c>--disable-fallback</c>): the sandbox never sends clients out.
/// </summary>
public sealed record SandboxServerOptions
{
    /// <summary>Name in the <c>X-PypiKit-Instance</c> header of every response.</summary>
    public string Name { get; init; } = "sandbox-0";
    /// <summary>The package directory (created when missing). Uploads land here; subdirectories are listed too.</summary>
    public string PackagesDirectory { get; init; } = "";
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>TCP port; 0 picks a free one (see <see cref="SandboxServer.Url"/>).</summary>
    public int Port { get; init; }
    public SandboxBackend Backend { get; init; } = SandboxBackend.SimpleDir;
    public SharedStorage SharedStorage { get; init; } = SharedStorage.Local;
    public AuthActions Authenticate { get; init; } = AuthActions.Update;
    /// <summary>htpasswd file; null ⇒ protected actions always fail (401 without credentials, 403 with), as pypiserver without <c>-P</c>.</summary>
    public string? PasswordFile { get; init; }
    /// <summary>Allow re-uploading an existing file (pypiserver <c>-o</c>).</summary>
    public bool Overwrite { get; init; }
    /// <summary>Redirect unknown projects here (pypiserver <c>--fallback-url</c>); null ⇒ 404 (<c>--disable-fallback</c>).</summary>
    public string? FallbackUrl { get; init; }
    /// <summary>Requests handled at once (gunicorn workers); the rest queue. 0 ⇒ unlimited.</summary>
    public int Workers { get; init; } = 4;
    /// <summary>Emulated storage cost per directory listed (EFS metadata latency), milliseconds.</summary>
    public double ScanLatencyMs { get; init; }
    /// <summary>Emulated storage cost per file stat'ed while listing, milliseconds.</summary>
    public double StatLatencyMs { get; init; }
    /// <summary>Largest accepted request body (uploads), bytes; larger ⇒ 413.</summary>
    public long MaxUploadBytes { get; init; } = 100L * 1024 * 1024;
    /// <summary>Check uploaded content: a wheel must be a zip holding the matching <c>.dist-info/METADATA</c>; form name/version/sha256 must match.</summary>
    public bool ValidateUploads { get; init; } = true;
    /// <summary>
    /// simple-dir only: reuse the last listing (and rendered pages) while the modification times of the listed
    /// directories are unchanged and older than one second. Files added, removed or renamed (uploads are temp + rename)
    /// are always seen; a file rewritten in place without a rename is not. false ⇒ list on every request, strictly.
    /// </summary>
    public bool ListingCache { get; init; } = true;

    /// <summary>The listing cache as the server applies it: never under <see cref="SandboxFidelity.Pypiserver"/>.</summary>
    internal bool ListingCacheInEffect => ListingCache && Fidelity == SandboxFidelity.Fast;
    /// <summary>pypiserver <c>--health-endpoint</c>.</summary>
    public string HealthPath { get; init; } = "/health";
    /// <summary>pypiserver <c>--cache-control</c> (seconds, on <c>/packages/&lt;file&gt;</c>); null ⇒ none.</summary>
    public int? CacheControlSeconds { get; init; }
    /// <summary>Kestrel's inline scheduling (handlers on the socket thread): faster for the small cached pages of an index.</summary>
    public bool InlineScheduling { get; init; } = true;
    /// <summary>Failed logins one client (its address; behind the balancer, the last <c>X-Forwarded-For</c> entry) may have per
    /// <see cref="AuthFailureWindowSeconds"/> before it is answered 429 without any hash check. 0 ⇒ no limit.</summary>
    public int AuthFailureLimit { get; init; } = 20;
    /// <summary>The failure limiter's window, seconds.</summary>
    public double AuthFailureWindowSeconds { get; init; } = 60;
    /// <summary>Fast (default) or pypiserver-like costs; see <see cref="SandboxFidelity"/>.</summary>
    public SandboxFidelity Fidelity { get; init; } = SandboxFidelity.Fast;
    /// <summary>Upload temp files (<c>.pypikit-upload-*.tmp</c>) older than this are removed when the server starts, seconds.</summary>
    public double OrphanUploadGraceSeconds { get; init; } = 600;
    /// <summary>When set, the server stops itself once this process id is gone (child-process instances).</summary>
    public int? ParentProcessId { get; init; }

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(PackagesDirectory)) throw new InvalidInputException("packages_directory", "packages_directory: a directory is required.");
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => c < 33 || c > 126)) throw new InvalidInputException("name", $"name: '{Name}' must be printable ASCII without spaces.");
        if (Port is < 0 or > 65535) throw new InvalidInputException("port", $"port: {Port} is outside 0…65535.");
        if (Workers is < 0 or > 4096) throw new InvalidInputException("workers", $"workers: {Workers} is outside 0…4096.");
        if (ScanLatencyMs is < 0 or > 60_000 || double.IsNaN(ScanLatencyMs)) throw new InvalidInputException("scan_latency_ms", $"scan_latency_ms: {ScanLatencyMs} is outside 0…60000.");
        if (StatLatencyMs is < 0 or > 60_000 || double.IsNaN(StatLatencyMs)) throw new InvalidInputException("stat_latency_ms", $"stat_latency_ms: {StatLatencyMs} is outside 0…60000.");
        if (MaxUploadBytes < 1024) throw new InvalidInputException("max_upload_bytes", $"max_upload_bytes: {MaxUploadBytes} is below 1024.");
        if (!HealthPath.StartsWith('/') || HealthPath.Length < 2 || HealthPath.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '/' or '_' or '-')))
            throw new InvalidInputException("health_path", $"health_path: '{HealthPath}' must match ^/[a-z0-9/_-]+$.");
        if (PasswordFile is not null && !File.Exists(PasswordFile)) throw new InvalidInputException("password_file", $"password_file: '{PasswordFile}' does not exist.");
        if (FallbackUrl is not null && !Uri.TryCreate(FallbackUrl, UriKind.Absolute, out _)) throw new InvalidInputException("fallback_url", $"fallback_url: '{FallbackUrl}' is not an absolute URL.");
        if (AuthFailureLimit is < 0 or > 1_000_000) throw new InvalidInputException("auth_failure_limit", $"auth_failure_limit: {AuthFailureLimit} is outside 0…1000000.");
        if (AuthFailureWindowSeconds is <= 0 or > 86_400 || double.IsNaN(AuthFailureWindowSeconds))
            throw new InvalidInputException("auth_failure_window_seconds", $"auth_failure_window_seconds: {AuthFailureWindowSeconds} is outside (0, 86400].");
        if (OrphanUploadGraceSeconds is < 0 or > 604_800 || double.IsNaN(OrphanUploadGraceSeconds))
            throw new InvalidInputException("orphan_upload_grace_seconds", $"orphan_upload_grace_seconds: {OrphanUploadGraceSeconds} is outside 0…604800.");
        if (Fidelity == SandboxFidelity.Pypiserver && Workers == 0)
            throw new InvalidInputException("workers", "workers: pypiserver fidelity needs a bounded number of workers (at least 1), not 0 (unlimited).");
        if (CacheControlSeconds is < 0) throw new InvalidInputException("cache_control_seconds", "cache_control_seconds: must be ≥ 0.");
    }
}
