using PypiKit.Automation.Policy;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;

namespace PypiKit.Cli.Tests.Automation;

/// <summary><c>pypikit deploy render --out DIR</c> writes a program that passes offline validation and every policy, for the default and each option.</summary>
[Trait("Category", "Slow")]
public class DeployCommandTests
{
    public static TheoryData<string, string[]> Variants => new()
    {
        { "default", [] },
        { "dev", ["--shape", "dev"] },
        { "fargate", ["--capacity", "fargate"] },
        { "fargate-spot", ["--capacity", "fargatespot"] },
        { "step", ["--scaling", "step"] },
        { "cloudfront", ["--cloudfront"] },
        { "existing", ["--vpc-id", "vpc-0123456789abcdef0", "--public-subnets", "subnet-0aaaaaaaaaaaaaaa1,subnet-0aaaaaaaaaaaaaaa2", "--private-subnets", "subnet-0bbbbbbbbbbbbbbb1"] },
        { "bursting", ["--efs-throughput", "bursting", "--instance", "c6a.xlarge"] },
        { "graviton", ["--instance", "c7g.large"] },
        { "private-image", ["--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/pypiserver", "--image-tag", "v2.4.1"] },
        { "recovery", ["--backup-interval-hours", "4", "--backup-retention-days", "14", "--replica-region", "us-west-2"] },
        { "graviton-fargate", ["--capacity", "fargate", "--instance", "t4g.medium"] },
        { "webhook-provisioned", ["--alarm-webhook", "--efs-throughput", "provisioned", "--efs-provisioned-mibps", "64", "--no-backup"] },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Render_writes_a_program_that_passes_validation_and_every_policy(string name, string[] flags)
    {
        using var temp = new TempDir("pypikit-cli-render-");
        var dir = temp.Path;
        var outDir = Path.Combine(dir, "out", "stack");
        var run = await CliRunner.RunAsync(["deploy", "render", "--stack", "dev", "--out", outDir, .. flags], workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string?> { ["PYPIKIT_ALARM_WEBHOOK_URL"] = "https://hooks.example.com/T0KEN" });
        Assert.True(run.ExitCode == 0, $"{name}: exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("all checks passed", run.Stdout);
        var yaml = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.yaml"), TestContext.Current.CancellationToken);
        var stackFile = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.dev.yaml"), TestContext.Current.CancellationToken);
        var report = SchemaValidator.Default.Validate(yaml);
        Assert.True(report.IsValid, report.ToString());
        var policies = PolicyChecks.Run((YMap)YamlReader.Read(yaml), (YMap)YamlReader.Read(stackFile));
        Assert.True(policies.Passed, policies.ToString());
        Assert.DoesNotContain("T0KEN", yaml + stackFile);
    }

    [Fact]
    public async Task Preview_says_clearly_that_the_pulumi_cli_is_missing()
    {
        var run = await CliRunner.RunAsync(["deploy", "preview", "--stack", "dev"], workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" });
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pulumi CLI is not installed", run.Stderr);
        Assert.Contains("deploy render", run.Stderr);
    }

    [Fact]
    public async Task Bad_options_exit_2_naming_the_input()
    {
        var run = await CliRunner.RunAsync(["deploy", "render", "--zone-id", "nope", "--out", Path.Combine(Path.GetTempPath(), "pypikit-never")]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--zone-id", run.Stderr);
    }
}

[Trait("Category", "Slow")]
public class CampaignCommandTests
{
    [Fact]
    public async Task Dry_run_prints_the_plan_of_steps_without_credentials_or_pulumi()
    {
        var run = await CliRunner.RunAsync(["campaign", "--dry-run", "--destroy", "--stack", "lab", "--instance", "c6a.xlarge", .. DeployLifecycleTests.RealInputs], workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string?>(DeployLifecycleTests.DockerHubCredential) { ["PATH"] = "/usr/bin:/bin", ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null });
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        foreach (var step in new[] { "Render and check the stack offline", "pulumi up", "Wait until the service is ready", "Upload the corpus",
                     "Burst with telemetry", "Write the reports", "pulumi destroy" })
            Assert.Contains(step, run.Stdout);
        Assert.Contains("tasks 12..24", run.Stdout);
        Assert.Contains("certificate: requested from ACM for pypi.lab.acme.io", run.Stdout);
        Assert.Contains("dry run: nothing was deployed.", run.Stdout);
    }

    [Fact]
    public async Task Without_dry_run_a_missing_pulumi_is_reported()
    {
        var run = await CliRunner.RunAsync(["campaign", "--stack", "lab", .. DeployLifecycleTests.RealInputs], workingDirectory: Path.GetTempPath(),
            environment: new Dictionary<string, string?>(DeployLifecycleTests.DockerHubCredential) { ["PATH"] = "/usr/bin:/bin" });
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("pulumi CLI is not installed", run.Stderr);
    }
}

[Trait("Category", "Slow")]
public class DeployConfigFileTests
{
    [Fact]
    public async Task Render_reads_a_json_deployment_spec_and_explicit_flags_override_it()
    {
        using var temp = new TempDir("pypikit-cli-config-");
        var dir = temp.Path;
        var config = Path.Combine(dir, "deploy.json");
        await File.WriteAllTextAsync(config, """
            { "options": { "shape": "dev", "capacity": "fargate_spot", "scaling": "step", "domain_name": "pypi.example.org",
                           "hosted_zone_id": "Z0123456789ABC", "alarm_emails": ["ops@example.org", "dev@example.org"] },
              "sizing": { "instance_type": "c6a.xlarge", "instance_count": 2, "container_memory": 1024 } }
            """, TestContext.Current.CancellationToken);
        var outDir = Path.Combine(dir, "out");
        var run = await CliRunner.RunAsync(["deploy", "render", "--stack", "prod", "--config", config, "--out", outDir, "--scaling", "targettracking"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var yaml = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.yaml"), TestContext.Current.CancellationToken);
        var stackFile = await File.ReadAllTextAsync(Path.Combine(outDir, "Pulumi.prod.yaml"), TestContext.Current.CancellationToken);
        Assert.Contains("FARGATE_SPOT", yaml);
        Assert.Contains("ECSServiceAverageCPUUtilization", yaml);          // the flag overrode "step"
        Assert.Contains("gunicorn_workers_per_container: 8", yaml);         // 1024 MiB containers → 8 workers
        Assert.Contains("pypikit:domainName: pypi.example.org", stackFile);
        Assert.Contains("- dev@example.org", stackFile);
    }
}

[Trait("Category", "Slow")]
public class DeployRecoveryCommandTests
{
    [Fact]
    public async Task Render_prints_the_rpo_and_restore_plan_writes_the_runbook()
    {
        using var temp = new TempDir("pypikit-cli-recovery-");
        var dir = temp.Path;
        var render = await CliRunner.RunAsync(["deploy", "render", "--stack", "prod", "--out", Path.Combine(dir, "out"), "--backup-interval-hours", "6", "--replica-region", "us-west-2"]);
        Assert.True(render.ExitCode == 0, render.Stdout + render.Stderr);
        Assert.Contains("at most 6 h of uploads", render.Stdout);
        Assert.Contains("failover to the EFS", render.Stdout);
        Assert.Contains("TimeSinceLastSync", render.Stdout);
        var book = Path.Combine(dir, "restore.md");
        var plan = await CliRunner.RunAsync(["deploy", "restore-plan", "--stack", "prod", "--replica-region", "us-west-2", "--runbook", book]);
        Assert.True(plan.ExitCode == 0, plan.Stdout + plan.Stderr);
        var text = await File.ReadAllTextAsync(book, TestContext.Current.CancellationToken);
        Assert.Contains("aws backup start-restore-job", text);
        Assert.Contains("aws efs delete-replication-configuration", text);
        var bad = await CliRunner.RunAsync(["deploy", "restore-plan", "--backup-interval-hours", "5", "--runbook", book]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--backup-interval-hours", bad.Stderr);
    }
}
