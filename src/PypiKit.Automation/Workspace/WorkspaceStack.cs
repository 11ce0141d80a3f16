using System.Collections.Immutable;
using System.Text.Json;
using PypiKit.Automation.Rendering;
using static PypiKit.Automation.Workspace.PulumiWorkspace;

namespace PypiKit.Automation.Workspace;

/// <summary>
/// One stack of a <see cref="PulumiWorkspace"/>: preview, up, refresh, destroy, outputs, cancel — the argv of each is
/// exactly what Automation API's WorkspaceStack builds (op args, update options, <c>--exec-kind auto.local</c>,
/// <c>--stack</c>, then <c>--non-interactive</c> and <c>--event-log</c>).
/// </summary>
public sealed class WorkspaceStack
{
    internal WorkspaceStack(string name, PulumiWorkspace workspace) { Name = name; Workspace = workspace; }

    public string Name { get; }
    public PulumiWorkspace Workspace { get; }

    public Task SetAllConfigAsync(IEnumerable<ConfigValue> values, bool path = false, CancellationToken ct = default) =>
        Workspace.SetAllConfigAsync(Name, values, path, ct);

    public Task<IReadOnlyDictionary<string, StackConfigValue>> GetAllConfigAsync(CancellationToken ct = default) => Workspace.GetAllConfigAsync(Name, ct);

    // ------------------------------------------------------------------------------------------------ operations

    public static IReadOnlyList<string> UpArgs(string stack, UpOptions o)
    {
        var a = new List<string> { "up", "--yes", "--skip-preview" };
        ApplyChangeOptions(a, o, planFlag: "--plan");
        if (o.ContinueOnError) a.Add("--continue-on-error");
        if (o.Refresh) a.Add("--refresh");
        ApplyUpdateOptions(a, o);
        a.AddRange(["--exec-kind", "auto.local", "--stack", stack]);
        return a;
    }

    public static IReadOnlyList<string> PreviewArgs(string stack, PreviewOptions o)
    {
        var a = new List<string> { "preview" };
        ApplyChangeOptions(a, o, planFlag: "--save-plan");
        if (o.Refresh) a.Add("--refresh");
        ApplyUpdateOptions(a, o);
        a.AddRange(["--exec-kind", "auto.local", "--stack", stack]);
        return a;
    }

    /// <summary>The flags <c>up</c> and <c>preview</c> share, in the order LocalWorkspace writes them.</summary>
    private static void ApplyChangeOptions(List<string> a, ChangeOptions o, string planFlag)
    {
        if (o.ExpectNoChanges) a.Add("--expect-no-changes");
        if (o.ShowReads is { } sr) a.Add($"--show-reads={(sr ? "true" : "false")}");
        if (o.Diff) a.Add("--diff");
        if (o.Plan is { } plan) a.AddRange([planFlag, plan]);
        foreach (var r in o.Replace) a.AddRange(["--replace", r]);
        if (o.ExcludeDependents) a.Add("--exclude-dependents");
        if (o.TargetDependents) a.Add("--target-dependents");
    }

    public static IReadOnlyList<string> RefreshArgs(string stack, RefreshOptions o)
    {
        var a = new List<string> { "refresh", "--yes", o.PreviewOnly ? "--preview-only" : "--skip-preview" };
        if (o.ExpectNoChanges) a.Add("--expect-no-changes");
        if (o.SkipPendingCreates) a.Add("--skip-pending-creates");
        if (o.ClearPendingCreates) a.Add("--clear-pending-creates");
        foreach (var (urn, id) in o.ImportPendingCreates) a.AddRange(["--import-pending-creates", urn, "--import-pending-creates", id]);
        if (o.RunProgram is { } rp) a.Add($"--run-program={(rp ? "true" : "false")}");
        ApplyUpdateOptions(a, o);
        a.AddRange(["--exec-kind", "auto.local", "--stack", stack]);
        return a;
    }

    public static IReadOnlyList<string> DestroyArgs(string stack, DestroyOptions o)
    {
        var a = new List<string> { "destroy" };
        if (o.PreviewOnly) a.Add("--preview-only");
        else a.AddRange(["--yes", "--skip-preview"]);
        if (o.ExcludeDependents) a.Add("--exclude-dependents");
        if (o.TargetDependents) a.Add("--target-dependents");
        if (o.ContinueOnError) a.Add("--continue-on-error");
        if (o.Refresh) a.Add("--refresh");
        if (o.RunProgram is { } rp) a.Add($"--run-program={(rp ? "true" : "false")}");
        ApplyUpdateOptions(a, o);
        a.AddRange(["--exec-kind", "auto.local", "--stack", stack]);
        return a;
    }

    /// <summary>ApplyUpdateOptions, in its order.</summary>
    private static void ApplyUpdateOptions(List<string> a, UpdateOptions o)
    {
        if (o.Parallel is { } p) a.AddRange(["--parallel", Invariant(p)]);
        if (o.Message is { } m) a.AddRange(["--message", m]);
        foreach (var x in o.Exclude) a.AddRange(["--exclude", x]);
        foreach (var t in o.Target) a.AddRange(["--target", t]);
        foreach (var pp in o.PolicyPacks) a.AddRange(["--policy-pack", pp]);
        foreach (var pc in o.PolicyPackConfigs) a.AddRange(["--policy-pack-configs", pc]);
        if (o.Color is { } c) a.AddRange(["--color", c]);
        if (o.LogFlow) a.Add("--logflow");
        if (o.LogVerbosity is { } v) a.AddRange(["--verbose", Invariant(v)]);
        if (o.LogToStdErr) a.Add("--logtostderr");
        if (o.Tracing is { } tr) a.AddRange(["--tracing", tr]);
        if (o.Debug) a.Add("--debug");
        if (o.Json) a.Add("--json");
        if (o.ConfigFile is { } cf) a.AddRange(["--config-file", cf]);
        if (o.Profiling is { } pr) a.AddRange(["--profiling", pr]);
    }

    public async Task<UpResult> UpAsync(UpOptions? options = null, CancellationToken ct = default)
    {
        var o = options ?? new UpOptions();
        var (r, events) = await RunUpdateAsync(UpArgs(Name, o), o, alwaysEvents: false, ct);
        var outputs = await GetOutputsAsync(ct);
        var summary = await GetLastUpdateAsync(o.ShowSecrets, ct) ?? FromEvents(events, "update");
        return new UpResult(r.StandardOutput, r.StandardError, summary, events, outputs);
    }

    public async Task<PreviewResult> PreviewAsync(PreviewOptions? options = null, CancellationToken ct = default)
    {
        var o = options ?? new PreviewOptions();
        var (r, events) = await RunUpdateAsync(PreviewArgs(Name, o), o, alwaysEvents: true, ct);
        var summary = events.LastOrDefault(e => e.Kind == EngineEventKind.Summary)?.Summary
                      ?? throw new NoSummaryEventException("the preview finished without a summary event");
        return new PreviewResult(r.StandardOutput, r.StandardError, summary.ResourceChanges, events);
    }

    public async Task<UpdateResult> RefreshAsync(RefreshOptions? options = null, CancellationToken ct = default)
    {
        var o = options ?? new RefreshOptions();
        var (r, events) = await RunUpdateAsync(RefreshArgs(Name, o), o, alwaysEvents: false, ct);
        var summary = await GetLastUpdateAsync(o.ShowSecrets, ct) ?? FromEvents(events, "refresh");
        return new UpdateResult(r.StandardOutput, r.StandardError, summary, events);
    }

    public async Task<UpdateResult> DestroyAsync(DestroyOptions? options = null, CancellationToken ct = default)
    {
        var o = options ?? new DestroyOptions();
        var (r, events) = await RunUpdateAsync(DestroyArgs(Name, o), o, alwaysEvents: false, ct);
        var summary = await GetLastUpdateAsync(o.ShowSecrets, ct) ?? FromEvents(events, "destroy");
        return new UpdateResult(r.StandardOutput, r.StandardError, summary, events);
    }

    /// <summary><c>cancel --yes --stack s</c>: stops an update running elsewhere (on a DIY backend it removes the lock).</summary>
    public Task CancelAsync(CancellationToken ct = default) => Workspace.RunCheckedAsync(["cancel", "--yes", "--stack", Name], ct);

    /// <summary>Outputs: <c>stack output --json</c> (masked) and <c>--show-secrets</c>; a key is secret when the masked value is <c>"[secret]"</c>.</summary>
    public async Task<IImmutableDictionary<string, OutputValue>> GetOutputsAsync(CancellationToken ct = default)
    {
        var masked = await Workspace.RunCheckedAsync(["stack", "output", "--json", "--stack", Name], ct);
        var plain = await Workspace.RunCheckedAsync(["stack", "output", "--json", "--show-secrets", "--stack", Name], ct);
        using var m = JsonDocument.Parse(string.IsNullOrWhiteSpace(masked.StandardOutput) ? "{}" : masked.StandardOutput);
        using var p = JsonDocument.Parse(string.IsNullOrWhiteSpace(plain.StandardOutput) ? "{}" : plain.StandardOutput);
        var b = ImmutableDictionary.CreateBuilder<string, OutputValue>();
        foreach (var prop in p.RootElement.EnumerateObject())
        {
            var secret = m.RootElement.TryGetProperty(prop.Name, out var mv) && mv.ValueKind == JsonValueKind.String && mv.GetString() == "[secret]";
            b[prop.Name] = new OutputValue(prop.Value.Clone(), secret);
        }
        return b.ToImmutable();
    }

    /// <summary>
    /// The resources the stack's state holds (<c>stack export --stack s --show-secrets</c>, deployment.resources), minus the
    /// stack itself and the providers: what a failed destroy left behind.
    /// </summary>
    public async Task<IReadOnlyList<StackResource>> GetResourcesAsync(CancellationToken ct = default)
    {
        var r = await Workspace.RunCheckedAsync(["stack", "export", "--stack", Name, "--show-secrets"], ct);
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(r.StandardOutput) ? "{}" : r.StandardOutput);
        if (!doc.RootElement.TryGetProperty("deployment", out var d) || !d.TryGetProperty("resources", out var res) || res.ValueKind != JsonValueKind.Array) return [];
        return [.. res.EnumerateArray()
            .Select(x => new StackResource(x.TryGetProperty("urn", out var u) ? u.GetString() ?? "" : "", x.TryGetProperty("type", out var t) ? t.GetString() ?? "" : ""))
            .Where(x => !x.Type.StartsWith("pulumi:", StringComparison.Ordinal))];
    }

    /// <summary><c>stack history --json [--show-secrets] --page-size 1 --page 1 --stack s</c> → the last update, or null if there is none.</summary>
    public async Task<UpdateSummary?> GetLastUpdateAsync(bool showSecrets = true, CancellationToken ct = default)
    {
        var args = new List<string> { "stack", "history", "--json" };
        if (showSecrets) args.Add("--show-secrets");
        args.AddRange(["--page-size", "1", "--page", "1", "--stack", Name]);
        var r = await Workspace.RunCheckedAsync(args, ct);
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(r.StandardOutput) ? "[]" : r.StandardOutput);
        var first = doc.RootElement.EnumerateArray().FirstOrDefault();
        if (first.ValueKind != JsonValueKind.Object) return null;
        static DateTimeOffset? Time(JsonElement e, string n) =>
            e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t) ? t : null;
        return new UpdateSummary(
            first.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "",
            first.TryGetProperty("result", out var res) ? res.GetString() ?? "" : "",
            Time(first, "startTime"), Time(first, "endTime"),
            first.TryGetProperty("version", out var ver) && ver.TryGetInt32(out var vi) ? vi : null,
            first.TryGetProperty("message", out var msg) ? msg.GetString() : null,
            first.TryGetProperty("resourceChanges", out var rc) && rc.ValueKind == JsonValueKind.Object
                ? rc.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.TryGetInt32(out var n) ? n : 0) : new Dictionary<string, int>());
    }

    private static UpdateSummary FromEvents(IReadOnlyList<EngineEvent> events, string kind)
    {
        var s = events.LastOrDefault(e => e.Kind == EngineEventKind.Summary)?.Summary;
        return new UpdateSummary(kind, s?.Result ?? (s is null ? "unknown" : "succeeded"), null, null, null, null,
            s?.ResourceChanges ?? new Dictionary<string, int>());
    }

    private async Task<(CommandResult Result, IReadOnlyList<EngineEvent> Events)> RunUpdateAsync(
        IReadOnlyList<string> args, UpdateOptions o, bool alwaysEvents, CancellationToken ct)
    {
        var events = new List<EngineEvent>();
        Action<EngineEvent>? onEvent = null;
        if (alwaysEvents || o.WantsEvents)
            onEvent = e =>
            {
                lock (events) events.Add(e);
                o.OnEvent?.Invoke(e);
                o.Progress?.Report(e);
            };
        var r = await Workspace.RunCheckedAsync(args, ct, o.OnStandardOutput, o.OnStandardError, onEvent);
        lock (events) return (r, events.ToList());
    }
}
