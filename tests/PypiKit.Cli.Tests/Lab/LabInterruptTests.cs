using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PypiKit.Cli.Tests.Lab;

/// <summary>
/// <c>pypikit lab</c> as a real process with child-process instances, interrupted: it writes the report of what ran
/// (with the host and instance series of the children it sampled), exits 130 and leaves no child process, no
/// <c>pypikit-sandbox-*</c> temp folder and no empty <c>lab_*</c> folder behind.
/// </summary>
[Trait("Category", "Slow")]
public class LabInterruptTests
{
    [Fact]
    public async Task SIGINT_mid_burst_writes_the_partial_lab_report_with_the_instances_series_and_cleans_up()
    {
        using var run = LabProcess.Start(["--sandbox-instances", "2", "--duration", "60", "--versions", "1"]);
        await run.WaitForLineAsync(l => l.StartsWith("lab: burst", StringComparison.Ordinal), TimeSpan.FromSeconds(240));
        var children = run.Children();
        Assert.Equal(2, children.Count);
        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        var exit = await run.SignalAndWaitAsync("INT");

        Assert.True(exit == 130, $"exit {exit}\n{run.Output}");
        run.AssertCleanedUp(children);
        var folder = Assert.Single(Directory.GetDirectories(run.OutDirectory));
        foreach (var f in new[] { "lab.html", "lab.md", "lab.json" }) Assert.True(File.Exists(Path.Combine(folder, f)), f);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "lab.json")));
        var root = json.RootElement;
        Assert.True(root.GetProperty("cancelled").GetBoolean());
        Assert.StartsWith("Partial run (cancelled): ", root.GetProperty("conclusion").GetProperty("headline").GetString());
        // The sampler watched each child instance (not the CLI process): RSS and I/O of both.
        var sampled = root.GetProperty("host").GetProperty("processes").EnumerateArray().ToArray();
        Assert.Equal(children.Order(), sampled.Select(p => p.GetProperty("pid").GetInt32()).Order());
        foreach (var p in sampled)
        {
            Assert.True(p.GetProperty("rss").GetProperty("points").GetArrayLength() >= 2, p.ToString());
            Assert.NotEqual("unavailable", p.GetProperty("io_source").GetString());
            Assert.True(p.GetProperty("write_bytes_total").GetInt64() > 0, "the corpus upload wrote through each instance: " + p);
        }
        Assert.StartsWith("# Lab: ", File.ReadAllText(Path.Combine(folder, "lab.md")));
    }

    [Fact]
    public async Task SIGTERM_before_the_burst_writes_nothing_and_leaves_no_folder()
    {
        // 2,000 wheels: the upload is still running when the signal arrives
        using var run = LabProcess.Start(["--sandbox-instances", "1", "--duration", "60", "--versions", "20"]);
        await run.WaitForLineAsync(l => l.StartsWith("lab: cluster at", StringComparison.Ordinal), TimeSpan.FromSeconds(240));
        var children = run.Children();
        Assert.Single(children);
        var exit = await run.SignalAndWaitAsync("TERM");

        Assert.True(exit == 130, $"exit {exit}\n{run.Output}");
        Assert.DoesNotContain("lab: burst", run.Output);
        run.AssertCleanedUp(children);
        Assert.True(!Directory.Exists(run.OutDirectory) || Directory.GetFileSystemEntries(run.OutDirectory).Length == 0,
            "a lab folder was left: " + string.Join(", ", Directory.Exists(run.OutDirectory) ? Directory.GetFileSystemEntries(run.OutDirectory) : []));
    }

    /// <summary>One <c>pypikit lab</c> child with its own temp directory (TMPDIR) and output directory.</summary>
    private sealed class LabProcess : IDisposable
    {
        private readonly Process _p;
        private readonly TempDir _root = new("pypikit-cli-lab-signal-");
        private readonly List<string> _lines = [];
        private readonly Task _stdout, _stderr;

        private LabProcess(string[] args)
        {
            TempDirectory = Directory.CreateDirectory(Path.Combine(_root.Path, "tmp")).FullName;
            OutDirectory = Path.Combine(_root.Path, "out");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { CliRunner.CliDll, "lab", "--out", OutDirectory }.Concat(args)) psi.ArgumentList.Add(a);
            psi.Environment["NO_COLOR"] = "1";
            psi.Environment["TMPDIR"] = TempDirectory;
            _p = Process.Start(psi)!;
            _stdout = Pump(_p.StandardOutput);
            _stderr = Pump(_p.StandardError);
        }

        public static LabProcess Start(string[] args) => new(args);

        public string TempDirectory { get; }
        public string OutDirectory { get; }

        public string Output { get { lock (_lines) return string.Join("\n", _lines); } }

        private async Task Pump(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
                lock (_lines) _lines.Add(line);
        }

        public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                lock (_lines) if (_lines.Any(match)) return;
                if (_p.HasExited) Assert.Fail($"pypikit lab exited ({_p.ExitCode}) before the expected line:\n{Output}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"no expected line within {timeout.TotalSeconds:0} s:\n{Output}");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        /// <summary>Processes whose parent is the lab process (the sandbox instances), from /proc.</summary>
        public IReadOnlyList<int> Children() =>
            Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
                .Where(pid => ParentOf(pid) == _p.Id).ToArray();

        private static int? ParentOf(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        public async Task<int> SignalAndWaitAsync(string signal)
        {
            Assert.True(PypiKit.Processes.UnixSignal.Send(_p.Id, signal == "INT" ? PypiKit.Processes.UnixSignal.Interrupt : PypiKit.Processes.UnixSignal.Terminate));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _p.Kill(entireProcessTree: true); throw; }
            await Task.WhenAll(_stdout, _stderr);
            return _p.ExitCode;
        }

        public void AssertCleanedUp(IReadOnlyList<int> children)
        {
            foreach (var pid in children)
                Assert.False(ParentOf(pid) == _p.Id || File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("sandbox", StringComparison.Ordinal),
                    $"instance process {pid} is still running");
            Assert.Empty(Directory.GetDirectories(TempDirectory, "pypikit-sandbox-*"));
        }

        public void Dispose()
        {
            if (!_p.HasExited) _p.Kill(entireProcessTree: true);
            _p.Dispose();
            _root.Dispose();
        }
    }
}
