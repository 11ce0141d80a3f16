using System.Text.Json.Nodes;

namespace PypiKit.Telemetry.Aws;

/// <summary>Outcome of one shell command on one instance (SSM <c>AWS-RunShellScript</c>).</summary>
public sealed record SsmCommandInvocation(string CommandId, string InstanceId, string Status, int? ResponseCode,
    string StandardOutput, string StandardError)
{
    public bool Succeeded => Status == "Success";
}

/// <summary>SSM (JSON 1.1, <c>AmazonSSM</c>): SendCommand + GetCommandInvocation for host diagnostics.</summary>
public sealed class SsmClient(AwsSession session)
{
    private readonly JsonProtocolClient _json = new(session, AwsService.Ssm, "AmazonSSM");

    /// <summary>Sends shell <paramref name="commands"/> to the instances; returns the command id.</summary>
    public async Task<string> SendShellCommandAsync(IReadOnlyList<string> instanceIds, IReadOnlyList<string> commands, TimeSpan executionTimeout,
        string? comment = null, CancellationToken ct = default)
    {
        var r = await _json.CallAsync("SendCommand", new JsonObject
        {
            ["DocumentName"] = "AWS-RunShellScript",
            ["InstanceIds"] = new JsonArray(instanceIds.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            ["Parameters"] = new JsonObject
            {
                ["commands"] = new JsonArray(commands.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                ["executionTimeout"] = new JsonArray(JsonValue.Create(((int)Math.Ceiling(executionTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            },
            ["TimeoutSeconds"] = Math.Max(30, (int)Math.Ceiling(executionTimeout.TotalSeconds)),
            ["Comment"] = comment,
        }, ct).ConfigureAwait(false);
        return r.GetProperty("Command").GetProperty("CommandId").GetString()!;
    }

    public async Task<SsmCommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken ct = default)
    {
        var r = await _json.CallAsync<Raw>("GetCommandInvocation", new JsonObject
        {
            ["CommandId"] = commandId, ["InstanceId"] = instanceId,
        }, ct).ConfigureAwait(false);
        return new SsmCommandInvocation(commandId, instanceId, r.Status ?? "", r.ResponseCode, r.StandardOutputContent ?? "", r.StandardErrorContent ?? "");
    }

    /// <summary>
    /// Polls until the invocation reaches a final status or <paramref name="timeout"/> passes (then the last status is
    /// returned). <c>InvocationDoesNotExist</c> right after SendCommand is waited out.
    /// </summary>
    public async Task<SsmCommandInvocation> WaitForInvocationAsync(string commandId, string instanceId, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(300);
        while (true)
        {
            try
            {
                var inv = await GetCommandInvocationAsync(commandId, instanceId, ct).ConfigureAwait(false);
                if (inv.Status is not ("Pending" or "InProgress" or "Delayed") || DateTime.UtcNow > deadline) return inv;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvocationDoesNotExist" && DateTime.UtcNow < deadline) { }
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 3000));
        }
    }

    private sealed record Raw(string? Status, int? ResponseCode, string? StandardOutputContent, string? StandardErrorContent);
}
