using PypiKit.Packages;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox;

/// <summary>Where the instances of a cluster run.</summary>
public enum InstanceHosting
{
    /// <summary>Every instance is a Kestrel server inside the calling process (tests, notebooks). "Kill" aborts its listener and connections.</summary>
    InProcess,
    /// <summary>Every instance is its own OS process (like an ECS task), started with <see cref="SandboxClusterOptions.ChildCommand"/>. "Kill" is SIGKILL.</summary>
    ChildProcess,
}

/// <summary>
/// A loopback cluster: N pypiserver-compatible instances sharing one package directory behind an ALB-like balancer.
/// Defaults mirror the reference deployment: simple-dir, 4 workers per instance, <c>-a download,list,update</c> with an
/// htpasswd file (generated credentials unless given), round robin, health checks every 10 s on <c>/health</c>.
/// </summary>
public sealed record SandboxClusterOptions
{
    public int Instances { get; init; } = 2;
    /// <summary>Concurrent requests per instance (gunicorn workers); more wait in a queue. 0 ⇒ unlimited.</summary>
    public int Workers { get; init; } = 4;
    public SandboxBackend Backend { get; init; } = SandboxBackend.SimpleDir;
    public SharedStorage SharedStorage { get; init; } = SharedStorage.Local;
    /// <summary>The shared package directory; null ⇒ a new temporary directory, deleted on dispose.</summary>
    public string? PackagesDirectory { get; init; }
    public AuthActions Authenticate { get; init; } = AuthActions.All;
    /// <summary>Credentials to write into the htpasswd file; null ⇒ generated (user <c>pypikit</c>, random password).</summary>
    public PypiCredentials? Credentials { get; init; }
    /// <summary>Use this existing htpasswd file instead of writing one (then <see cref="Credentials"/> are only reported, not written).</summary>
    public string? PasswordFile { get; init; }
    public bool Overwrite { get; init; }
    public double ScanLatencyMs { get; init; }
    public double StatLatencyMs { get; init; }
    public long MaxUploadBytes { get; init; } = 100L * 1024 * 1024;
    public bool ListingCache { get; init; } = true;
    /// <summary>Fast (default) or pypiserver-like costs in every instance.</summary>
    public SandboxFidelity Fidelity { get; init; } = SandboxFidelity.Fast;
    /// <summary>The balancer (its <see cref="BalancerOptions.Port"/> is the cluster's port).</summary>
    public BalancerOptions Balancer { get; init; } = new();
    public InstanceHosting Hosting { get; init; } = InstanceHosting.InProcess;
    /// <summary>
    /// For <see cref="InstanceHosting.ChildProcess"/>: the command that runs one instance, to which
    /// <c>--options &lt;file.json&gt;</c> is appended (e.g. <c>dotnet PypiKit.Cli.dll sandbox serve</c>). The child must call
    /// <see cref="SandboxInstanceProcess.RunAsync"/>.
    /// </summary>
    public IReadOnlyList<string> ChildCommand { get; init; } = [];
    /// <summary>Directory for the htpasswd file, instance option files and logs; null ⇒ a temporary one.</summary>
    public string? StateDirectory { get; init; }
    /// <summary>
    /// Self-healing, as an ECS service replaces a stopped task: once the balancer marks a target unhealthy and its
    /// process is gone, a new instance of the same name starts and is registered in its place (restart count in
    /// <c>/_sandbox/stats</c>).
    /// </summary>
    public bool ReplaceDeadInstances { get; init; } = true;
    /// <summary>Time allowed for every instance to answer its health check at start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (Instances is < 1 or > 64) throw new InvalidInputException("instances", $"instances: {Instances} is outside 1…64.");
        if (Workers is < 0 or > 4096) throw new InvalidInputException("workers", $"workers: {Workers} is outside 0…4096.");
        if (Hosting == InstanceHosting.ChildProcess && ChildCommand.Count == 0)
            throw new InvalidInputException("child_command", "child_command: required when hosting is child_process.");
        if (PasswordFile is not null && !File.Exists(PasswordFile)) throw new InvalidInputException("password_file", $"password_file: '{PasswordFile}' does not exist.");
        if (Credentials is { } c && (string.IsNullOrEmpty(c.User) || c.User.Contains(':') || string.IsNullOrEmpty(c.Password)))
            throw new InvalidInputException("credentials", "credentials: user must be non-empty without ':' and the password non-empty.");
        if (StartTimeout <= TimeSpan.Zero) throw new InvalidInputException("start_timeout", "start_timeout: must be positive.");
        Balancer.Validate();
        InstanceOptions("x", "x", null).Validate();
    }

    internal SandboxServerOptions InstanceOptions(string name, string dir, string? passwordFile) => new()
    {
        Name = name,
        PackagesDirectory = dir,
        Backend = Backend,
        SharedStorage = SharedStorage,
        Authenticate = Authenticate,
        PasswordFile = passwordFile,
        Overwrite = Overwrite,
        Workers = Workers,
        ScanLatencyMs = ScanLatencyMs,
        StatLatencyMs = StatLatencyMs,
        MaxUploadBytes = MaxUploadBytes,
        ListingCache = ListingCache,
        Fidelity = Fidelity,
        HealthPath = Balancer.HealthCheck.Path,
    };
}
