using System.Diagnostics;

namespace PypiKit.Cli.Tests;

/// <summary>What one run of <c>pypikit</c> printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs the built <c>pypikit</c> (PypiKit.Cli.dll) as a real child process (the assembly the test project copies beside itself),
/// so tests see exactly what a user sees: exit codes, stdout, stderr. Every run has a timeout and is killed after it.
/// </summary>
public static class CliRunner
{
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "PypiKit.Cli.dll");

    public static async Task<CliRun> RunAsync(string[] args, TimeSpan? timeout = null, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "160";
        if (environment is not null)
            foreach (var (k, v) in environment)
            {
                if (v is null) psi.Environment.Remove(k); // null: run without the variable (e.g. NO_COLOR)
                else psi.Environment[k] = v;
            }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start pypikit");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"pypikit {string.Join(' ', args)} did not finish in time");
        }
        return new CliRun(p.ExitCode, await stdout, await stderr);
    }
}
