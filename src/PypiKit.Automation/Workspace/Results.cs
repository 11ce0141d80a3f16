using System.Collections.Immutable;
using System.Text.Json;

namespace PypiKit.Automation.Workspace;

/// <summary>A stack output; <see cref="IsSecret"/> when the masked listing showed <c>"[secret]"</c>.</summary>
public sealed record OutputValue(JsonElement Value, bool IsSecret)
{
    public override string ToString() => IsSecret ? "[secret]" : Value.ValueKind == JsonValueKind.String ? Value.GetString()! : Value.GetRawText();
}

/// <summary>A config value as <c>pulumi config --json</c> reports it.</summary>
public sealed record StackConfigValue(string Value, bool IsSecret);

/// <summary>The last update of a stack (<c>stack history --json</c> page 1), or one built from the summary event.</summary>
public sealed record UpdateSummary(string Kind, string Result, DateTimeOffset? StartTime, DateTimeOffset? EndTime, int? Version,
    string? Message, IReadOnlyDictionary<string, int> ResourceChanges);

public record UpdateResult(string StandardOutput, string StandardError, UpdateSummary Summary, IReadOnlyList<EngineEvent> Events);

public sealed record UpResult(string StandardOutput, string StandardError, UpdateSummary Summary, IReadOnlyList<EngineEvent> Events,
    IImmutableDictionary<string, OutputValue> Outputs) : UpdateResult(StandardOutput, StandardError, Summary, Events);

public sealed record PreviewResult(string StandardOutput, string StandardError, IReadOnlyDictionary<string, int> ChangeSummary, IReadOnlyList<EngineEvent> Events);

public sealed record StackSummary(string Name, bool IsCurrent, string? LastUpdate, bool UpdateInProgress, int? ResourceCount, string? Url);

/// <summary>What one CLI run produced.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>A resource in a stack's state: its URN and type token; <see cref="Name"/> is the logical name (the URN's last part).</summary>
public sealed record StackResource(string Urn, string Type)
{
    public string Name => Urn[(Urn.LastIndexOf("::", StringComparison.Ordinal) + 2)..];
    public override string ToString() => $"{Name} ({Type})";
}
