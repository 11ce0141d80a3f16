using System.Diagnostics;
using System.Text.Json;

namespace PypiKit.Cli.Tests.Sandbox;

/// <summary>
/// The background sandbox from the outside: secrets stay off command lines and out of reach of other users, <c>down</c>
/// signals only processes that are still the ones recorded, a stale state file is reported and removed, and
/// <c>seed</c> leaves no corpus in the temp directory.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait("Category", "Slow")]
public class SandboxDaemonCliTests
{
    [Fact]
    public async Task Detached_up_keeps_the_password_off_command_lines_and_a_killed_up_is_cleaned_as_stale()
    {
        var ct = TestContext.Current.CancellationToken;
        using var work = new TempDir("pypikit-cli-daemon-");
        var state = Path.Combine(work.Path, "state");
        var tmp = Directory.CreateDirectory(Path.Combine(work.Path, "tmp")).FullName;
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var pids = new List<int>();
        try
        {
            var up = await CliRunner.RunAsync(["sandbox", "up", "--detach", "--instances", "1", "--port", "0", "--password", password,
                "--dir", Path.Combine(work.Path, "packages"), "--state-dir", state], TimeSpan.FromSeconds(90));
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "state.json"), ct)))
            {
                pids.Add(doc.RootElement.GetProperty("pid").GetInt32());
                foreach (var i in doc.RootElement.GetProperty("instances").EnumerateArray()) pids.Add(i.GetProperty("pid").GetInt32());
            }
            Assert.Equal(2, pids.Count);
            foreach (var pid in pids)
            {
                var cmdline = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline", ct)).Replace('\0', ' ');
                Assert.Contains("sandbox", cmdline);
                Assert.DoesNotContain(password, cmdline);
            }
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "htpasswd")));

            // seed without -o: the generated corpus goes to the temp directory and must not stay there
            var seed = await CliRunner.RunAsync(["sandbox", "seed", "--state-dir", state, "--projects", "1"], TimeSpan.FromSeconds(90),
                environment: new Dictionary<string, string?> { ["TMPDIR"] = tmp, ["PYPIKIT_SANDBOX_PASSWORD"] = password });
            Assert.True(seed.ExitCode == 0, seed.Stdout + seed.Stderr);
            Assert.Contains("uploaded 3", seed.Stdout);
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "pypikit-corpus-*"));

            // kill -9 of 'up': its state file stays behind; the instance notices its parent is gone and exits
            using (var upProcess = Process.GetProcessById(pids[0])) upProcess.Kill();
            for (int i = 0; i < 100 && pids.Any(Alive); i++) await Task.Delay(100, ct);
            Assert.True(File.Exists(Path.Combine(state, "state.json")));

            var status = await CliRunner.RunAsync(["sandbox", "status", "--state-dir", state], TimeSpan.FromSeconds(60));
            Assert.Contains("stale", status.Stdout + status.Stderr);
            var down = await CliRunner.RunAsync(["sandbox", "down", "--state-dir", state], TimeSpan.FromSeconds(60));
            Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
            Assert.Contains("stale", down.Stdout);
            Assert.False(File.Exists(Path.Combine(state, "state.json")));
        }
        finally
        {
            foreach (var p in pids.Where(Alive))
                try { using var proc = Process.GetProcessById(p); proc.Kill(true); } catch (ArgumentException) { }
        }
    }

    [Fact]
    public async Task Down_does_not_signal_a_process_that_only_reuses_a_recorded_pid()
    {
        var ct = TestContext.Current.CancellationToken;
        using var work = new TempDir("pypikit-cli-daemon-");
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        try
        {
            var state = Directory.CreateDirectory(Path.Combine(work.Path, "state")).FullName;
            // what a crashed sandbox left behind, whose balancer pid now belongs to an unrelated process
            var json = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["pid"] = bystander.Id, ["start_time"] = 1L, ["command"] = "dotnet pypikit sandbox up",
                ["url"] = "http://127.0.0.1:9/", ["packages_directory"] = work.Path, ["password_file"] = null, ["user"] = null,
                ["instances"] = new object[] { new Dictionary<string, object?> { ["name"] = "sandbox-1", ["url"] = "http://127.0.0.1:9/", ["pid"] = bystander.Id, ["start_time"] = 1L, ["command"] = "dotnet pypikit sandbox serve" } },
                ["started"] = DateTimeOffset.UtcNow,
            });
            await File.WriteAllTextAsync(Path.Combine(state, "state.json"), json, ct);

            var down = await CliRunner.RunAsync(["sandbox", "down", "--state-dir", state], TimeSpan.FromSeconds(60));
            Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
            await Task.Delay(300, ct);
            Assert.False(bystander.HasExited, "sandbox down signalled a process that is not the sandbox");
            Assert.Contains("stale", down.Stdout);
            Assert.False(File.Exists(Path.Combine(state, "state.json")));
        }
        finally
        {
            if (!bystander.HasExited) bystander.Kill();
        }
    }

    [Fact]
    public async Task Seed_without_out_leaves_no_corpus_in_the_temp_directory()
    {
        using var temp = new TempDir("pypikit-cli-seed-");
        var work = temp.Path;
        var tmp = Directory.CreateDirectory(Path.Combine(work, "tmp")).FullName;
        // nothing listens on port 9 (discard): the uploads fail, the corpus is still generated first
        var seed = await CliRunner.RunAsync(["sandbox", "seed", "--url", "http://127.0.0.1:9/", "--projects", "1", "--state-dir", Path.Combine(work, "state")],
            TimeSpan.FromSeconds(90), environment: new Dictionary<string, string?> { ["TMPDIR"] = tmp });
        Assert.Contains("3 wheels", seed.Stdout + seed.Stderr); // the corpus was made (in the temp directory)
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp, "pypikit-corpus-*"));
    }

    private static bool Alive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }
}
