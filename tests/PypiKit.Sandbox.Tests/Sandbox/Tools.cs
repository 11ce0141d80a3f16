using System.Diagnostics;

namespace PypiKit.Sandbox.Tests.Sandbox;

public sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + "\n" + Stderr;
}

/// <summary>Runs external tools (pip, twine) with a clean environment and a timeout; always kills on timeout.</summary>
public static class Tools
{
    public static bool Exists(string path) => File.Exists(path);

    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // the machine sets PIP_FIND_LINKS; pip must see only the sandbox index
        foreach (var k in new[] { "PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONFIG_FILE", "TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_REPOSITORY_URL" })
            psi.Environment.Remove(k);
        psi.Environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1";
        psi.Environment["PIP_NO_INPUT"] = "1";
        psi.Environment["PIP_CONFIG_FILE"] = "/dev/null";
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out");
        }
        return new ToolRun(p.ExitCode, await o, await e);
    }
}
