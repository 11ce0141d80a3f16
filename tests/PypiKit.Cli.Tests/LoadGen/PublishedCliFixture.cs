using System.Diagnostics;

namespace PypiKit.Cli.Tests.LoadGen;

/// <summary>
/// Publishes the CLI once per test run the way the load-generator image does (scripts/publish-loadgen.sh, linux-x64,
/// self-contained) into a temporary folder, removed afterwards.
/// </summary>
public sealed class PublishedCliFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("pypikit-loadgen-publish-");

    /// <summary>The published <c>pypikit</c> executable.</summary>
    public string Executable { get; private set; } = "";
    public string Directory => _dir.Path;
    public string PublishLog { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(RepoRoot(), "scripts", "publish-loadgen.sh"));
        psi.ArgumentList.Add("linux-x64");
        psi.ArgumentList.Add(Path.Combine(_dir.Path, "app"));
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException("publish-loadgen.sh took more than 15 minutes"); }
        PublishLog = await stdout + await stderr;
        if (p.ExitCode != 0) throw new InvalidOperationException($"publish-loadgen.sh exited {p.ExitCode}:\n{PublishLog}");
        Executable = Path.Combine(_dir.Path, "app", "pypikit");
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PypiKit.slnx"))) return d.FullName;
        throw new InvalidOperationException("repository root (PypiKit.slnx) not found above " + AppContext.BaseDirectory);
    }

    public ValueTask DisposeAsync()
    {
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
