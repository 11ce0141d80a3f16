using System.Text.Json;

namespace PypiKit.Cli.Tests.Lab;

/// <summary>
/// <c>pypikit burst</c> against this machine's recorded sandbox (<c>sandbox up --detach</c>) samples the host, the
/// balancer process and each instance process beside the burst; the series are in the JSON report.
/// </summary>
[Trait("Category", "Slow")]
public class BurstHostSamplingTests
{
    [Fact]
    public async Task A_burst_against_the_local_sandbox_stores_the_host_and_instance_series_in_its_json_report()
    {
        await using var sandbox = await DetachedSandbox.StartAsync("pypikit-cli-burst-host-");
        var (state, url, password, pids) = (sandbox.State, sandbox.Url, sandbox.Password, sandbox.Pids);
        var outDir = Path.Combine(sandbox.Work, "out");
        var burst = await CliRunner.RunAsync(["burst", "--target", url, "--user", "pypikit", "--profile", "light_load-local", "--duration", "4", "--out", outDir],
            TimeSpan.FromSeconds(120), environment: new Dictionary<string, string?> { ["PYPIKIT_PASSWORD"] = password, ["PYPIKIT_SANDBOX_STATE"] = state });
        Assert.True(burst.ExitCode is 0 or 99, burst.Stdout + burst.Stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(outDir, "*.json").Single()));
        var host = report.RootElement.GetProperty("host");
        Assert.True(host.GetProperty("snapshots").GetInt32() >= 3);
        Assert.True(host.GetProperty("host").GetProperty("mem_available").GetProperty("points").GetArrayLength() >= 2);
        var sampled = host.GetProperty("processes").EnumerateArray().ToArray();
        Assert.Equal(pids.Order(), sampled.Select(p => p.GetProperty("pid").GetInt32()).Order());
        Assert.All(sampled, p => Assert.True(p.GetProperty("rss").GetProperty("points").GetArrayLength() >= 2, p.ToString()));
        Assert.Contains("Host and sandbox processes", File.ReadAllText(Directory.GetFiles(outDir, "*.html").Single()));

        // The recorded sandbox is found by its URL; any other target samples nothing.
        var dir = new PypiKit.Sandbox.Daemon.SandboxStateDirectory(state);
        Assert.Equal(pids.Order(), PypiKit.Sandbox.Lab.LocalSandboxSampling.Pids(new Uri(url), dir).Order());
        Assert.Empty(PypiKit.Sandbox.Lab.LocalSandboxSampling.Pids(new Uri("http://127.0.0.1:1/"), dir));
        Assert.Null(PypiKit.Sandbox.Lab.LocalSandboxSampling.TryStart(new Uri("http://127.0.0.1:1/"), dir));

        var down = await CliRunner.RunAsync(["sandbox", "down", "--state-dir", state], TimeSpan.FromSeconds(60));
        Assert.Equal(0, down.ExitCode);
    }
}
