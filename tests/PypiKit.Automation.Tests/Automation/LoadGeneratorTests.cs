using PypiKit.Automation.Model;
using PypiKit.Automation.Policy;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;
using Outputs = PypiKit.Automation.Rendering.PulumiYamlRenderer.LoadGeneratorOutputs;

namespace PypiKit.Automation.Tests.Automation;

public class LoadGeneratorTests
{
    private static RenderedStack Render(string variant = "load-generator") => StackVariants.Render(variant);
    private static YMap Props(YMap program, string name) => program.Map("resources")!.Map(name)!.Map("properties")!;

    [Theory]
    [InlineData(1, 256, 512)]
    [InlineData(100, 256, 1024)]
    [InlineData(101, 512, 1024)]
    [InlineData(400, 1024, 2048)]
    [InlineData(1500, 4096, 8192)]
    [InlineData(4000, 16384, 32768)]
    public void Task_size_grows_with_virtual_users_and_is_a_valid_Fargate_size(int users, long cpu, long memory)
    {
        var size = LoadGeneratorSizing.TaskSize(users);
        Assert.Equal((cpu, memory), (size.Cpu.Value, size.Memory.Value));
        Assert.True(size.Memory.Value >= LoadGeneratorSizing.BaseMemoryMib + LoadGeneratorSizing.MemoryMibPerUser * users);
        Assert.Equal(size, StackModel.FargateSize(size.Cpu, size.Memory)); // already a valid Fargate pair
    }

    [Theory]
    [InlineData(0)]
    [InlineData(LoadGeneratorSizing.MaxVirtualUsers + 1)]
    public void Out_of_range_virtual_users_are_refused_naming_the_field(int users)
    {
        Assert.Equal("load_generator.virtual_users_per_shard", Assert.Throws<InvalidInputException>(() => LoadGeneratorSizing.TaskSize(users)).Input);
        Assert.Equal("load_generator.virtual_users_per_shard", Assert.Throws<InvalidInputException>(
            () => new StackOptions { LoadGenerator = new LoadGeneratorOptions(users) }.Validate()).Input);
    }

    [Fact]
    public void Off_by_default_renders_no_load_generator()
    {
        var program = StackVariants.Render("default").ProjectYaml;
        Assert.DoesNotContain("loadGen", program, StringComparison.Ordinal);
        Assert.DoesNotContain("aws:ecr:Repository", program, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("load-generator")]
    [InlineData("load-generator-existing-network-arm")]
    public void Rendered_component_passes_schema_validation_and_every_policy(string variant)
    {
        var stack = Render(variant);
        var schema = SchemaValidator.Default.Validate(stack.ProjectYaml);
        Assert.True(schema.IsValid, schema.ToString());
        Assert.Empty(schema.Warnings);
        var policies = PolicyChecks.Run(stack);
        Assert.True(policies.Passed, policies.ToString());
        Assert.Contains(policies.Results, r => r.Rule.Id == "loadgen-s3-put-only");
    }

    [Fact]
    public void Task_definition_and_outputs_have_the_shape_the_coordinator_reads()
    {
        var program = Render("load-generator-existing-network-arm").Program;
        var td = Props(program, "loadGenTaskDefinition");
        Assert.Equal("awsvpc", td.Str("networkMode"));
        Assert.Equal(["FARGATE"], td.Seq("requiresCompatibilities")!.Items.Select(i => ((YScalar)i).Text));
        Assert.Equal(("4096", "8192"), (td.Str("cpu"), td.Str("memory")));
        Assert.Equal("ARM64", td.Map("runtimePlatform")!.Str("cpuArchitecture"));
        var container = (YMap)((YSeq)ProgramView.JsonDoc(td["containerDefinitions"])!).Items.Single();
        Assert.Equal(LoadGeneratorOptions.ContainerName, container.Str("name"));
        Assert.Equal("${loadGenRepository.repositoryUrl}:latest", container.Str("image"));

        var outputs = program.Map("outputs")!;
        Assert.Equal("${cluster.arn}", outputs.Str(Outputs.ClusterArn));
        Assert.Equal("${loadGenTaskDefinition.arn}", outputs.Str(Outputs.TaskDefinitionArn));
        Assert.Equal("${loadGenSecurityGroup.id}", outputs.Str(Outputs.SecurityGroupId));
        Assert.Equal("${loadGenResultsBucket.bucket}", outputs.Str(Outputs.ResultsBucket));
        Assert.Equal(LoadGeneratorOptions.ResultsPrefix, outputs.Str(Outputs.ResultsPrefix));
        Assert.Equal(["${privateSubnetIds[0]}", "${privateSubnetIds[1]}"], outputs.Seq(Outputs.SubnetIds)!.Items.Select(i => ((YScalar)i).Text));
        Assert.Equal("DISABLED", outputs.Map(Outputs.Network)!.Str("assignPublicIp"));
        var lifecycle = (YMap)Props(program, "loadGenResultsBucketLifecycle").Seq("rules")!.Items.Single();
        Assert.Equal(LoadGeneratorOptions.ResultsPrefix, lifecycle.Map("filter")!.Str("prefix"));
        Assert.Equal("14", ((YScalar)lifecycle.Map("expiration")!["days"]!).Text);
    }

    /// <summary>Each load-generator policy must catch a deliberate breach (and only that policy fails).</summary>
    [Theory]
    [InlineData("loadgen-s3-put-only", "s3:*")]
    [InlineData("loadgen-s3-put-only", "whole-bucket")]
    [InlineData("loadgen-s3-put-only", "managed-policy")]
    [InlineData("loadgen-logs-scoped", "logs:*")]
    [InlineData("loadgen-logs-scoped", "any-log-group")]
    [InlineData("loadgen-password-from-secret", "any-secret")]
    [InlineData("loadgen-password-from-secret", "secret-write")]
    [InlineData("loadgen-password-from-secret", "password-override")]
    [InlineData("loadgen-no-public-ip", "public-ip")]
    [InlineData("loadgen-no-public-ip", "public-subnet")]
    [InlineData("loadgen-no-public-ip", "all-egress")]
    [InlineData("loadgen-no-public-ip", "ingress")]
    public void Each_load_generator_policy_catches_a_breach(string policy, string breach)
    {
        var stack = Render();
        var program = stack.Program;
        YMap Statement(string resource, string sid) => ((YMap)ProgramView.JsonDoc(Props(program, resource)["policy"])!).Seq("Statement")!.Items
            .OfType<YMap>().Single(st => ProgramView.Text(st["Sid"]) == sid);
        var sg = Props(program, "loadGenSecurityGroup");
        switch (breach)
        {
            case "s3:*": Statement("loadGenTaskPolicy", "WriteShardResults").Set("Action", Y.Str("s3:*")); break;
            case "whole-bucket": Statement("loadGenTaskPolicy", "WriteShardResults").Set("Resource", Y.Str("${loadGenResultsBucket.arn}/*")); break;
            case "managed-policy":
                program.Map("resources")!.Set("loadGenTaskS3Full", Y.Map(("type", Y.Str("aws:iam:RolePolicyAttachment")), ("properties", Y.Map(
                    ("role", Y.Ref("loadGenTaskRole.name")), ("policyArn", Y.Str("arn:aws:iam::aws:policy/AmazonS3FullAccess")))))); break;
            case "logs:*": Statement("loadGenExecutionPolicy", "WriteLogs").Set("Action", Y.Strs("logs:*")); break;
            case "any-log-group": Statement("loadGenExecutionPolicy", "WriteLogs").Set("Resource", Y.Str("arn:aws:logs:*:*:log-group:*")); break;
            case "any-secret": Statement("loadGenExecutionPolicy", "ReadIndexPassword").Set("Resource", Y.Str("arn:aws:secretsmanager:*:*:secret:*")); break;
            case "secret-write": Statement("loadGenExecutionPolicy", "ReadIndexPassword").Set("Action", Y.Strs("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue")); break;
            case "password-override":
                var containers = (YSeq)ProgramView.JsonDoc(Props(program, "loadGenTaskDefinition")["containerDefinitions"])!;
                ((YMap)containers.Items[0]).Remove("secrets"); break;
            case "public-ip": program.Map("outputs")!.Map(Outputs.Network)!.Set("assignPublicIp", Y.Str("ENABLED")); break;
            case "public-subnet": program.Map("outputs")!.Map(Outputs.Network)!.Set("subnets", Y.Seq(Y.Ref("publicSubnet0.id"))); break;
            case "all-egress":
                sg.Set("egress", Y.Seq(Y.Map(("protocol", Y.Str("-1")), ("fromPort", Y.Int(0)), ("toPort", Y.Int(0)), ("cidrBlocks", Y.Strs("0.0.0.0/0"))))); break;
            case "ingress":
                sg.Set("ingress", Y.Seq(Y.Map(("protocol", Y.Str("tcp")), ("fromPort", Y.Int(22)), ("toPort", Y.Int(22)), ("cidrBlocks", Y.Strs("10.0.0.0/16"))))); break;
        }
        var report = PolicyChecks.Run(program, (YMap)YamlReader.Read(stack.StackConfigYaml));
        var failed = report.Results.Where(r => r.Violations.Count > 0).Select(r => r.Rule.Id).ToList();
        Assert.Equal([policy], failed);
    }
}

public class LoadGeneratorSpecTests
{
    [Fact]
    public void A_deployment_file_turns_the_component_on_with_its_snake_case_fields()
    {
        using var dir = new TempDir("pypikit-loadgen-spec-");
        var path = Path.Combine(dir.Path, "spec.json");
        File.WriteAllText(path, """{"options": {"load_generator": {"virtual_users_per_shard": 250, "image_tag": "v1", "results_expiry_days": 3}}}""");
        var spec = PypiKit.Automation.Deployment.DeploymentSpec.Load(path);
        Assert.Equal(new LoadGeneratorOptions(250, "v1", 3), spec.Options.LoadGenerator);
        Assert.Null(new PypiKit.Automation.Deployment.DeploymentSpec().Options.LoadGenerator);
    }
}
