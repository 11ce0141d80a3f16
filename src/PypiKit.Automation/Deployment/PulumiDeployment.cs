using PypiKit.Automation.Rendering;
using PypiKit.Automation.Workspace;

namespace PypiKit.Automation.Deployment;

/// <summary>
/// The local-program flow of the reference (§2.5): write Pulumi.yaml + Pulumi.&lt;stack&gt;.yaml into the work dir,
/// select or create the stack, set the secret config values with <c>config set-all --secret</c>. Then preview/up/…
/// on the returned <see cref="WorkspaceStack"/>.
/// </summary>
public static class PulumiDeployment
{
    public static async Task<WorkspaceStack> PrepareAsync(RenderedStack stack, PulumiWorkspaceOptions options, CancellationToken ct = default)
    {
        var ws = await PulumiWorkspace.CreateAsync(options, ct);
        ws.WriteProgram(stack);
        var s = await ws.CreateOrSelectStackAsync(stack.StackName, ct);
        var secrets = stack.SecretConfig.ToList();
        if (secrets.Count > 0) await s.SetAllConfigAsync(secrets, ct: ct);
        return s;
    }
}
