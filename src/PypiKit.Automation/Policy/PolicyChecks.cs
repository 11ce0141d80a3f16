using PypiKit.Automation.Policy.Rules;
using PypiKit.Automation.Rendering;
using PypiKit.Automation.Yaml;

namespace PypiKit.Automation.Policy;

/// <summary>
/// Security policies every rendered stack must satisfy: tasks in private subnets, only the ALB public, NFS from the VPC
/// CIDR only, encryption at rest and in transit, HTTPS only, IMDSv2, no wildcard IAM, no secrets in plain config, a
/// locked-down log bucket, images from a registry the account controls, and the load generator's narrow permissions.
/// </summary>
public static class PolicyChecks
{
    public static IReadOnlyList<IPolicyRule> Rules { get; } =
    [
        new TasksInPrivateSubnetsRule(),
        new OnlyAlbPublicRule(),
        new EfsFromVpcOnlyRule(),
        new EncryptionAtRestRule(),
        new EncryptionInTransitRule(),
        new HttpsOnlyRule(),
        new Imdsv2Rule(),
        new IamNoWildcardsRule(),
        new SecretsNotPlainRule(),
        new LogBucketLockedRule(),
        new NoAnonymousDockerHubRule(),
        new LoadGenS3PutOnlyRule(),
        new LoadGenLogsScopedRule(),
        new LoadGenNoPublicIpRule(),
        new LoadGenPasswordFromSecretRule(),
    ];

    public static PolicyReport Run(RenderedStack stack) => Run(stack.Program, YamlReader.Read(stack.StackConfigYaml) as YMap);

    public static PolicyReport Run(YMap program, YMap? stackConfig = null)
    {
        var view = new ProgramView(program, stackConfig);
        return new PolicyReport([.. Rules.Select(r => (r, (IReadOnlyList<PolicyViolation>)[.. r.Check(view)]))]);
    }
}
