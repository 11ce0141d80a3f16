namespace PypiKit.Probe;

/// <summary>Options of <see cref="ProbeRunner.RunAsync"/>: which index, with what credentials, how many requests.</summary>
public sealed record ProbeOptions
{
    /// <summary>The index root (the URL whose <c>/simple/</c> is the PEP 503 index), e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public required Uri Target { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    /// <summary>Timed requests per operation, after the warm-up.</summary>
    public int Repetitions { get; init; } = 30;
    /// <summary>Untimed requests per operation first (connection set-up, JIT, caches).</summary>
    public int Warmup { get; init; } = 5;
    /// <summary>Project whose listing and first file are probed; null ⇒ the first project the index lists.</summary>
    public string? Project { get; init; }
    /// <summary>
    /// Local processes serving the target (a sandbox's instances, a pypiserver's gunicorn master and workers): their CPU
    /// time from <c>/proc/&lt;pid&gt;/stat</c> is read before and after each operation. Empty ⇒ no server CPU figure.
    /// </summary>
    public IReadOnlyList<int> ServerProcessIds { get; init; } = [];
    /// <summary>Also time uploads (fresh wheels of the project <see cref="UploadProject"/>; needs credentials; they stay in the index).</summary>
    public bool Upload { get; init; }
    /// <summary>Project name of the probe's uploads.</summary>
    public string UploadProject { get; init; } = "pypikit-probe";
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Seconds of idle measurement before the first operation: the CPU the server processes (and the probe) burn with no
    /// request in flight (timers, health checks, background JIT) is measured as a rate and subtracted from each
    /// operation's CPU over its wall time. 0 ⇒ no baseline.
    /// </summary>
    public double IdleBaselineSeconds { get; init; } = 1;
    /// <summary>Fidelity to record when the target does not say (a sandbox sends <c>X-PypiKit-Fidelity</c>).</summary>
    public string? Fidelity { get; init; }

    public ProbeOptions Validate()
    {
        if (!Target.IsAbsoluteUri || Target.Scheme is not ("http" or "https"))
            throw new InvalidInputException("target", $"target must be an absolute http(s) URL, got '{Target}'");
        if (Repetitions is < 3 or > 100_000) throw new InvalidInputException("repetitions", $"repetitions must be within 3..100000, got {Repetitions}");
        if (Warmup is < 0 or > 10_000) throw new InvalidInputException("warmup", $"warmup must be within 0..10000, got {Warmup}");
        if ((User is null) != (Password is null)) throw new InvalidInputException("password", "user and password must be given together");
        if (User is not null && (User.Length == 0 || User.Contains(':'))) throw new InvalidInputException("user", "user must be non-empty without ':'");
        foreach (var pid in ServerProcessIds)
            if (pid < 1) throw new InvalidInputException("server_pid", $"server_pid must be a positive process id, got {pid}");
        if (Upload && User is null) throw new InvalidInputException("upload", "upload needs credentials (user and password)");
        if (Project is { Length: 0 }) throw new InvalidInputException("project", "project must not be empty");
        if (IdleBaselineSeconds is < 0 or > 60 || double.IsNaN(IdleBaselineSeconds)) throw new InvalidInputException("idle_baseline", $"idle_baseline must be within 0..60 seconds, got {IdleBaselineSeconds}");
        if (!(RequestTimeout > TimeSpan.Zero)) throw new InvalidInputException("timeout", "timeout must be positive");
        return this;
    }
}

/// <summary>Progress of a probe: the operation being timed and how many of its requests are done.</summary>
public sealed record ProbeProgress(string Operation, int Done, int Total);
