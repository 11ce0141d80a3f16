using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace PypiKit.Telemetry.Aws;

/// <summary>Outcome of one shell command on one instance (SSM <c>AWS-RunShellScript</c>).</summary>
public sealed record SsmCommandInvocation(string CommandId, string InstanceId, string Status, int? ResponseCode,
    string StandardOutput, string StandardError)
{
    public bool Succeeded => Status == "Success";
}

/// <summary>
/// SSM through AWSSDK.SimpleSystemsManagement: SendCommand + GetCommandInvocation for host diagnostics, and parameters
/// (the CloudWatch agent's configuration lives in one).
/// </summary>
public sealed class SsmClient : IDisposable
{
    private readonly AmazonSimpleSystemsManagementClient _ssm;

    public SsmClient(AwsSession session)
    {
        var config = new AmazonSimpleSystemsManagementConfig();
        SdkClientConfig.Apply(config, session, AwsService.Ssm);
        _ssm = new AmazonSimpleSystemsManagementClient(session.Credentials, config);
    }

    /// <summary>Sends shell <paramref name="commands"/> to the instances; returns the command id.</summary>
    public async Task<string> SendShellCommandAsync(IReadOnlyList<string> instanceIds, IReadOnlyList<string> commands, TimeSpan executionTimeout,
        string? comment = null, CancellationToken ct = default)
    {
        var seconds = (int)Math.Ceiling(executionTimeout.TotalSeconds);
        var request = new SendCommandRequest
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = [.. instanceIds],
            Parameters = new Dictionary<string, List<string>>
            {
                ["commands"] = [.. commands],
                ["executionTimeout"] = [seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            },
            TimeoutSeconds = Math.Max(30, seconds),
            Comment = comment,
        };
        var r = await Call("SendCommand", () => _ssm.SendCommandAsync(request, ct), ct).ConfigureAwait(false);
        return r.Command.CommandId;
    }

    public async Task<SsmCommandInvocation> GetCommandInvocationAsync(string commandId, string instanceId, CancellationToken ct = default)
    {
        var r = await Call("GetCommandInvocation", () => _ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest
        {
            CommandId = commandId, InstanceId = instanceId,
        }, ct), ct).ConfigureAwait(false);
        return new SsmCommandInvocation(commandId, instanceId, r.Status?.Value ?? "", r.ResponseCode, r.StandardOutputContent ?? "", r.StandardErrorContent ?? "");
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

    /// <summary>The value of one parameter (decrypted when it is a SecureString).</summary>
    public async Task<string> GetParameterAsync(string name, CancellationToken ct = default)
    {
        var r = await Call("GetParameter", () => _ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, ct), ct)
            .ConfigureAwait(false);
        return r.Parameter.Value;
    }

    private static Task<T> Call<T>(string operation, Func<Task<T>> call, CancellationToken ct) =>
        SdkClientConfig.CallAsync(AwsService.Ssm, operation, call, ct);

    public void Dispose() => _ssm.Dispose();
}
