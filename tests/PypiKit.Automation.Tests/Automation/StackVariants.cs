using PypiKit.Sizing;
using PypiKit.Automation.Model;
using PypiKit.Automation.Rendering;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The default stack and one variant per option; every policy/validation test runs over all of them.</summary>
public static class StackVariants
{
    public static readonly IReadOnlyDictionary<string, StackOptions> All = new Dictionary<string, StackOptions>
    {
        ["default"] = new(),
        ["dev"] = new() { Shape = StackShape.Dev },
        ["fargate"] = new() { Capacity = CapacityKind.Fargate },
        ["fargate-spot"] = new() { Capacity = CapacityKind.FargateSpot },
        ["step-scaling"] = new() { Scaling = ScalingMode.Step },
        ["cloudfront"] = new() { CloudFront = true },
        ["existing-network"] = new()
        {
            ExistingNetwork = new ExistingNetwork("vpc-0123456789abcdef0", ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
                ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]),
        },
        ["bursting-efs"] = new() { EfsThroughput = EfsThroughputMode.Bursting },
        ["provisioned-efs"] = new() { EfsThroughput = EfsThroughputMode.Provisioned, EfsProvisionedMibps = 64 },
        ["webhook"] = new() { AlarmWebhook = true },
        ["no-backup"] = new() { Backup = false },
        ["hourly-backup-replica"] = new() { BackupIntervalHours = 1, BackupRetentionDays = 35, ReplicaRegion = "us-west-2" },
        ["existing-certificate"] = new() { CertificateArn = "arn:aws:acm:us-east-1:210987654321:certificate/4b1d2c3e-5f60-4a7b-8c9d-0e1f2a3b4c5d" },
        ["dev-pull-through-cache"] = new() { Shape = StackShape.Dev, PullThroughCache = true },
        ["private-image"] = new() { ImageRepository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pypiserver" },
        ["graviton-ec2"] = new() { Architecture = CpuArchitecture.Arm64 },
        ["graviton-fargate"] = new() { Capacity = CapacityKind.Fargate, Architecture = CpuArchitecture.Arm64 },
        ["load-generator"] = new() { LoadGenerator = new LoadGeneratorOptions() },
        ["load-generator-existing-network-arm"] = new()
        {
            LoadGenerator = new LoadGeneratorOptions(VirtualUsersPerShard: 1500), Capacity = CapacityKind.Fargate, Architecture = CpuArchitecture.Arm64,
            ExistingNetwork = new ExistingNetwork("vpc-0123456789abcdef0", ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
                ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]),
        },
        ["dev-fargate-spot-cloudfront-step"] = new()
        {
            Shape = StackShape.Dev, Capacity = CapacityKind.FargateSpot, CloudFront = true, Scaling = ScalingMode.Step,
            EfsThroughput = EfsThroughputMode.Bursting, AlarmWebhook = true,
        },
    };

    public static TheoryData<string> Names => [.. All.Keys];

    /// <summary>The reference module's default deployment: t3.small × 2, 512 MiB containers (the planner's defaults).</summary>
    public static CapacityPlan ReferencePlan { get; } = CapacityPlanner.Plan(new SizingInputs());

    public static RenderedStack Render(string name) =>
        PulumiYamlRenderer.Render(StackModel.FromPlan(StackVariants.ReferencePlan, All[name]), "dev");
}
