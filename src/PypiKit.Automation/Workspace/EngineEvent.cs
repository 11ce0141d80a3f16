using System.Text.Json;

namespace PypiKit.Automation.Workspace;

/// <summary>The payload kinds of an engine event (the envelope has exactly one).</summary>
public enum EngineEventKind
{
    Unknown, Cancel, Stdout, Diagnostic, Prelude, Summary, ResourcePre, ResourceOutputs, ResourceOperationFailed,
    Policy, PolicyRemediation, PolicyLoad, PolicyAnalyzeSummary, PolicyRemediateSummary, PolicyAnalyzeStackSummary, StartDebugging, Progress, Error,
}

/// <summary>Step metadata of resourcePre/resOutputs/resOpFailed events.</summary>
public sealed record StepEventMetadata(string Op, string Urn, string Type, IReadOnlyList<string> Diffs);

/// <summary>summaryEvent payload.</summary>
public sealed record SummaryEventData(bool MaybeCorrupt, int DurationSeconds, IReadOnlyDictionary<string, int> ResourceChanges, bool? IsPreview, string? Result);

/// <summary>diagnosticEvent payload.</summary>
public sealed record DiagnosticEventData(string? Urn, string Message, string Severity);

/// <summary>
/// One engine event from the CLI's event log (<c>--event-log</c>), shaped as pulumi's <c>apitype.EngineEvent</c>:
/// <c>{"sequence", "timestamp", "&lt;kind&gt;Event": {…}}</c>. Typed views for the kinds a driver needs; the raw payload for the rest.
/// </summary>
public sealed record EngineEvent(int Sequence, long Timestamp, EngineEventKind Kind, JsonElement Payload)
{
    private static readonly Dictionary<string, EngineEventKind> Kinds = new()
    {
        ["cancelEvent"] = EngineEventKind.Cancel, ["stdoutEvent"] = EngineEventKind.Stdout, ["diagnosticEvent"] = EngineEventKind.Diagnostic,
        ["preludeEvent"] = EngineEventKind.Prelude, ["summaryEvent"] = EngineEventKind.Summary, ["resourcePreEvent"] = EngineEventKind.ResourcePre,
        ["resOutputsEvent"] = EngineEventKind.ResourceOutputs, ["resOpFailedEvent"] = EngineEventKind.ResourceOperationFailed,
        ["policyEvent"] = EngineEventKind.Policy, ["policyRemediationEvent"] = EngineEventKind.PolicyRemediation,
        ["policyLoadEvent"] = EngineEventKind.PolicyLoad, ["policyAnalyzeSummaryEvent"] = EngineEventKind.PolicyAnalyzeSummary,
        ["policyRemediateSummaryEvent"] = EngineEventKind.PolicyRemediateSummary, ["policyAnalyzeStackSummaryEvent"] = EngineEventKind.PolicyAnalyzeStackSummary,
        ["startDebuggingEvent"] = EngineEventKind.StartDebugging, ["progressEvent"] = EngineEventKind.Progress, ["errorEvent"] = EngineEventKind.Error,
    };

    /// <summary>Parses one line of the event log; null for blank or invalid lines (the CLI may be mid-write).</summary>
    public static EngineEvent? TryParse(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var seq = root.TryGetProperty("sequence", out var s) && s.TryGetInt32(out var si) ? si : 0;
            var ts = root.TryGetProperty("timestamp", out var t) && t.TryGetInt64(out var ti) ? ti : 0;
            foreach (var p in root.EnumerateObject())
                if (Kinds.TryGetValue(p.Name, out var kind)) return new EngineEvent(seq, ts, kind, p.Value.Clone());
            return new EngineEvent(seq, ts, EngineEventKind.Unknown, root.Clone());
        }
        catch (JsonException) { return null; }
    }

    public StepEventMetadata? Metadata =>
        Kind is EngineEventKind.ResourcePre or EngineEventKind.ResourceOutputs or EngineEventKind.ResourceOperationFailed
        && Payload.TryGetProperty("metadata", out var m)
            ? new StepEventMetadata(Str(m, "op") ?? "", Str(m, "urn") ?? "", Str(m, "type") ?? "",
                m.TryGetProperty("diffs", out var d) && d.ValueKind == JsonValueKind.Array ? [.. d.EnumerateArray().Select(x => x.GetString() ?? "")] : [])
            : null;

    public SummaryEventData? Summary => Kind != EngineEventKind.Summary ? null : new SummaryEventData(
        Payload.TryGetProperty("maybeCorrupt", out var mc) && mc.ValueKind == JsonValueKind.True,
        Payload.TryGetProperty("durationSeconds", out var ds) && ds.TryGetInt32(out var dsi) ? dsi : 0,
        Payload.TryGetProperty("resourceChanges", out var rc) && rc.ValueKind == JsonValueKind.Object
            ? rc.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.TryGetInt32(out var n) ? n : 0) : new Dictionary<string, int>(),
        Payload.TryGetProperty("isPreview", out var ip) && ip.ValueKind is JsonValueKind.True or JsonValueKind.False ? ip.GetBoolean() : null,
        Str(Payload, "result"));

    public DiagnosticEventData? Diagnostic => Kind != EngineEventKind.Diagnostic ? null
        : new DiagnosticEventData(Str(Payload, "urn"), Str(Payload, "message") ?? "", Str(Payload, "severity") ?? "info");

    public string? StdoutMessage => Kind == EngineEventKind.Stdout ? Str(Payload, "message") : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public override string ToString() => Kind switch
    {
        EngineEventKind.ResourcePre or EngineEventKind.ResourceOutputs or EngineEventKind.ResourceOperationFailed
            => $"#{Sequence} {Kind} {Metadata?.Op} {Metadata?.Type} {Metadata?.Urn}",
        EngineEventKind.Summary => $"#{Sequence} Summary {string.Join(", ", Summary!.ResourceChanges.Select(kv => $"{kv.Key}={kv.Value}"))}",
        EngineEventKind.Diagnostic => $"#{Sequence} {Diagnostic!.Severity}: {Diagnostic.Message.Trim()}",
        _ => $"#{Sequence} {Kind}",
    };
}
