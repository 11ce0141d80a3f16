using System.Diagnostics;
using System.Text.Json;

namespace PypiKit.Cli.Tests;

/// <summary>
/// One <c>pypikit sandbox up --detach</c> cluster for a test, in its own temp folder: the URL, the password printed once,
/// the state folder and every process the state file records (the balancer's and each instance's). Disposing kills any
/// of those still alive (a test that stops the cluster itself checks that first) and deletes the folder.
/// </summary>
internal sealed class DetachedSandbox : IAsyncDisposable
{
    private readonly TempDir _work;

    private DetachedSandbox(TempDir work) => _work = work;

    public string Work => _work.Path;
    public string State => Path.Combine(Work, "state");
    public string Url { get; private set; } = "";
    public string Password { get; private set; } = "";
    public IReadOnlyList<int> Pids { get; private set; } = [];

    /// <summary>Starts <paramref name="instances"/> instances on a free port; fails the test with the CLI's output if <c>up</c> fails.</summary>
    public static async Task<DetachedSandbox> StartAsync(string prefix, int instances = 2)
    {
        var sandbox = new DetachedSandbox(new TempDir(prefix));
        try
        {
            var up = await CliRunner.RunAsync(["sandbox", "up", "--detach", "--instances", instances.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--port", "0", "--dir", Path.Combine(sandbox.Work, "packages"), "--state-dir", sandbox.State], TimeSpan.FromSeconds(90));
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            sandbox.Password = up.Stdout.Split('\n').Single(l => l.StartsWith("password:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(sandbox.State, "state.json"), TestContext.Current.CancellationToken));
            sandbox.Url = doc.RootElement.GetProperty("url").GetString()!;
            sandbox.Pids = [doc.RootElement.GetProperty("pid").GetInt32(), .. doc.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("pid").GetInt32())];
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    public static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat");

    public ValueTask DisposeAsync()
    {
        foreach (var p in Pids.Where(Alive))
            try { using var proc = Process.GetProcessById(p); proc.Kill(true); } catch (ArgumentException) { }
        _work.Dispose();
        return ValueTask.CompletedTask;
    }
}
