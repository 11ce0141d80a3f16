using PypiKit.Automation.Deployment;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Workspace;
using PypiKit.Sizing;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>Defects of issue 17 seen at the library level: architecture, the stack file, the CLI version the program needs.</summary>
[Trait("Category", "Slow")]
public class DeployDefectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Render(string instance, CapacityKind capacity = CapacityKind.Ec2) =>
        PulumiYamlRenderer.Render(new DeploymentSpec
        {
            Options = new StackOptions { Capacity = capacity },
            Sizing = new SizingInputs { InstanceType = instance },
        }.ToModel(), "dev").ProjectYaml;

    [Theory]
    [InlineData("c7g.large")]
    [InlineData("t4g.medium")]
    public void Arm64_instance_types_render_the_arm64_ami_parameter_and_cpu_architecture(string instance)
    {
        var yaml = Render(instance);
        Assert.Contains("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id", yaml);
        Assert.Contains("cpuArchitecture: ARM64", yaml);
        Assert.DoesNotContain("X86_64", yaml);
    }

    [Fact]
    public void X86_instance_types_keep_the_x86_ami_and_architecture()
    {
        var yaml = Render("c6a.xlarge");
        Assert.Contains("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id", yaml);
        Assert.Contains("cpuArchitecture: X86_64", yaml);
        Assert.DoesNotContain("ARM64", yaml);
    }

    [Fact]
    public void Fargate_takes_its_runtime_platform_from_the_catalogue_architecture()
    {
        var yaml = Render("c7g.large", CapacityKind.Fargate);
        Assert.Contains("cpuArchitecture: ARM64", yaml);
        Assert.DoesNotContain("optimized-ami", yaml); // no instances, no AMI
    }

    private static PulumiWorkspaceOptions Options(FakePulumi fake, string? version = null) => new()
    {
        WorkDir = fake.WorkDir, PulumiCommand = fake.Executable, Passphrase = "correct horse",
        BackendUrl = "file://" + Path.Combine(fake.Directory, "state"),
        EnvironmentVariables = version is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["FAKE_PULUMI_VERSION"] = version },
    };

    private static RenderedStack WebhookStack() => PulumiYamlRenderer.Render(
        StackModel.FromPlan(StackVariants.ReferencePlan, new StackOptions { AlarmWebhook = true, DomainName = "pypi.lab.acme.io", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@acme.io", "dev@acme.io"] }),
        "dev", new Dictionary<string, string> { ["alarmWebhookUrl"] = "https://hooks.acme.io/T0KEN", ["dockerHubUsername"] = "ci", ["dockerHubAccessToken"] = "dckr_pat_x" });

    [Fact]
    public async Task Prepare_keeps_the_salt_the_secret_config_and_user_keys_of_the_stack_file()
    {
        using var fake = new FakePulumi();
        var rendered = WebhookStack();
        await PulumiDeployment.PrepareAsync(rendered, Options(fake), Ct);
        var first = await File.ReadAllTextAsync(fake.StackFile("dev"), Ct);
        Assert.Contains("encryptionsalt: v1:", first);
        await File.WriteAllTextAsync(fake.StackFile("dev"), first.Replace("config:\n", "config:\n  aws:profile: lab\n"), Ct);

        var stack = await PulumiDeployment.PrepareAsync(rendered, Options(fake), Ct);
        var second = await File.ReadAllTextAsync(fake.StackFile("dev"), Ct);
        Assert.Contains(first.Split('\n')[0], second);             // the same encryptionsalt line
        Assert.Contains("aws:profile: lab", second);                // a key the user added
        Assert.Contains("pypikit:alarmWebhookUrl:", second);
        Assert.Contains("secure: v1:", second);                     // the secret, set through the CLI
        Assert.DoesNotContain("T0KEN", second);
        var up = await stack.UpAsync(new UpOptions { Color = "never" }, Ct); // the strict stand-in accepts the config
        Assert.Equal("succeeded", up.Summary.Result);
        var config = await stack.GetAllConfigAsync(Ct);
        Assert.Equal("https://hooks.acme.io/T0KEN", config["pypikit:alarmWebhookUrl"].Value);
        Assert.True(config["pypikit:alarmWebhookUrl"].IsSecret);
        Assert.Equal("pypi.lab.acme.io", config["pypikit:domainName"].Value);
    }

    [Fact]
    public void The_program_declares_requiredPulumiVersion_a_key_pulumi_reads()
    {
        var yaml = PulumiYamlRenderer.Render(StackModel.FromPlan(StackVariants.ReferencePlan), "dev").ProjectYaml;
        Assert.Matches(@"(?m)^requiredPulumiVersion: "">=3\.\d+\.\d+""$", yaml);
        Assert.DoesNotContain("requiredVersion:", yaml);
    }

    [Fact]
    public async Task Prepare_refuses_a_cli_older_than_the_program_requires()
    {
        using var fake = new FakePulumi();
        var ex = await Assert.ThrowsAsync<PulumiVersionException>(() => PulumiDeployment.PrepareAsync(WebhookStack(), Options(fake, "v3.90.0"), Ct));
        Assert.Contains("3.90.0", ex.Message);
        Assert.DoesNotContain(fake.ArgvLines, l => l.StartsWith("stack", StringComparison.Ordinal));
    }
}
