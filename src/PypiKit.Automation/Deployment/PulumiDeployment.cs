using PypiKit.Automation.Rendering;
using PypiKit.Automation.Workspace;

namespace PypiKit.Automation.Deployment;

/// <summary>
/// The local-program flow of the reference (§2.5): write Pulumi.yaml into the work dir, select or create the stack,
/// bring its config to what the program needs through <c>pulumi config</c> (plain and secret values alike; the stack
/// file itself is never rewritten). Then preview/up/… on the returned <see cref="WorkspaceStack"/>.
/// </summary>
public static class PulumiDeployment
{
    public static async Task<WorkspaceStack> PrepareAsync(RenderedStack stack, PulumiWorkspaceOptions options, CancellationToken ct = default) =>
        await PrepareAsync(stack, await PulumiWorkspace.CreateAsync(options, ct), ct);

    /// <summary>The flow on a workspace already created (its CLI version known): refuses a CLI older than the program requires.</summary>
    public static async Task<WorkspaceStack> PrepareAsync(RenderedStack stack, PulumiWorkspace ws, CancellationToken ct = default)
    {
        if (Preflight.CheckCli(ws.PulumiVersion) is [var tooOld, ..]) throw new PulumiVersionException(tooOld.Message);
        ws.WriteProgram(stack);
        var s = await ws.CreateOrSelectStackAsync(stack.StackName, ct);
        await StackConfigSync.ApplyAsync(s, stack, ct);
        return s;
    }

    /// <summary>
    /// <c>destroy</c>; when it fails, what the state still holds is read back (<c>stack export</c>) and named in a
    /// <see cref="DestroyFailedException"/>.
    /// </summary>
    public static async Task<UpdateResult> DestroyAsync(WorkspaceStack stack, DestroyOptions options, CancellationToken ct = default)
    {
        try { return await stack.DestroyAsync(options, ct); }
        catch (CommandException ex)
        {
            IReadOnlyList<StackResource> left;
            try { left = await stack.GetResourcesAsync(ct); }
            catch (CommandException) { left = []; }
            throw new DestroyFailedException(left, ex);
        }
    }
}

/// <summary>A destroy that did not finish: <see cref="Remaining"/> is what the stack still holds.</summary>
public sealed class DestroyFailedException(IReadOnlyList<StackResource> remaining, CommandException inner)
    : Exception(Describe(remaining, inner), inner)
{
    public IReadOnlyList<StackResource> Remaining { get; } = remaining;

    private static string Describe(IReadOnlyList<StackResource> left, CommandException inner)
    {
        var what = left.Count == 0 ? "the state could not be read back" : "still in the stack: " + string.Join(", ", left);
        var hint = left.Any(r => r.Type is "aws:s3:Bucket" or "aws:s3/bucket:Bucket" or "aws:backup:Vault" or "aws:backup/vault:Vault")
            ? " — a bucket holding access logs or a vault holding recovery points is deleted only with force-destroy: run 'pypikit deploy destroy --yes --force-destroy' with the flags of 'up'"
            : "";
        return $"destroy failed ({inner.Message}); {what}{hint}.";
    }
}
