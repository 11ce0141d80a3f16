using System.Net;
using System.Text.Json;

namespace PypiKit.Cli.Tests;

/// <summary>A loopback HTTP server answering every GET with "ok" (HttpListener), for CLI runs that need a target.</summary>
public sealed class OkServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public OkServer()
    {
        Url = LoopbackListener.Start(_listener);
        Port = new Uri(Url).Port;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                var body = "ok"u8.ToArray();
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        });
    }

    public int Port { get; }
    public string Url { get; }

    public void Dispose()
    {
        _stop.Cancel();
        // Close alone: after Stop, the managed listener's Close looks its endpoint up again and binds the port anew,
        // which fails when another test has taken the port meanwhile ("Address already in use").
        _listener.Close();
    }
}

[Trait("Category", "Slow")]
public class BurstCommandTests
{
    private static string Profile(string dir, string thresholds) =>
        WriteFile(dir, "p.json", $$"""
            {"name":"cli-get","executor":"constant_arrival_rate","rate":50,"connections":4,"duration_seconds":1.5,
             "mix":{"get":1},"path":"/ok","thresholds":[{{thresholds}}]}
            """);

    private static string WriteFile(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_passing_run_exits_zero_and_writes_json_markdown_and_html()
    {
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-cli-burst-");
        var dir = temp.Path;
        var run = await CliRunner.RunAsync(["burst", "--target", server.Url, "--profile", Profile(dir, "\"error_rate < 1%\""), "--out", Path.Combine(dir, "out")]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("PASS", run.Stdout);
        var files = Directory.GetFiles(Path.Combine(dir, "out"));
        Assert.Contains(files, f => f.EndsWith(".json"));
        Assert.Contains(files, f => f.EndsWith(".md"));
        Assert.Contains(files, f => f.EndsWith(".html"));
        using var json = JsonDocument.Parse(File.ReadAllText(files.Single(f => f.EndsWith(".json"))));
        Assert.Equal(75, json.RootElement.GetProperty("total_requests").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("failed_requests").GetInt64());
    }

    [Fact]
    public async Task A_breached_threshold_exits_99_and_still_writes_the_report()
    {
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-cli-burst-");
        var dir = temp.Path;
        var run = await CliRunner.RunAsync(["burst", "--target", server.Url, "--profile", Profile(dir, "\"error_rate < 1%\""),
            "--threshold", "p99 < 0.001ms", "--out", Path.Combine(dir, "out")]);
        Assert.Equal(99, run.ExitCode);
        Assert.Contains("FAIL", run.Stdout);
        Assert.Contains("p99 < 0.001ms", run.Stdout);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir, "out"), "*.json"));
    }

    [Fact]
    public async Task An_unreachable_target_is_a_clear_error_not_a_hang()
    {
        var started = DateTime.UtcNow;
        var run = await CliRunner.RunAsync(["burst", "--target", "http://127.0.0.1:1/", "--profile", "light_load-local"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unreachable", run.Stderr);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_remote_target_needs_allow_remote()
    {
        var run = await CliRunner.RunAsync(["burst", "--target", "http://192.0.2.10/", "--profile", "light_load"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--allow-remote", run.Stderr);
    }

    [Fact]
    public async Task Shards_merge_into_one_report()
    {
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-cli-burst-");
        var dir = temp.Path;
        var profile = Profile(dir, "\"count(5xx) == 0\"");
        var shards = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => CliRunner.RunAsync(
            ["burst", "--target", server.Url, "--profile", profile, "--shard", $"{i}/2", "--out", Path.Combine(dir, $"s{i}")])));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.Stdout + s.Stderr));
        var files = Enumerable.Range(1, 2).Select(i => Directory.GetFiles(Path.Combine(dir, $"s{i}"), "*.json").Single()).ToArray();
        var merge = await CliRunner.RunAsync(["burst", "merge", files[0], files[1], "--out", Path.Combine(dir, "merged")]);
        Assert.True(merge.ExitCode == 0, merge.Stdout + merge.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(dir, "merged"), "*.json").Single()));
        Assert.Equal(75, json.RootElement.GetProperty("total_requests").GetInt64());
    }

    [Fact]
    public async Task Profiles_lists_the_reference_profiles_and_help_teaches()
    {
        var run = await CliRunner.RunAsync(["burst", "profiles"]);
        Assert.Equal(0, run.ExitCode);
        foreach (var name in new[] { "production_incident", "production_incident_with_uploads", "upload_storm", "light_load", "heavy_load", "heavy_load-local" })
            Assert.Contains(name, run.Stdout);
        var help = await CliRunner.RunAsync(["burst", "--help"]);
        Assert.Contains("Example", help.Stdout);
        Assert.Contains("--shared-cookie-jar", help.Stdout);
    }

    [Fact]
    public async Task Lab_runs_a_cluster_a_burst_and_writes_the_report_folder()
    {
        using var temp = new TempDir("pypikit-cli-lab-");
        var dir = temp.Path;
        // the out-of-sample check kept small: one level, one measured second per regime
        var run = await CliRunner.RunAsync(["lab", "--duration", "6", "--versions", "1", "--in-process", "--out", dir,
            "--validation-levels", "3", "--validation-seconds", "1"], TimeSpan.FromSeconds(240));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var folder = Directory.GetDirectories(dir).Single();
        Assert.True(File.Exists(Path.Combine(folder, "lab.json")));
        Assert.Single(Directory.GetFiles(folder, "*.html"));
        using var lab = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "lab.json")));
        Assert.Equal(100, lab.RootElement.GetProperty("corpus_files").GetInt32());
        Assert.True(lab.RootElement.GetProperty("model").GetProperty("levels").GetArrayLength() >= 1);
        // the model's demand is the probe taken before the burst, never a fit to it
        Assert.Equal("measured by pypikit probe", lab.RootElement.GetProperty("calibration").GetProperty("source").GetString());
        Assert.Contains("burst model, predicted before the run", run.Stdout);
        // predicted vs measured for each regime, with errors and a verdict, in the console and in lab.json
        var rows = lab.RootElement.GetProperty("validation").GetProperty("rows");
        Assert.Equal(["io-bound", "cpu-bound"], rows.EnumerateArray().Select(r => r.GetProperty("regime").GetString()));
        Assert.All(rows.EnumerateArray(), r => Assert.True(r.GetProperty("predicted_throughput_rps").GetDouble() > 0 && r.GetProperty("measured_throughput_rps").GetDouble() > 0));
        Assert.Matches(@"│ io-bound\s+│ 3\s+│", run.Stdout);
        Assert.Matches(@"verdict: io-bound: (MET|NOT MET) .*; cpu-bound: (MET|NOT MET)", run.Stdout);
        Assert.Contains("Out-of-sample validation", File.ReadAllText(Path.Combine(folder, "lab.md")));
    }
}

/// <summary>Interrupts and output paths of <c>pypikit burst</c>, as a user meets them.</summary>
[Trait("Category", "Slow")]
public class BurstInterruptTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_mid_run_writes_the_report_of_what_ran_and_exits_130(string signal)
    {
        using var server = new OkServer();
        using var temp = new TempDir("pypikit-cli-signal-");
        var dir = temp.Path;
        var profile = Path.Combine(dir, "p.json");
        File.WriteAllText(profile, """
            {"name":"long-get","executor":"constant_arrival_rate","rate":50,"connections":2,"duration_seconds":60,"mix":{"get":1},"path":"/ok"}
            """);
        var outDir = Path.Combine(dir, "out");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliRunner.CliDll, "burst", "--target", server.Url, "--profile", profile, "--out", outDir }) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // Wait for the run to start (its first line), then let it send for a moment.
        var first = await p.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("burst:", first);
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        Assert.True(PypiKit.Processes.UnixSignal.Send(p.Id, signal == "INT" ? PypiKit.Processes.UnixSignal.Interrupt : PypiKit.Processes.UnixSignal.Terminate));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw; }

        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}\n{await stdout}\n{await stderr}");
        var files = Directory.GetFiles(outDir);
        foreach (var ext in new[] { ".json", ".md", ".hlog", ".html" }) Assert.Contains(files, f => f.EndsWith(ext));
        using var json = JsonDocument.Parse(File.ReadAllText(files.Single(f => f.EndsWith(".json"))));
        Assert.Equal("cancelled", json.RootElement.GetProperty("stop_reason").GetString());
        Assert.InRange(json.RootElement.GetProperty("total_requests").GetInt64(), 1, 50 * 30);
        Assert.Contains("SIG" + signal, await stderr);
    }

    [Fact]
    public async Task An_unwritable_out_is_refused_before_any_work_with_one_line_naming_the_flag()
    {
        using var temp = new TempDir("pypikit-cli-out-");
        var dir = temp.Path;
        var blocker = Path.Combine(dir, "a-file");
        File.WriteAllText(blocker, "");
        // The target is unreachable: had the run started, the error would name the target instead.
        var run = await CliRunner.RunAsync(["burst", "--target", "http://127.0.0.1:1/", "--profile", "light_load-local", "--out", Path.Combine(blocker, "reports")]);
        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("--out", lines[0]);
        Assert.DoesNotContain("unreachable", run.Stderr);
    }
}
