using PypiKit.Automation.Deployment;
using PypiKit.Automation.Model;
using PypiKit.Automation.Policy;
using PypiKit.Automation.Policy.Rules;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Validation;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>Image source: the ECR pull-through cache of Docker Hub (default for prod), Docker Hub directly (dev), or a private image.</summary>
public class ImageSourceTests
{
    private static readonly Dictionary<string, string> HubSecrets = new() { [SecretKeys.DockerHubUsername] = "ci", [SecretKeys.DockerHubAccessToken] = "dckr_pat_x" };

    private static StackModel Model(StackOptions o) => StackModel.FromPlan(StackVariants.ReferencePlan, o);

    private static string ContainerImage(RenderedStack stack)
    {
        var td = stack.Program.Map("resources")!.Map("taskDefinition")!.Map("properties")!;
        var container = (YMap)((YSeq)ProgramView.JsonDoc(td["containerDefinitions"])!).Items[0];
        return container.Str("image")!;
    }

    [Fact]
    public void Prod_pulls_docker_hub_through_an_ecr_cache_rule_with_a_scoped_execution_role()
    {
        var model = Model(new StackOptions());
        Assert.Equal(ImageSourceKind.PullThroughCache, model.Service.Image.Kind);
        var check = RenderCheck.Run(model, "prod", HubSecrets);
        Assert.True(check.Passed, check.Validation + "\n" + check.Policies);
        var res = check.Stack.Program.Map("resources")!;
        var rule = res.Map("dockerHubCacheRule")!;
        Assert.Equal("aws:ecr:PullThroughCacheRule", rule.Str("type"));
        Assert.Equal("registry-1.docker.io", rule.Map("properties")!.Str("upstreamRegistryUrl"));
        Assert.Equal("${dockerHubCredentialsVersion.arn}", rule.Map("properties")!.Str("credentialArn"));
        Assert.StartsWith("ecr-pullthroughcache/", res.Map("dockerHubCredentials")!.Map("properties")!.Str("namePrefix"));
        Assert.Equal("${accountId}.dkr.ecr.${region}.amazonaws.com/${dockerHubCacheRule.ecrRepositoryPrefix}/pypiserver/pypiserver:${imageTag}", ContainerImage(check.Stack));
        var statement = (YMap)((YMap)ProgramView.JsonDoc(res.Map("taskExecutionPullThroughPolicy")!.Map("properties")!["policy"])!).Seq("Statement")!.Items[0];
        Assert.Equal("arn:aws:ecr:${region}:${accountId}:repository/${dockerHubCacheRule.ecrRepositoryPrefix}/*", statement.Str("Resource"));
        Assert.Equal(["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"], ((YSeq)statement["Action"]!).Items.Select(i => ((YScalar)i).Text));
        // the credential is secret config, never a file
        Assert.Equal(2, check.Stack.Config.Count(c => c.IsSecret));
        Assert.DoesNotContain("dckr_pat_x", check.Stack.StackConfigYaml);
    }

    [Fact]
    public void Dev_pulls_docker_hub_directly_and_a_private_image_as_given()
    {
        var dev = PulumiYamlRenderer.Render(Model(new StackOptions { Shape = StackShape.Dev }), "dev");
        Assert.Equal("pypiserver/pypiserver:${imageTag}", ContainerImage(dev));
        Assert.DoesNotContain("PullThroughCacheRule", dev.ProjectYaml);
        var priv = PulumiYamlRenderer.Render(Model(StackVariants.All["private-image"]), "dev");
        Assert.Equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/pypiserver:${imageTag}", ContainerImage(priv));
        Assert.DoesNotContain("PullThroughCacheRule", priv.ProjectYaml);
        Assert.True(PolicyChecks.Run(priv).Passed);
    }

    [Fact]
    public void The_cache_is_for_docker_hub_only()
    {
        var ex = Assert.Throws<InvalidInputException>(() => Model(StackVariants.All["private-image"] with { PullThroughCache = true }));
        Assert.Equal("pull_through_cache", ex.Input);
    }

    [Fact]
    public void A_prod_stack_pulling_anonymously_from_docker_hub_fails_its_policy_and_only_that()
    {
        var stack = PulumiYamlRenderer.Render(Model(new StackOptions { PullThroughCache = false }), "prod");
        Assert.True(SchemaValidator.Default.Validate(stack.ProjectYaml).IsValid);
        var failed = PolicyChecks.Run(stack).Results.Where(r => r.Violations.Count > 0).Select(r => r.Rule.Id);
        Assert.Equal(["no-anonymous-docker-hub"], failed);
    }

    [Fact]
    public void The_cache_rule_passes_the_schema_in_the_dev_shape_too()
    {
        var check = RenderCheck.Run(Model(new StackOptions { Shape = StackShape.Dev, PullThroughCache = true }), "dev", HubSecrets);
        Assert.True(check.Passed, check.Validation + "\n" + check.Policies);
        Assert.Contains("type: aws:ecr:PullThroughCacheRule", check.Stack.ProjectYaml);
    }

    [Fact]
    public void Preflight_names_a_missing_docker_hub_credential_and_the_environment_provides_it()
    {
        var options = new StackOptions { DomainName = "pypi.lab.acme.io", HostedZoneId = "Z0123456789ABC", AlarmEmails = ["ops@acme.io"] };
        var model = Model(options);
        var finding = Assert.Single(Preflight.Check(model, new Dictionary<string, string>()));
        Assert.Equal("pull_through_cache", finding.Input);
        Assert.Contains(DeploymentSecrets.DockerHubTokenVariable, finding.Message);
        var env = new Dictionary<string, string> { [DeploymentSecrets.DockerHubUserVariable] = "ci", [DeploymentSecrets.DockerHubTokenVariable] = "dckr_pat_x" };
        var secrets = DeploymentSecrets.FromEnvironment(options, k => env.GetValueOrDefault(k));
        Assert.Equal(HubSecrets, secrets);
        Assert.Empty(Preflight.Check(model, secrets));
        Assert.Empty(DeploymentSecrets.FromEnvironment(options with { Shape = StackShape.Dev }, k => env.GetValueOrDefault(k)));
    }

    [Theory]
    [InlineData("pypiserver/pypiserver:v2.4.1", true)]
    [InlineData("nginx", true)]
    [InlineData("docker.io/pypiserver/pypiserver", true)]
    [InlineData("registry-1.docker.io/library/python:3", true)]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/pypiserver:v1", false)]
    [InlineData("ghcr.io/pypiserver/pypiserver:v2", false)]
    [InlineData("localhost:5000/pypiserver", false)]
    [InlineData("${loadGenRepository.repositoryUrl}:latest", false)]
    public void Docker_hub_names_follow_dockers_reference_rules(string image, bool hub) =>
        Assert.Equal(hub, NoAnonymousDockerHubRule.IsDockerHub(image));
}
