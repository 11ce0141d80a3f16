using System.Diagnostics;
using System.Text.Json;
using PypiKit.Sandbox;

namespace PypiKit.Cli.Tests.LoadGen;

/// <summary>
/// SLOW (a Release self-contained publish, minutes): the CLI as the load-generator image ships it runs without a .NET
/// install and drives a short bounded burst against a sandbox on 127.0.0.1. Skip with <c>--filter "Category!=Slow"</c>.
/// </summary>
[Trait("Category", "Slow")]
public class PublishedCliTests(PublishedCliFixture published) : IClassFixture<PublishedCliFixture>
{
    private async Task<CliRun> RunPublished(string[] args, IDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(published.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        // no .NET install to fall back on: the published folder must carry its runtime
        psi.Environment["DOTNET_ROOT"] = Path.Combine(published.Directory, "no-dotnet-here");
        psi.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the published pypikit");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw; }
        return new CliRun(p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public void The_publish_is_self_contained()
    {
        Assert.True(File.Exists(published.Executable), published.PublishLog);
        Assert.True(File.Exists(Path.Combine(published.Directory, "app", "libcoreclr.so")), "no runtime in the published folder:\n" + published.PublishLog);
        Assert.True(File.Exists(Path.Combine(published.Directory, "app", "System.Private.CoreLib.dll")));
    }

    [Fact]
    public async Task Published_burst_help_runs()
    {
        var run = await RunPublished(["burst", "--help"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("--shard", run.Stdout);
        Assert.Contains("--target", run.Stdout);
    }

    [Fact]
    public async Task Published_cli_runs_a_short_bounded_burst_against_the_sandbox()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 1, Workers = 2 }, ct);
        using var temp = new TempDir("pypikit-loadgen-burst-");
        var dir = temp.Path;
        var profile = Path.Combine(dir, "p.json");
        await File.WriteAllTextAsync(profile, """
            {"name":"loadgen-smoke","executor":"constant_arrival_rate","rate":40,"connections":2,"duration_seconds":1,
             "mix":{"get":1},"path":"/simple/","thresholds":["error_rate < 1%"]}
            """, ct);
        var run = await RunPublished(["burst", "--target", cluster.Url, "--profile", profile, "--user", cluster.Credentials!.User,
            "--max-requests", "40", "--out", Path.Combine(dir, "out")],
            new Dictionary<string, string?> { ["PYPIKIT_PASSWORD"] = cluster.Credentials.Password });
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(dir, "out"), "*.json").Single(), ct));
        Assert.Equal(40, json.RootElement.GetProperty("total_requests").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("failed_requests").GetInt64());
    }
}
