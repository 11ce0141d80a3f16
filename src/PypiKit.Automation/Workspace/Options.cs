namespace PypiKit.Automation.Workspace;

/// <summary>How to run the pulumi CLI (LocalWorkspaceOptions of Automation API, for a local YAML program).</summary>
public sealed record PulumiWorkspaceOptions
{
    /// <summary>Folder holding Pulumi.yaml (the program) and Pulumi.&lt;stack&gt;.yaml.</summary>
    public required string WorkDir { get; init; }
    /// <summary>PULUMI_HOME for the child (plugins, credentials, workspace settings). Null: the user's default.</summary>
    public string? PulumiHome { get; init; }
    /// <summary>The pulumi executable: a path, or null for <c>pulumi</c> on PATH. An absolute path's folder is prepended to the child's PATH (bundled language plugins).</summary>
    public string? PulumiCommand { get; init; }
    /// <summary>PULUMI_BACKEND_URL (e.g. <c>file:///abs/state</c>) instead of a global <c>pulumi login</c>.</summary>
    public string? BackendUrl { get; init; }
    /// <summary>PULUMI_CONFIG_PASSPHRASE for the passphrase secrets provider (an empty string is allowed).</summary>
    public string? Passphrase { get; init; }
    /// <summary>PULUMI_CONFIG_PASSPHRASE_FILE.</summary>
    public string? PassphraseFile { get; init; }
    /// <summary>Secrets provider for new stacks (<c>stack init --secrets-provider</c>), e.g. <c>passphrase</c> or <c>awskms://…</c>.</summary>
    public string? SecretsProvider { get; init; }
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();
    /// <summary>Skip the minimum-version check (also skipped when PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK is set).</summary>
    public bool SkipVersionCheck { get; init; }
    /// <summary>How long a cancelled operation gets after SIGINT before it is killed.</summary>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Options every update-like operation takes (Automation API's UpdateOptions), in the order <c>ApplyUpdateOptions</c> writes them.</summary>
public record UpdateOptions
{
    public int? Parallel { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public IReadOnlyList<string> Target { get; init; } = [];
    public IReadOnlyList<string> PolicyPacks { get; init; } = [];
    public IReadOnlyList<string> PolicyPackConfigs { get; init; } = [];
    /// <summary><c>--color</c>: always, never, raw, auto. Use <c>never</c> when parsing output.</summary>
    public string? Color { get; init; }
    public bool LogFlow { get; init; }
    public int? LogVerbosity { get; init; }
    public bool LogToStdErr { get; init; }
    public string? Tracing { get; init; }
    public bool Debug { get; init; }
    public bool Json { get; init; }
    public string? ConfigFile { get; init; }
    public string? Profiling { get; init; }

    public Action<string>? OnStandardOutput { get; init; }
    public Action<string>? OnStandardError { get; init; }
    public Action<EngineEvent>? OnEvent { get; init; }
    /// <summary>Engine events as progress reports (for a progress display).</summary>
    public IProgress<EngineEvent>? Progress { get; init; }

    internal bool WantsEvents => OnEvent is not null || Progress is not null;
}

/// <summary>What <c>up</c> and <c>preview</c> both take (the program runs and its changes are computed).</summary>
public abstract record ChangeOptions : UpdateOptions
{
    public bool ExpectNoChanges { get; init; }
    public bool? ShowReads { get; init; }
    public bool Diff { get; init; }
    /// <summary><c>up</c>: apply this saved plan (<c>--plan</c>); <c>preview</c>: save the plan here (<c>--save-plan</c>).</summary>
    public string? Plan { get; init; }
    public IReadOnlyList<string> Replace { get; init; } = [];
    public bool ExcludeDependents { get; init; }
    public bool TargetDependents { get; init; }
    public bool Refresh { get; init; }
}

public sealed record UpOptions : ChangeOptions
{
    public bool ContinueOnError { get; init; }
    /// <summary>Show secrets in the summary's config (history <c>--show-secrets</c>); default true as in Automation API.</summary>
    public bool ShowSecrets { get; init; } = true;
}

public sealed record PreviewOptions : ChangeOptions;

public sealed record RefreshOptions : UpdateOptions
{
    public bool PreviewOnly { get; init; }
    public bool ExpectNoChanges { get; init; }
    public bool SkipPendingCreates { get; init; }
    public bool ClearPendingCreates { get; init; }
    /// <summary>Pairs of (urn, id) for <c>--import-pending-creates</c>.</summary>
    public IReadOnlyList<(string Urn, string Id)> ImportPendingCreates { get; init; } = [];
    public bool? RunProgram { get; init; }
    public bool ShowSecrets { get; init; } = true;
}

public sealed record DestroyOptions : UpdateOptions
{
    public bool PreviewOnly { get; init; }
    public bool ExcludeDependents { get; init; }
    public bool TargetDependents { get; init; }
    public bool ContinueOnError { get; init; }
    public bool Refresh { get; init; }
    public bool? RunProgram { get; init; }
    public bool ShowSecrets { get; init; } = true;
}
