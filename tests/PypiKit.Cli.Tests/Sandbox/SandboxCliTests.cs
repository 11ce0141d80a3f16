using System.Diagnostics;
using System.Text.Json;

namespace PypiKit.Cli.Tests.Sandbox;

/// <summary>
/// The real CLI: <c>sandbox up --detach</c> starts a balancer process and one process per instance; <c>seed</c> uploads a
/// small corpus; <c>status</c> reads the balancer's counters; <c>down</c> leaves no process behind.
/// </summary>
[Trait("Category", "Slow")]
public class SandboxCliTests
{
    [Fact]
    public async Task Up_seed_status_down_leaves_no_process()
    {
        var work = Directory.CreateTempSubdirectory("pypikit-cli-sandbox-");
        var state = Path.Combine(work.FullName, "state");
        var pids = new List<int>();
        try
        {
            var up = await CliRunner.RunAsync(["sandbox", "up", "--detach", "--instances", "2", "--port", "0",
                "--dir", Path.Combine(work.FullName, "packages"), "--state-dir", state], TimeSpan.FromSeconds(90));
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            var password = up.Stdout.Split('\n').Single(l => l.StartsWith("password:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

            using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "state.json"), TestContext.Current.CancellationToken)))
            {
                pids.Add(doc.RootElement.GetProperty("pid").GetInt32());
                foreach (var i in doc.RootElement.GetProperty("instances").EnumerateArray()) pids.Add(i.GetProperty("pid").GetInt32());
            }
            Assert.Equal(3, pids.Distinct().Count()); // the balancer ('up') and two instance processes
            Assert.All(pids, p => Assert.True(Alive(p)));

            var seed = await CliRunner.RunAsync(["sandbox", "seed", "--state-dir", state, "--password", password, "--projects", "3",
                "--out", Path.Combine(work.FullName, "corpus")], TimeSpan.FromSeconds(90));
            Assert.True(seed.ExitCode == 0, seed.Stdout + seed.Stderr);
            Assert.Contains("uploaded 9, already present 0, failed 0", seed.Stdout);

            var status = await CliRunner.RunAsync(["sandbox", "status", "--state-dir", state, "--json"], TimeSpan.FromSeconds(60));
            Assert.Equal(0, status.ExitCode);
            using (var stats = JsonDocument.Parse(status.Stdout))
                Assert.Equal(2, stats.RootElement.GetProperty("targets").GetArrayLength());

            var down = await CliRunner.RunAsync(["sandbox", "down", "--state-dir", state], TimeSpan.FromSeconds(60));
            Assert.Equal(0, down.ExitCode);
            for (int i = 0; i < 50 && pids.Any(Alive); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
            Assert.All(pids, p => Assert.False(Alive(p), $"pid {p} still running"));
            Assert.False(File.Exists(Path.Combine(state, "state.json")));
        }
        finally
        {
            foreach (var p in pids.Where(Alive))
                try { using var proc = Process.GetProcessById(p); proc.Kill(true); } catch (ArgumentException) { }
            work.Delete(true);
        }
    }

    [Fact]
    public async Task Bad_options_are_exit_code_2_naming_the_option()
    {
        var run = await InProcessCli.RunAsync("sandbox", "up", "--backend", "nope", "--state-dir", Path.Combine(Path.GetTempPath(), "pypikit-none-" + Guid.NewGuid()));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("error: --backend 'nope' is not valid; use one of: simple-dir, cached-dir", run.Stderr);

        var state = Path.Combine(Path.GetTempPath(), "pypikit-none-" + Guid.NewGuid());
        run = await InProcessCli.RunAsync("sandbox", "up", "--detach", "--fidelity", "exact", "--state-dir", state);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("error: --fidelity 'exact' is not valid; use one of: fast, pypiserver", run.Stderr);
        Assert.False(Directory.Exists(state)); // nothing started, nothing written
    }

    private static bool Alive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }
}
