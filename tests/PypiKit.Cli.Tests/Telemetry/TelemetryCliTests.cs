namespace PypiKit.Cli.Tests.Telemetry;

/// <summary><c>pypikit telemetry …</c> as a user runs it, against a real moto server with signature checking on.</summary>
[Collection("telemetry-cli")]
[Trait("Category", "Slow")]
public sealed class TelemetryCliTests(TelemetryCliFixture fx)
{
    private string[] EfsMetric(params string[] extra) =>
    [
        "telemetry", "metrics", "--endpoint-url", fx.Url, "--region", "us-east-1", "--since", "2h",
        "--namespace", "AWS/EFS", "--metric", "PercentIOLimit", "--dimension", "FileSystemId=" + fx.Seed.GetProperty("file_system_id").GetString(),
        .. extra,
    ];

    [Fact]
    public async Task Metrics_prints_a_readable_table_of_a_seeded_metric()
    {
        fx.RequireMoto();
        var run = await CliRunner.RunAsync(EfsMetric(), environment: fx.Env());
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("PercentIOLimit", run.Stdout);
        Assert.Matches(@"│\s*metric\s*│\s*PercentIOLimit Average\s*│\s*│\s*12\s*│\s*10\s*│\s*15\.5\s*│\s*21\s*│\s*21\s*│\s*Complete", run.Stdout);
        Assert.Contains("time (UTC)", run.Stdout); // one datapoint per row follows
        Assert.DoesNotContain(fx.SecretAccessKey, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Metrics_from_stack_outputs_read_the_dashboard_panels_and_never_print_secrets()
    {
        fx.RequireMoto();
        var run = await CliRunner.RunAsync(["telemetry", "metrics", "--endpoint-url", fx.Url, "--stack-outputs", Path.Combine(fx.Dir, "outputs.json"),
            "--panel", "efs-throughput-utilization", "--panel", "ecs-cpu-memory", "--panel", "alarm-efs-throughput-high"], environment: fx.Env());
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("efs-throughput-utilization", run.Stdout);
        Assert.Contains("ecs-cpu-memory", run.Stdout);
        Assert.Matches(@"alarm-efs-throughput-high.*local: OK", run.Stdout); // a local evaluation, labelled so
        Assert.DoesNotContain("Do-Not-Print-Me-42", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Snapshot_prints_ecs_and_target_health_and_writes_json()
    {
        fx.RequireMoto();
        var outDir = Path.Combine(fx.Dir, "snap-" + Guid.NewGuid().ToString("N")[..6]);
        var run = await CliRunner.RunAsync(["telemetry", "snapshot", "--endpoint-url", fx.Url, "--stack-outputs", Path.Combine(fx.Dir, "outputs.json"),
            "--out", outDir], environment: fx.Env());
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("desired 3", run.Stdout);
        Assert.Contains("healthy 2", run.Stdout);
        var file = Assert.Single(Directory.GetFiles(outDir, "telemetry_snapshot_baseline_*.json"));
        var json = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Contains("\"target_counts\"", json);
        Assert.DoesNotContain(fx.SecretAccessKey, json);
        Assert.DoesNotContain(fx.AccessKeyId, json);
    }

    [Fact]
    public async Task An_assume_role_profile_resolves_through_sts_and_its_session_token_is_accepted()
    {
        fx.RequireMoto();
        var env = fx.Env(withKeys: false);
        env["AWS_ENDPOINT_URL_STS"] = fx.Url; // the SDK's own STS client goes to moto
        var run = await CliRunner.RunAsync(EfsMetric("--aws-profile", "assume"), environment: env);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("PercentIOLimit", run.Stdout);
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_the_aws_code_and_no_credentials_in_the_output()
    {
        fx.RequireMoto();
        var run = await CliRunner.RunAsync(EfsMetric("--aws-profile", "bad"), environment: fx.Env(withKeys: false));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("SignatureDoesNotMatch", run.Stderr);
        Assert.DoesNotContain("WRONGwrongWRONG", run.Stdout + run.Stderr);
        Assert.DoesNotContain(fx.AccessKeyId, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Bad_input_is_exit_code_2_naming_the_option()
    {
        var run = await CliRunner.RunAsync(["telemetry", "metrics", "--since", "yesterday-ish", "--file-system-id", "fs-1", "--region", "us-east-1"],
            environment: fx.Env());
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--since", run.Stderr);
        var help = await CliRunner.RunAsync(["telemetry", "metrics", "--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--endpoint-url", help.Stdout);
        Assert.Contains("Example", help.Stdout);
    }
}
