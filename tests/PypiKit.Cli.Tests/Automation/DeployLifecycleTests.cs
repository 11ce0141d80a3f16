using System.Diagnostics;
using System.Text.Json;
using PypiKit.Automation.Tests.Automation;

namespace PypiKit.Cli.Tests.Automation;

/// <summary>
/// <c>pypikit deploy up|destroy</c> and <c>pypikit campaign</c> against the strict stand-in for the pulumi CLI: secrets,
/// preflight, destroy, signals (issue 17's defects, one test each).
/// </summary>
[Trait("Category", "Slow")]
public class DeployLifecycleTests
{
    /// <summary>Inputs a real deployment has (the defaults are placeholders the preflight refuses).</summary>
    public static readonly string[] RealInputs = ["--domain", "pypi.lab.acme.io", "--zone-id", "Z0123456789ABC", "--alarm-email", "ops@acme.io"];

    /// <summary>The Docker Hub credential of the pull-through cache a prod stack uses (from the environment only).</summary>
    public static readonly IReadOnlyDictionary<string, string?> DockerHubCredential = new Dictionary<string, string?>
    {
        ["PYPIKIT_DOCKERHUB_USERNAME"] = "pypikit-ci", ["PYPIKIT_DOCKERHUB_TOKEN"] = "dckr_pat_not-a-real-token",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Env(FakePulumi fake, params (string Key, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["PULUMI_CONFIG_PASSPHRASE"] = "correct horse", ["FAKE_PULUMI_EVENTS"] = fake.EventsFile, ["PYPIKIT_ALARM_WEBHOOK_URL"] = null,
        };
        foreach (var (k, v) in DockerHubCredential) env[k] = v;
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    private static Task<CliRun> Deploy(FakePulumi fake, string verb, IEnumerable<string> flags, params (string, string?)[] env) =>
        CliRunner.RunAsync(["deploy", verb, "--stack", "dev", "--out", fake.WorkDir, "--pulumi", fake.Executable, .. verb == "up" ? ["--wait-minutes", "0"] : Array.Empty<string>(), .. flags],
            workingDirectory: fake.Directory, environment: Env(fake, env));

    private static Task<CliRun> Campaign(FakePulumi fake, IEnumerable<string> flags, params (string, string?)[] env)
    {
        var outputs = Path.Combine(fake.Directory, "outputs.json");
        File.WriteAllText(outputs, """{"url": "http://127.0.0.1:9", "username": "u", "password": "p"}""");
        return CliRunner.RunAsync(["campaign", "--stack", "lab", "--reports", Path.Combine(fake.Directory, "campaign"), "--pulumi", fake.Executable,
                "--health-timeout", "0.02", "--no-telemetry", .. flags],
            workingDirectory: fake.Directory, environment: Env(fake, [("FAKE_PULUMI_OUTPUTS", outputs), .. env]));
    }

    private static string CampaignStackFile(FakePulumi fake) => Path.Combine(fake.Directory, "campaign", "stack", "Pulumi.lab.yaml");

    [Fact]
    public async Task Campaign_sets_the_alarm_webhook_secret_as_deploy_does()
    {
        using var fake = new FakePulumi();
        var run = await Campaign(fake, ["--alarm-webhook", .. RealInputs], ("PYPIKIT_ALARM_WEBHOOK_URL", "https://hooks.acme.io/T0KEN"));
        Assert.Contains(fake.ArgvLines, l => l.StartsWith("config set-all --stack lab", StringComparison.Ordinal) && l.Contains("--secret alarmWebhookUrl=https://hooks.acme.io/T0KEN"));
        Assert.Contains(fake.ArgvLines, l => l.StartsWith("up --yes", StringComparison.Ordinal));
        var file = await File.ReadAllTextAsync(CampaignStackFile(fake), Ct);
        Assert.Contains("pypikit:alarmWebhookUrl:", file);
        Assert.DoesNotContain("T0KEN", file);
        Assert.DoesNotContain("Missing required configuration", run.Stderr);
    }

    [Fact]
    public async Task Deploy_up_with_the_alarm_webhook_and_no_url_stops_before_creating_anything()
    {
        using var fake = new FakePulumi();
        var run = await Deploy(fake, "up", ["--alarm-webhook", .. RealInputs]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--alarm-webhook", run.Stderr);
        Assert.Contains("PYPIKIT_ALARM_WEBHOOK_URL", run.Stderr);
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("stack", StringComparison.Ordinal) || l.StartsWith("up", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("campaign")]
    public async Task Placeholders_are_refused_naming_each_flag_and_nothing_is_created(string command)
    {
        using var fake = new FakePulumi();
        var run = command == "deploy" ? await Deploy(fake, "up", []) : await Campaign(fake, []);
        Assert.True(run.ExitCode == 2, run.Stdout + run.Stderr);
        foreach (var flag in new[] { "--domain", "--zone-id", "--alarm-email" })
            Assert.Contains(run.Stderr.Split('\n'), l => l.Contains(flag, StringComparison.Ordinal) && l.Contains("placeholder", StringComparison.Ordinal));
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("stack", StringComparison.Ordinal) || l.StartsWith("up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dry_run_prints_the_preflight_report_and_touches_nothing()
    {
        using var fake = new FakePulumi();
        var run = await Deploy(fake, "up", ["--dry-run"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--domain", run.Stdout + run.Stderr);
        Assert.DoesNotContain(fake.Calls, c => c.Argv[0] != "version");
        var ok = await Deploy(fake, "up", ["--dry-run", .. RealInputs]);
        Assert.True(ok.ExitCode == 0, ok.Stdout + ok.Stderr);
        Assert.Contains("preflight: ok", ok.Stdout);
        Assert.DoesNotContain(fake.Calls, c => c.Argv[0] != "version");
    }

    [Fact]
    public async Task Up_refuses_a_cli_older_than_the_program_requires_before_creating_anything()
    {
        using var fake = new FakePulumi();
        var run = await Deploy(fake, "up", RealInputs, ("FAKE_PULUMI_VERSION", "v3.90.0"));
        Assert.True(run.ExitCode == 2, run.Stdout + run.Stderr);
        Assert.Contains("3.90.0", run.Stderr);
        Assert.Contains("requiredPulumiVersion", run.Stderr);
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("stack", StringComparison.Ordinal) || l.StartsWith("up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Destroy_with_force_destroy_updates_the_stack_then_destroys_it()
    {
        using var fake = new FakePulumi();
        var up = await Deploy(fake, "up", RealInputs);
        Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
        var destroy = await Deploy(fake, "destroy", ["--yes", "--force-destroy", .. RealInputs], ("FAKE_PULUMI_NONEMPTY", "1"));
        Assert.True(destroy.ExitCode == 0, destroy.Stdout + destroy.Stderr);
        var ops = fake.ArgvLines.Where(l => l.StartsWith("up ", StringComparison.Ordinal) || l.StartsWith("destroy ", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["up", "up", "destroy"], ops);
        Assert.Empty(StateResources(fake, "dev"));
    }

    [Fact]
    public async Task A_failed_destroy_names_what_is_left()
    {
        using var fake = new FakePulumi();
        Assert.Equal(0, (await Deploy(fake, "up", RealInputs)).ExitCode);
        var destroy = await Deploy(fake, "destroy", ["--yes"], ("FAKE_PULUMI_NONEMPTY", "1"));
        Assert.Equal(1, destroy.ExitCode);
        var left = destroy.Stderr.Split('\n').Single(l => l.Contains("still in the stack", StringComparison.Ordinal));
        Assert.Contains("accessLogBucket (aws:s3:Bucket)", left);
        Assert.Contains("backupVault (aws:backup:Vault)", left);
        Assert.Contains("--force-destroy", destroy.Stderr);
    }

    [Fact]
    public async Task Campaign_stacks_are_ephemeral_and_destroy_even_with_logs_and_recovery_points()
    {
        using var fake = new FakePulumi();
        await Campaign(fake, ["--destroy", .. RealInputs], ("FAKE_PULUMI_NONEMPTY", "1"));
        Assert.Contains(fake.ArgvLines, l => l.StartsWith("destroy --yes", StringComparison.Ordinal));
        Assert.Empty(StateResources(fake, "lab"));
    }

    private static IReadOnlyList<string> StateResources(FakePulumi fake, string stack)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(fake.Directory, "state", stack + ".json")));
        return [.. doc.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("urn").GetString()!)];
    }

    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("SIGINT", 2)]
    public async Task A_signal_during_up_cancels_pulumi_gracefully_and_leaves_no_orphan(string name, int signal)
    {
        using var fake = new FakePulumi();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = fake.Directory };
        string[] args = [CliRunner.CliDll, "deploy", "up", "--stack", "dev", "--out", fake.WorkDir, "--pulumi", fake.Executable, "--wait-minutes", "0", .. RealInputs];
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in Env(fake, ("FAKE_PULUMI_HANG", "1"))) psi.Environment[k] = v;
        psi.Environment["NO_COLOR"] = "1";
        using var cli = Process.Start(psi)!;
        var stdout = cli.StandardOutput.ReadToEndAsync(Ct);
        var stderr = cli.StandardError.ReadToEndAsync(Ct);
        try
        {
            var started = Stopwatch.StartNew();
            while (!fake.Calls.Any(c => c.Argv[0] == "up" && c.Extra == "ENGINE") && started.Elapsed < TimeSpan.FromSeconds(60) && !cli.HasExited)
                await Task.Delay(100, Ct);
            var up = fake.Calls.First(c => c.Argv[0] == "up" && c.Extra == "ENGINE");
            Assert.True(PypiKit.Processes.UnixSignal.Send(cli.Id, signal));
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromSeconds(40));
            await cli.WaitForExitAsync(wait.Token);
            Assert.True(cli.ExitCode == 130, $"{name}: exit {cli.ExitCode}\n{await stdout}\n{await stderr}");
            Assert.Contains(fake.Calls, c => c.Extra == "SIGINT" && c.Pid == up.Pid);
            Assert.False(FakePulumi.IsAlive(up.Pid), "pulumi up outlived pypikit");
        }
        finally { if (!cli.HasExited) cli.Kill(entireProcessTree: true); }
    }

    [Fact]
    public async Task Up_of_a_prod_stack_without_the_docker_hub_credential_stops_before_creating_anything()
    {
        using var fake = new FakePulumi();
        var run = await Deploy(fake, "up", RealInputs, ("PYPIKIT_DOCKERHUB_TOKEN", null));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith("error: --pull-through-cache:", line);
        Assert.Contains("PYPIKIT_DOCKERHUB_TOKEN", line);
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("up", StringComparison.Ordinal) || l.StartsWith("stack init", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arn:aws:acm:eu-west-1:210987654321:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "region us-east-1")]
    [InlineData("arn:aws:acm:us-east-1:123456789012:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "placeholder")]
    public async Task A_foreign_region_or_placeholder_certificate_is_one_line_exit_2_and_nothing_is_created(string arn, string says)
    {
        using var fake = new FakePulumi();
        var run = await Deploy(fake, "up", ["--certificate-arn", arn, .. RealInputs]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("--certificate-arn", line);
        Assert.Contains(says, line);
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("up", StringComparison.Ordinal) || l.StartsWith("stack init", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dry_run_prints_where_the_certificate_comes_from()
    {
        using var fake = new FakePulumi();
        const string arn = "arn:aws:acm:us-east-1:210987654321:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
        var existing = await Deploy(fake, "up", ["--dry-run", "--certificate-arn", arn, .. RealInputs]);
        Assert.Equal(0, existing.ExitCode);
        Assert.Contains($"certificate: existing {arn} (region us-east-1, the stack's)", existing.Stdout);
        var requested = await Deploy(fake, "up", ["--dry-run", .. RealInputs]);
        Assert.Contains("certificate: requested from ACM for pypi.lab.acme.io, DNS-validated in hosted zone Z0123456789ABC", requested.Stdout);
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("up", StringComparison.Ordinal));
    }

    /// <summary>
    /// A terminal's Ctrl+C sends SIGINT to its whole foreground process group. pulumi takes a second SIGINT as "terminate
    /// now", so it must get exactly one: PypiKit's forwarded one. The CLI here leads a group of its own (as a shell's
    /// foreground job does) and the whole group is signalled; pulumi, in its own session, sees only the forwarded signal.
    /// </summary>
    [Fact]
    public async Task A_terminal_ctrl_c_reaches_pulumi_exactly_once_through_pypikit()
    {
        Assert.SkipWhen(PypiKit.Processes.UnixSignal.SetsidPath is null, "needs util-linux setsid (Linux)");
        using var fake = new FakePulumi();
        var psi = new ProcessStartInfo(PypiKit.Processes.UnixSignal.SetsidPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = fake.Directory };
        string[] args = ["dotnet", CliRunner.CliDll, "deploy", "up", "--stack", "dev", "--out", fake.WorkDir, "--pulumi", fake.Executable, "--wait-minutes", "0", .. RealInputs];
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Env(fake, ("FAKE_PULUMI_HANG", "1"))) psi.Environment[k] = v;
        psi.Environment["NO_COLOR"] = "1";
        using var cli = Process.Start(psi)!;
        var stdout = cli.StandardOutput.ReadToEndAsync(Ct);
        var stderr = cli.StandardError.ReadToEndAsync(Ct);
        try
        {
            var started = Stopwatch.StartNew();
            while (!fake.Calls.Any(c => c.Argv[0] == "up" && c.Extra == "ENGINE") && started.Elapsed < TimeSpan.FromSeconds(60) && !cli.HasExited)
                await Task.Delay(100, Ct);
            var up = fake.Calls.First(c => c.Argv[0] == "up" && c.Extra == "ENGINE");
            var (sid, pgid) = fake.SessionOf(up.Pid);
            Assert.Equal(up.Pid, sid); // pulumi leads a session of its own…
            Assert.NotEqual(cli.Id, pgid); // …outside the terminal's foreground group
            Assert.True(PypiKit.Processes.UnixSignal.Send(-cli.Id, PypiKit.Processes.UnixSignal.Interrupt)); // Ctrl+C: SIGINT to the whole foreground group
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromSeconds(40));
            await cli.WaitForExitAsync(wait.Token);
            Assert.True(cli.ExitCode == 130, $"exit {cli.ExitCode}\n{await stdout}\n{await stderr}");
            Assert.Single(fake.Calls, c => c.Pid == up.Pid && c.Extra == "SIGINT");
            Assert.DoesNotContain("forcefully terminating", await stderr);
            Assert.False(FakePulumi.IsAlive(up.Pid), "pulumi up outlived pypikit");
        }
        finally { if (!cli.HasExited) cli.Kill(entireProcessTree: true); }
    }

}
