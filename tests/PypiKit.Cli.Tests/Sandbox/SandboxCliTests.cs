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
        await using var sandbox = await DetachedSandbox.StartAsync("pypikit-cli-sandbox-");
        var pids = sandbox.Pids;
        Assert.Equal(3, pids.Distinct().Count()); // the balancer ('up') and two instance processes
        Assert.All(pids, p => Assert.True(DetachedSandbox.Alive(p)));

        var seed = await CliRunner.RunAsync(["sandbox", "seed", "--state-dir", sandbox.State, "--password", sandbox.Password, "--projects", "3",
            "--out", Path.Combine(sandbox.Work, "corpus")], TimeSpan.FromSeconds(90));
        Assert.True(seed.ExitCode == 0, seed.Stdout + seed.Stderr);
        Assert.Contains("uploaded 9, already present 0, failed 0", seed.Stdout);

        var status = await CliRunner.RunAsync(["sandbox", "status", "--state-dir", sandbox.State, "--json"], TimeSpan.FromSeconds(60));
        Assert.Equal(0, status.ExitCode);
        using (var stats = JsonDocument.Parse(status.Stdout))
            Assert.Equal(2, stats.RootElement.GetProperty("targets").GetArrayLength());

        var down = await CliRunner.RunAsync(["sandbox", "down", "--state-dir", sandbox.State], TimeSpan.FromSeconds(60));
        Assert.Equal(0, down.ExitCode);
        for (int i = 0; i < 50 && pids.Any(DetachedSandbox.Alive); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.All(pids, p => Assert.False(DetachedSandbox.Alive(p), $"pid {p} still running"));
        Assert.False(File.Exists(Path.Combine(sandbox.State, "state.json")));
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
}
