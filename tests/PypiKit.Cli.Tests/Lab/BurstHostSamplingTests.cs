using System.Diagnostics;
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
        var work = Directory.CreateTempSubdirectory("pypikit-cli-burst-host-");
        var state = Path.Combine(work.FullName, "state");
        var pids = new List<int>();
        try
        {
            var up = await CliRunner.RunAsync(["sandbox", "up", "--detach", "--instances", "2", "--port", "0",
                "--dir", Path.Combine(work.FullName, "packages"), "--state-dir", state], TimeSpan.FromSeconds(90));
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            var password = up.Stdout.Split('\n').Single(l => l.StartsWith("password:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            string url;
            using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "state.json"), TestContext.Current.CancellationToken)))
            {
                url = doc.RootElement.GetProperty("url").GetString()!;
                pids.Add(doc.RootElement.GetProperty("pid").GetInt32());
                foreach (var i in doc.RootElement.GetProperty("instances").EnumerateArray()) pids.Add(i.GetProperty("pid").GetInt32());
            }

            var outDir = Path.Combine(work.FullName, "out");
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
        finally
        {
            foreach (var p in pids.Where(Alive))
                try { using var proc = Process.GetProcessById(p); proc.Kill(true); } catch (ArgumentException) { }
            work.Delete(true);
        }
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat");
}
