using System.Text.Json.Nodes;

namespace PypiKit.Telemetry.Aws;

/// <summary>One container's overrides in <c>RunTask</c>: its command and extra environment variables.</summary>
public sealed record EcsContainerOverride(string Name, IReadOnlyList<string> Command)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A <c>RunTask</c> of a task definition in <c>awsvpc</c> mode (Fargate): the subnets and security groups of the task's
/// network interface, never a public IP unless asked, container overrides, and a client token so a retried call does not
/// start a second task.
/// </summary>
public sealed record EcsTaskLaunch(string Cluster, string TaskDefinition, IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups)
{
    public string LaunchType { get; init; } = "FARGATE";
    public bool AssignPublicIp { get; init; }
    public IReadOnlyList<EcsContainerOverride> ContainerOverrides { get; init; } = [];

    /// <summary>Tag ListTasks can filter on (up to 128 letters, digits, '-', '_' and '/').</summary>
    public string? StartedBy { get; init; }

    /// <summary>Idempotency token (up to 64 characters): a retry with the same token returns the same task.</summary>
    public string? ClientToken { get; init; }

    /// <summary>The request body, in the wire's member names.</summary>
    public JsonObject ToRequest() => new()
    {
        ["cluster"] = Cluster,
        ["taskDefinition"] = TaskDefinition,
        ["count"] = 1,
        ["launchType"] = LaunchType,
        ["startedBy"] = StartedBy,
        ["clientToken"] = ClientToken,
        ["networkConfiguration"] = new JsonObject
        {
            ["awsvpcConfiguration"] = new JsonObject
            {
                ["subnets"] = Strings(Subnets),
                ["securityGroups"] = Strings(SecurityGroups),
                ["assignPublicIp"] = AssignPublicIp ? "ENABLED" : "DISABLED",
            },
        },
        ["overrides"] = new JsonObject
        {
            ["containerOverrides"] = new JsonArray(ContainerOverrides.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name,
                ["command"] = Strings(c.Command),
                ["environment"] = new JsonArray(c.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => (JsonNode?)new JsonObject { ["name"] = kv.Key, ["value"] = kv.Value }).ToArray()),
            }).ToArray()),
        },
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

public sealed partial class EcsClient
{
    /// <summary>RunTask: starts one task as <paramref name="launch"/> describes; ECS's refusals come back as failures, not exceptions.</summary>
    public async Task<EcsDescribed<EcsTask>> LaunchTaskAsync(EcsTaskLaunch launch, CancellationToken ct = default)
    {
        var page = await _json.CallAsync<TasksPage>("RunTask", launch.ToRequest(), ct).ConfigureAwait(false);
        return new(page.Tasks ?? [], page.Failures ?? []);
    }
}
