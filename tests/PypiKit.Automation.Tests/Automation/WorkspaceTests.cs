using System.Diagnostics;
using System.Text.RegularExpressions;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Workspace;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The driver against a fake pulumi: the exact argv of every operation (reference argv table), env, events, errors, SIGINT.</summary>
[Trait("Category", "Slow")]
public class WorkspaceTests
{
    private static Task<PulumiWorkspace> Workspace(FakePulumi fake, IDictionary<string, string>? env = null, bool skipVersion = false) =>
        PulumiWorkspace.CreateAsync(new PulumiWorkspaceOptions
        {
            WorkDir = fake.WorkDir,
            PulumiCommand = fake.Executable,
            PulumiHome = Path.Combine(fake.Directory, "home"),
            BackendUrl = "file://" + Path.Combine(fake.Directory, "state"),
            Passphrase = "correct horse",
            SecretsProvider = "passphrase",
            SkipVersionCheck = skipVersion,
            EnvironmentVariables = new Dictionary<string, string>(env ?? new Dictionary<string, string>()) { ["FAKE_PULUMI_EVENTS"] = fake.EventsFile },
            CancelGracePeriod = TimeSpan.FromSeconds(10),
        }, TestContext.Current.CancellationToken);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Version_check_runs_pulumi_version_and_accepts_3x()
    {
        using var fake = new FakePulumi();
        var ws = await Workspace(fake);
        Assert.Equal(["version --non-interactive"], fake.ArgvLines);
        Assert.Equal(new Version(3, 150, 0), ws.PulumiVersion);
        Assert.Equal("true", fake.Calls[0].Env["PULUMI_SKIP_UPDATE_CHECK"]);
    }

    [Theory]
    [InlineData("v3.0.5")]
    [InlineData("v4.0.0")]
    [InlineData("not-a-version")]
    public async Task Version_check_rejects_too_old_newer_major_and_garbage(string version)
    {
        using var fake = new FakePulumi();
        await Assert.ThrowsAsync<PulumiVersionException>(() => Workspace(fake, new Dictionary<string, string> { ["FAKE_PULUMI_VERSION"] = version }));
    }

    [Fact]
    public async Task Version_check_can_be_skipped()
    {
        using var fake = new FakePulumi();
        var ws = await Workspace(fake, new Dictionary<string, string> { ["FAKE_PULUMI_VERSION"] = "v2.0.0" }, skipVersion: true);
        Assert.Null(ws.PulumiVersion);
        Assert.Empty(fake.Calls);
    }

    [Fact]
    public async Task Create_or_select_selects_then_creates_on_stack_not_found()
    {
        using var fake = new FakePulumi();
        fake.WriteProject();
        var ws = await Workspace(fake);
        var stack = await ws.CreateOrSelectStackAsync("dev", Ct);
        Assert.Equal("dev", stack.Name);
        Assert.Equal([
            "version --non-interactive",
            "stack select --stack dev --non-interactive",
            "stack init dev --secrets-provider passphrase --non-interactive"], fake.ArgvLines);
        await Assert.ThrowsAsync<StackAlreadyExistsException>(() => ws.CreateStackAsync("dev", Ct));
        await ws.RemoveStackAsync("dev", Ct);
        Assert.Equal("stack rm --yes dev --non-interactive", fake.ArgvLines[^1]);
    }

    [Fact]
    public async Task Config_set_all_marks_secrets_and_never_writes_them_to_files()
    {
        using var fake = new FakePulumi();
        fake.InitStack();
        var ws = await Workspace(fake);
        var stack = await ws.SelectStackAsync("dev", Ct);
        var rendered = PulumiYamlRenderer.Render(StackModel.FromPlan(StackVariants.ReferencePlan, new StackOptions { AlarmWebhook = true }), "dev",
            new Dictionary<string, string> { ["alarmWebhookUrl"] = "https://hooks.example.com/T0KEN" });
        ws.WriteProgram(rendered);
        Assert.DoesNotContain("T0KEN", File.ReadAllText(Path.Combine(fake.WorkDir, "Pulumi.dev.yaml")));
        Assert.DoesNotContain("T0KEN", File.ReadAllText(Path.Combine(fake.WorkDir, "Pulumi.yaml")));
        await stack.SetAllConfigAsync(rendered.SecretConfig, ct: Ct);
        await stack.SetAllConfigAsync([new ConfigValue("region", "us-east-1", false), new ConfigValue("alarmWebhookUrl", "https://h/x", true)], path: true, Ct);
        await ws.SetConfigAsync("dev", "imageTag", "v2.4.1", secret: false, ct: Ct);
        var all = await stack.GetAllConfigAsync(Ct);
        Assert.True(all["pypikit:alarmWebhookUrl"].IsSecret);
        Assert.Equal([
            "version --non-interactive",
            "stack select --stack dev --non-interactive",
            "config set-all --stack dev --secret alarmWebhookUrl=https://hooks.example.com/T0KEN --non-interactive",
            "config set-all --stack dev --path --plaintext region=us-east-1 --secret alarmWebhookUrl=https://h/x --non-interactive",
            "config set imageTag --plaintext --stack dev --non-interactive -- v2.4.1",
            "config --show-secrets --json --stack dev --non-interactive"], fake.ArgvLines);
    }

    [Fact]
    public async Task Preview_argv_events_and_change_summary()
    {
        using var fake = new FakePulumi();
        fake.InitStack();
        var ws = await Workspace(fake);
        var stack = await ws.SelectStackAsync("dev", Ct);
        var seen = new List<EngineEvent>();
        var stdout = new List<string>();
        var result = await stack.PreviewAsync(new PreviewOptions
        {
            Diff = true, Refresh = true, Replace = ["urn:a"], Plan = "plan.json", Parallel = 4, Message = "m", Color = "never",
            Target = ["urn:t"], OnEvent = seen.Add, OnStandardOutput = stdout.Add,
        }, Ct);
        Assert.Equal(
            "preview --diff --save-plan plan.json --replace urn:a --refresh --parallel 4 --message m --target urn:t --color never " +
            "--exec-kind auto.local --stack dev --non-interactive --event-log <event-log>", fake.ArgvLines[^1]);
        var call = fake.Calls[^1];
        Assert.Equal("true", call.Env["PULUMI_DEBUG_COMMANDS"]);
        Assert.Matches(new Regex(@"automation-logs-preview-[0-9a-f]+[/\\]eventlog\.txt$"), call.Argv[^1]);
        Assert.Equal(fake.WorkDir, call.Cwd);
        Assert.Equal(82, result.ChangeSummary["create"]);
        Assert.Equal(1, result.ChangeSummary["same"]);
        // every valid line, in order; the torn line skipped
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], seen.Select(e => e.Sequence));
        Assert.Equal([EngineEventKind.Prelude, EngineEventKind.ResourcePre, EngineEventKind.ResourcePre, EngineEventKind.Diagnostic,
            EngineEventKind.ResourceOutputs, EngineEventKind.Summary, EngineEventKind.Cancel], seen.Select(e => e.Kind));
        Assert.Equal("aws:ec2/vpc:Vpc", seen[2].Metadata!.Type);
        Assert.Equal("warning", seen[3].Diagnostic!.Severity);
        Assert.Contains("Updating (dev):", stdout);
        Assert.False(Directory.Exists(Path.GetDirectoryName(call.Argv[^1])), "the event-log folder is removed afterwards");
    }

    [Fact]
    public async Task Preview_without_a_summary_event_throws()
    {
        using var fake = new FakePulumi();
        File.WriteAllLines(fake.EventsFile, FakePulumi.Events.Where(l => !l.Contains("summaryEvent")));
        fake.InitStack();
        var ws = await Workspace(fake);
        var stack = await ws.SelectStackAsync("dev", Ct);
        await Assert.ThrowsAsync<NoSummaryEventException>(() => stack.PreviewAsync(ct: Ct));
    }

    [Fact]
    public async Task Up_argv_then_outputs_with_secret_detection_then_history()
    {
        using var fake = new FakePulumi();
        fake.WriteProject("resources:\n  logs:\n    type: aws:s3:Bucket\n  pet:\n    type: random:RandomPet\n");
        fake.InitStack();
        var ws = await Workspace(fake);
        var stack = await ws.SelectStackAsync("dev", Ct);
        var progress = new List<EngineEvent>();
        var result = await stack.UpAsync(new UpOptions
        {
            ExpectNoChanges = true, ShowReads = true, Diff = true, Plan = "p.json", Replace = ["urn:r"], ExcludeDependents = true,
            TargetDependents = true, ContinueOnError = true, Refresh = true, Color = "never", Progress = new SyncProgress<EngineEvent>(progress.Add),
        }, Ct);
        Assert.Equal([
            "up --yes --skip-preview --expect-no-changes --show-reads=true --diff --plan p.json --replace urn:r --exclude-dependents " +
            "--target-dependents --continue-on-error --refresh --color never --exec-kind auto.local --stack dev --non-interactive --event-log <event-log>",
            "stack output --json --stack dev --non-interactive",
            "stack output --json --show-secrets --stack dev --non-interactive",
            "stack history --json --show-secrets --page-size 1 --page 1 --stack dev --non-interactive"], fake.ArgvLines.Skip(2));
        Assert.True(result.Outputs["password"].IsSecret);
        Assert.Equal("s3cr3t-Passw0rd", result.Outputs["password"].Value.GetString());
        Assert.False(result.Outputs["url"].IsSecret);
        Assert.Equal("[secret]", result.Outputs["password"].ToString());
        Assert.Equal("succeeded", result.Summary.Result);
        Assert.Equal(2, result.Summary.ResourceChanges["create"]);
        Assert.Equal(7, progress.Count);
    }

    [Fact]
    public async Task Up_with_defaults_has_no_event_log_and_minimal_argv()
    {
        using var fake = new FakePulumi();
        fake.InitStack();
        var ws = await Workspace(fake);
        var stack = await ws.SelectStackAsync("dev", Ct);
        await stack.UpAsync(new UpOptions { ShowSecrets = false }, Ct);
        Assert.Equal("up --yes --skip-preview --exec-kind auto.local --stack dev --non-interactive", fake.ArgvLines[2]);
        Assert.False(fake.Calls[2].Env.ContainsKey("PULUMI_DEBUG_COMMANDS"));
        Assert.Equal("stack history --json --page-size 1 --page 1 --stack dev --non-interactive", fake.ArgvLines[^1]);
    }

    [Fact]
    public async Task Refresh_destroy_and_cancel_argv()
    {
        using var fake = new FakePulumi();
        fake.InitStack();
        var ws = await Workspace(fake);
        var stack = await ws.SelectStackAsync("dev", Ct);
        await stack.RefreshAsync(ct: Ct);
        await stack.RefreshAsync(new RefreshOptions
        {
            PreviewOnly = true, ExpectNoChanges = true, SkipPendingCreates = true, ClearPendingCreates = true,
            ImportPendingCreates = [("urn:x", "id-1")], RunProgram = false, Color = "never"
        }, Ct);
        await stack.DestroyAsync(ct: Ct);
        await stack.DestroyAsync(new DestroyOptions
        {
            PreviewOnly = true, ExcludeDependents = true, TargetDependents = true, ContinueOnError = true,
            Refresh = true, RunProgram = true, Message = "bye"
        }, Ct);
        await stack.CancelAsync(Ct);
        var lines = fake.ArgvLines.Where(l => !l.StartsWith("stack history", StringComparison.Ordinal)).Skip(2).ToList();
        Assert.Equal([
            "refresh --yes --skip-preview --exec-kind auto.local --stack dev --non-interactive",
            "refresh --yes --preview-only --expect-no-changes --skip-pending-creates --clear-pending-creates --import-pending-creates urn:x " +
            "--import-pending-creates id-1 --run-program=false --color never --exec-kind auto.local --stack dev --non-interactive",
            "destroy --yes --skip-preview --exec-kind auto.local --stack dev --non-interactive",
            "destroy --preview-only --exclude-dependents --target-dependents --continue-on-error --refresh --run-program=true --message bye " +
            "--exec-kind auto.local --stack dev --non-interactive",
            "cancel --yes --stack dev --non-interactive"], lines);
    }

    [Fact]
    public async Task Environment_carries_home_backend_passphrase_and_the_command_folder_first_on_PATH()
    {
        using var fake = new FakePulumi();
        await Workspace(fake);
        var call = fake.Calls[0];
        Assert.Equal(Path.Combine(fake.Directory, "home"), call.Env["PULUMI_HOME"]);
        Assert.Equal("file://" + Path.Combine(fake.Directory, "state"), call.Env["PULUMI_BACKEND_URL"]);
        Assert.Equal("correct horse", call.Env["PULUMI_CONFIG_PASSPHRASE"]);
        Assert.Equal(fake.Directory, call.Path0);
    }

    [Theory]
    [InlineData("error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file", typeof(ConcurrentUpdateException))]
    [InlineData("error: [409] Conflict: Another update is currently in progress.", typeof(ConcurrentUpdateException))]
    [InlineData("error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables", typeof(MissingPassphraseException))]
    [InlineData("error: no stack named 'dev' found", typeof(StackNotFoundException))]
    [InlineData("error: something else entirely", typeof(CommandException))]
    public async Task Errors_are_typed_from_stderr(string stderr, Type expected)
    {
        using var fake = new FakePulumi();
        var ws = await Workspace(fake, new Dictionary<string, string> { ["FAKE_PULUMI_STDERR"] = stderr });
        var ex = await Assert.ThrowsAnyAsync<CommandException>(() => ws.SelectStackAsync("dev", Ct));
        Assert.Equal(expected, ex.GetType());
        Assert.Equal(255, ex.ExitCode);
        Assert.Contains(stderr, ex.StandardError);
        Assert.Contains("stderr:", ex.ToString());
    }

    [Fact]
    public async Task Cancellation_sends_SIGINT_and_the_engine_stops_gracefully()
    {
        using var fake = new FakePulumi();
        fake.InitStack();
        var ws = await Workspace(fake, new Dictionary<string, string> { ["FAKE_PULUMI_HANG"] = "1" });
        var stack = await ws.SelectStackAsync("dev", Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var events = new List<EngineEvent>();
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stack.UpAsync(new UpOptions
        {
            OnEvent = e => { lock (events) events.Add(e); if (e.Kind == EngineEventKind.Summary) cts.Cancel(); },
        }, cts.Token));
        Assert.Contains(fake.Calls, c => c.Extra == "SIGINT");
        lock (events) Assert.Contains(events, e => e.Kind == EngineEventKind.Summary);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(25), "SIGINT ended the process before the hang timed out");
    }

    [Fact]
    public async Task A_missing_cli_is_reported_as_such()
    {
        using var temp = new TempDir("pypikit-nopulumi-");
        var dir = temp.Path;
        var ex = await Assert.ThrowsAsync<PulumiNotFoundException>(() => PulumiWorkspace.CreateAsync(new PulumiWorkspaceOptions
        {
            WorkDir = dir, PulumiCommand = Path.Combine(dir, "no-such", "pulumi"),
        }, Ct));
        Assert.Contains("pulumi CLI was not found", ex.Message);
    }

    /// <summary>Runs a real <c>pulumi preview</c> with a local file backend — only where the CLI is installed (not on this project's machines).</summary>
    [Fact]
    public async Task Real_pulumi_preview_with_a_local_file_backend()
    {
        var cli = PulumiWorkspace.FindOnPath();
        if (cli is null) Assert.Skip("pulumi CLI not on PATH: the real-preview test needs it (and AWS credentials for the aws provider); skipped, not passed.");
        using var temp = new TempDir("pypikit-real-");
        var dir = temp.Path;
        var ws = await PulumiWorkspace.CreateAsync(new PulumiWorkspaceOptions
        {
            WorkDir = Path.Combine(dir, "work"), BackendUrl = "file://" + Path.Combine(dir, "state"), Passphrase = "",
            PulumiHome = Path.Combine(dir, "home"), PulumiCommand = cli,
        }, Ct);
        Directory.CreateDirectory(Path.Combine(dir, "state"));
        var stack = await PypiKit.Automation.Deployment.PulumiDeployment.PrepareAsync(PulumiYamlRenderer.Render(StackModel.FromPlan(StackVariants.ReferencePlan), "dev"), ws, Ct);
        var preview = await stack.PreviewAsync(new PreviewOptions { Color = "never" }, Ct);
        Assert.True(preview.ChangeSummary.GetValueOrDefault("create") > 40);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
