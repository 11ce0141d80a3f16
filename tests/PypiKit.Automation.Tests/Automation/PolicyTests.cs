using PypiKit.Automation.Policy;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Tests.Automation;

public class PolicyTests
{
    [Theory]
    [MemberData(nameof(StackVariants.Names), MemberType = typeof(StackVariants))]
    public void Every_variant_passes_every_policy(string variant)
    {
        var report = PolicyChecks.Run(StackVariants.Render(variant));
        Assert.Equal(PolicyChecks.Rules.Count, report.Results.Count);
        Assert.True(report.Passed, report.ToString());
    }

    /// <summary>Each policy must catch a deliberate breach, or it proves nothing.</summary>
    [Theory]
    [InlineData("tasks-in-private-subnets", "default")]
    [InlineData("tasks-in-private-subnets", "fargate")]
    [InlineData("only-alb-public", "default")]
    [InlineData("efs-nfs-from-vpc-cidr-only", "default")]
    [InlineData("encryption-at-rest", "default")]
    [InlineData("encryption-in-transit", "default")]
    [InlineData("https-only", "default")]
    [InlineData("imdsv2-required", "default")]
    [InlineData("iam-no-wildcards", "default")]
    [InlineData("secrets-not-in-plain-config", "default")]
    [InlineData("secrets-not-in-plain-config", "webhook")]
    [InlineData("log-bucket-locked", "default")]
    [InlineData("no-anonymous-docker-hub", "default")]
    public void Each_policy_catches_a_breach(string policy, string variant)
    {
        var stack = StackVariants.Render(variant);
        var program = stack.Program;
        var stackConfig = (YMap)YamlReader.Read(stack.StackConfigYaml);
        var res = program.Map("resources")!;
        YMap Props(string name) => res.Map(name)!.Map("properties")!;
        switch (policy, variant)
        {
            case ("tasks-in-private-subnets", "default"):
                Props("autoScalingGroup").Set("vpcZoneIdentifiers", Y.Seq(Y.Ref("publicSubnet0.id"))); break;
            case ("tasks-in-private-subnets", "fargate"):
                Props("service").Map("networkConfiguration")!.Set("subnets", Y.Seq(Y.Ref("publicSubnet0.id"), Y.Ref("privateSubnet0.id"))); break;
            case ("only-alb-public", _):
                Props("instanceSecurityGroup").Seq("ingress")!.Items.Add(Y.Map(("protocol", Y.Str("tcp")), ("fromPort", Y.Int(22)), ("toPort", Y.Int(22)), ("cidrBlocks", Y.Strs("0.0.0.0/0")))); break;
            case ("efs-nfs-from-vpc-cidr-only", _):
                ((YMap)Props("efsSecurityGroup").Seq("ingress")!.Items[0]).Set("cidrBlocks", Y.Strs("10.0.0.0/8")); break;
            case ("encryption-at-rest", _):
                Props("efsFileSystem").Set("encrypted", Y.Bool(false)); break;
            case ("encryption-in-transit", _):
                var vol = (YMap)Props("taskDefinition").Seq("volumes")!.Items[0];
                vol.Map("efsVolumeConfiguration")!.Set("transitEncryption", Y.Str("DISABLED")); break;
            case ("https-only", _):
                Props("httpListener").Set("defaultActions", Y.Seq(Y.Map(("type", Y.Str("forward")), ("targetGroupArn", Y.Ref("targetGroup.arn"))))); break;
            case ("imdsv2-required", _):
                Props("launchTemplate").Map("metadataOptions")!.Set("httpTokens", Y.Str("optional")); break;
            case ("iam-no-wildcards", _):
                var stmt = (YMap)((YMap)ProgramView.JsonDoc(Props("taskEfsPolicy")["policy"])!).Seq("Statement")!.Items[0];
                stmt.Set("Action", Y.Str("*")).Set("Resource", Y.Str("*")); break;
            case ("secrets-not-in-plain-config", "default"):
                program.Map("outputs")!.Set("password", Y.Ref("pypiPassword.result")); break;
            case ("secrets-not-in-plain-config", "webhook"):
                stackConfig.Map("config")!.Set("pypikit:alarmWebhookUrl", Y.Str("https://hooks.example.com/T0KEN")); break;
            case ("log-bucket-locked", _):
                Props("accessLogBucketPublicAccessBlock").Set("restrictPublicBuckets", Y.Bool(false)); break;
            case ("no-anonymous-docker-hub", _):
                var container = (YMap)((YSeq)ProgramView.JsonDoc(Props("taskDefinition")["containerDefinitions"])!).Items[0];
                container.Set("image", Y.Str("pypiserver/pypiserver:${imageTag}")); break;
        }
        var report = PolicyChecks.Run(program, stackConfig);
        var failed = report.Results.Where(r => r.Violations.Count > 0).Select(r => r.Rule.Id).ToList();
        Assert.Equal([policy], failed);
    }
}
