using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using PypiKit.Automation.Rendering;

namespace PypiKit.Automation.Workspace;

/// <summary>
/// Drives the <c>pulumi</c> CLI over a local YAML program with Automation API LocalWorkspace semantics (argv, env,
/// events, errors; see the reference's argv table). Create with <see cref="CreateAsync"/>, which runs the
/// minimum-version check; write the program with <see cref="WriteProgram"/>; get a <see cref="WorkspaceStack"/> with
/// <see cref="CreateStackAsync"/> / <see cref="SelectStackAsync"/> / <see cref="CreateOrSelectStackAsync"/>.
/// </summary>
public sealed class PulumiWorkspace
{
    /// <summary>The oldest CLI accepted (as the .NET Automation API).</summary>
    public static readonly Version MinimumVersion = new(3, 1, 0);
    private const int SupportedMajor = 3;

    private PulumiWorkspace(PulumiWorkspaceOptions options) => Options = options;

    public PulumiWorkspaceOptions Options { get; }
    public string WorkDir => Options.WorkDir;
    /// <summary>The CLI's version (null when the check was skipped).</summary>
    public Version? PulumiVersion { get; private set; }

    /// <summary>The executable that will be run.</summary>
    public string Executable => Options.PulumiCommand ?? "pulumi";

    /// <summary>Is a pulumi CLI on PATH? (what the CLI's <c>deploy</c> commands check before driving it).</summary>
    public static string? FindOnPath()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, OperatingSystem.IsWindows() ? "pulumi.exe" : "pulumi");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    public static async Task<PulumiWorkspace> CreateAsync(PulumiWorkspaceOptions options, CancellationToken ct = default)
    {
        if (!Directory.Exists(options.WorkDir)) Directory.CreateDirectory(options.WorkDir);
        var ws = new PulumiWorkspace(options);
        if (!options.SkipVersionCheck && Environment.GetEnvironmentVariable("PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK") is null
            && !options.EnvironmentVariables.ContainsKey("PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK"))
            await ws.CheckVersionAsync(ct);
        return ws;
    }

    private async Task CheckVersionAsync(CancellationToken ct)
    {
        var r = await RunAsync(["version"], ct: ct);
        if (r.ExitCode != 0) throw CommandException.From("pulumi version", r.ExitCode, r.StandardOutput, r.StandardError);
        var text = r.StandardOutput.Trim().TrimStart('v');
        var core = text.Split('-', '+')[0];
        if (!Version.TryParse(core, out var version)) throw new PulumiVersionException($"could not parse the pulumi version '{r.StandardOutput.Trim()}'");
        if (version < MinimumVersion) throw new PulumiVersionException($"pulumi {version} is older than the minimum supported {MinimumVersion}; upgrade the CLI");
        if (version.Major > SupportedMajor) throw new PulumiVersionException($"pulumi {version} is a newer major version than supported ({SupportedMajor}.x); set PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK to try anyway");
        PulumiVersion = version;
    }

    /// <summary>
    /// Writes the program (Pulumi.yaml) into <see cref="WorkDir"/>. Pulumi.&lt;stack&gt;.yaml is never written here: as in
    /// LocalWorkspace, stack config goes through <c>pulumi config set/set-all</c> (see <c>StackConfigSync</c>).
    /// </summary>
    public string WriteProgram(RenderedStack stack) => stack.WriteProgramTo(WorkDir);

    // ------------------------------------------------------------------------------------------------ stacks

    public async Task<WorkspaceStack> CreateStackAsync(string name, CancellationToken ct = default)
    {
        var args = new List<string> { "stack", "init", name };
        if (Options.SecretsProvider is { } sp) args.AddRange(["--secrets-provider", sp]);
        await RunCheckedAsync(args, ct);
        return new WorkspaceStack(name, this);
    }

    public async Task<WorkspaceStack> SelectStackAsync(string name, CancellationToken ct = default)
    {
        await RunCheckedAsync(["stack", "select", "--stack", name], ct);
        return new WorkspaceStack(name, this);
    }

    /// <summary>Select; on <see cref="StackNotFoundException"/> create (as LocalWorkspace).</summary>
    public async Task<WorkspaceStack> CreateOrSelectStackAsync(string name, CancellationToken ct = default)
    {
        try { return await SelectStackAsync(name, ct); }
        catch (StackNotFoundException) { return await CreateStackAsync(name, ct); }
    }

    public Task RemoveStackAsync(string name, CancellationToken ct = default) => RunCheckedAsync(["stack", "rm", "--yes", name], ct);

    public async Task<IReadOnlyList<StackSummary>> ListStacksAsync(CancellationToken ct = default)
    {
        var r = await RunCheckedAsync(["stack", "ls", "--json"], ct);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        return [.. doc.RootElement.EnumerateArray().Select(s => new StackSummary(
            s.GetProperty("name").GetString()!, s.TryGetProperty("current", out var c) && c.GetBoolean(),
            s.TryGetProperty("lastUpdate", out var lu) ? lu.GetString() : null,
            s.TryGetProperty("updateInProgress", out var uip) && uip.ValueKind == JsonValueKind.True,
            s.TryGetProperty("resourceCount", out var rc) && rc.TryGetInt32(out var n) ? n : null,
            s.TryGetProperty("url", out var u) ? u.GetString() : null))];
    }

    // ------------------------------------------------------------------------------------------------ config

    /// <summary><c>config set-all --stack s [--path] (--secret|--plaintext) k=v …</c></summary>
    public Task SetAllConfigAsync(string stack, IEnumerable<ConfigValue> values, bool path = false, CancellationToken ct = default)
    {
        var args = new List<string> { "config", "set-all", "--stack", stack };
        if (path) args.Add("--path");
        foreach (var v in values) args.AddRange([v.IsSecret ? "--secret" : "--plaintext", $"{v.Key}={v.Value}"]);
        return RunCheckedAsync(args, ct);
    }

    /// <summary><c>config set [--path] key --secret|--plaintext --stack s --non-interactive -- value</c></summary>
    public Task SetConfigAsync(string stack, string key, string value, bool secret, bool path = false, CancellationToken ct = default)
    {
        var args = new List<string> { "config", "set" };
        if (path) args.Add("--path");
        args.AddRange([key, secret ? "--secret" : "--plaintext", "--stack", stack, "--non-interactive", "--", value]);
        return RunCheckedAsync(args, ct);
    }

    /// <summary><c>config rm key --stack s [--path]</c></summary>
    public Task RemoveConfigAsync(string stack, string key, bool path = false, CancellationToken ct = default)
    {
        var args = new List<string> { "config", "rm", key, "--stack", stack };
        if (path) args.Add("--path");
        return RunCheckedAsync(args, ct);
    }

    /// <summary><c>config --show-secrets --json --stack s</c></summary>
    public async Task<IReadOnlyDictionary<string, StackConfigValue>> GetAllConfigAsync(string stack, CancellationToken ct = default)
    {
        var r = await RunCheckedAsync(["config", "--show-secrets", "--json", "--stack", stack], ct);
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(r.StandardOutput) ? "{}" : r.StandardOutput);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => new StackConfigValue(
            p.Value.TryGetProperty("value", out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "",
            p.Value.TryGetProperty("secret", out var s) && s.ValueKind == JsonValueKind.True));
    }

    /// <summary><c>whoami --json</c> (CLI ≥ 3.58) else <c>whoami</c>; returns the user name.</summary>
    public async Task<string> WhoAmIAsync(CancellationToken ct = default)
    {
        if (PulumiVersion is null || PulumiVersion >= new Version(3, 58))
        {
            var r = await RunCheckedAsync(["whoami", "--json"], ct);
            using var doc = JsonDocument.Parse(r.StandardOutput);
            return doc.RootElement.GetProperty("user").GetString() ?? "";
        }
        return (await RunCheckedAsync(["whoami"], ct)).StandardOutput.Trim();
    }

    // ------------------------------------------------------------------------------------------------ process plumbing

    internal IReadOnlyDictionary<string, string?> ChildEnvironment()
    {
        var env = new Dictionary<string, string?> { ["PULUMI_SKIP_UPDATE_CHECK"] = "true" };
        if (Options.PulumiHome is { } home) env["PULUMI_HOME"] = home;
        if (Options.BackendUrl is { } url) env["PULUMI_BACKEND_URL"] = url;
        if (Options.Passphrase is { } pass) env["PULUMI_CONFIG_PASSPHRASE"] = pass;
        if (Options.PassphraseFile is { } pf) env["PULUMI_CONFIG_PASSPHRASE_FILE"] = pf;
        if (Options.PulumiCommand is { } cmd && Path.IsPathRooted(cmd))
            env["PATH"] = Path.GetDirectoryName(cmd) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        foreach (var (k, v) in Options.EnvironmentVariables) env[k] = v;
        return env;
    }

    internal Task<CommandResult> RunAsync(IReadOnlyList<string> args, Action<string>? onStdout = null, Action<string>? onStderr = null,
        Action<EngineEvent>? onEvent = null, CancellationToken ct = default) =>
        PulumiProcess.RunAsync(Executable, args, WorkDir, ChildEnvironment(), onStdout, onStderr, onEvent, Options.CancelGracePeriod, ct);

    internal async Task<CommandResult> RunCheckedAsync(IReadOnlyList<string> args, CancellationToken ct,
        Action<string>? onStdout = null, Action<string>? onStderr = null, Action<EngineEvent>? onEvent = null)
    {
        var r = await RunAsync(args, onStdout, onStderr, onEvent, ct);
        if (r.ExitCode != 0) throw CommandException.From("pulumi " + string.Join(' ', args), r.ExitCode, r.StandardOutput, r.StandardError);
        return r;
    }

    internal static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
}
