using PypiKit.Sizing;
using System.Text.RegularExpressions;

namespace PypiKit.Automation.Model;

/// <summary>Dev = one AZ for tasks, instances, NAT and a One Zone EFS (cheap); Prod = two or more AZs throughout.</summary>
public enum StackShape { Prod, Dev }

/// <summary>Where tasks run: EC2 instances of an ASG behind a capacity provider (the reference), Fargate, or Fargate Spot.</summary>
public enum CapacityKind { Ec2, Fargate, FargateSpot }

/// <summary>Service autoscaling: target tracking on CPU (the reference, 60 %) or CPU step scaling (out &gt; 80 %, in &lt; 20 %).</summary>
public enum ScalingMode { TargetTracking, Step }


/// <summary>Existing VPC and subnets to deploy into (instead of a new VPC). The ALB goes into the public subnets (at least two AZs), tasks, instances and EFS mount targets into the private ones.</summary>
public sealed record ExistingNetwork(string VpcId, IReadOnlyList<string> PublicSubnetIds, IReadOnlyList<string> PrivateSubnetIds);

/// <summary>
/// Everything about a deployment that is not sizing. Immutable, defaults follow the reference module
/// (infrahouse/terraform-aws-pypiserver 2.3.0) except where the reference has a defect: ALB stickiness is off and
/// health checks hit <c>/health</c>. <see cref="Validate"/> is the one place that checks it; errors name the field.
/// </summary>
public sealed partial record StackOptions
{
    /// <summary>Pulumi project name (also the config namespace).</summary>
    public string ProjectName { get; init; } = "pypikit";
    /// <summary>Name of the ECS cluster/service and prefix of most AWS names (reference <c>service_name</c>).</summary>
    public string ServiceName { get; init; } = "pypiserver";
    public StackShape Shape { get; init; } = StackShape.Prod;
    /// <summary>Availability zones used in the Prod shape (2..3). Dev always uses one for tasks.</summary>
    public int AvailabilityZones { get; init; } = 2;
    public CapacityKind Capacity { get; init; } = CapacityKind.Ec2;
    /// <summary>
    /// CPU architecture; null: the instance type's, from the catalogue. With Fargate it chooses the task's platform; with
    /// EC2 it must match the instance type (the preflight refuses a mismatch).
    /// </summary>
    public CpuArchitecture? Architecture { get; init; }
    public ScalingMode Scaling { get; init; } = ScalingMode.TargetTracking;
    /// <summary>Put a CloudFront distribution in front of the ALB that caches <c>/packages/*</c> (package files).</summary>
    public bool CloudFront { get; init; }
    /// <summary>Null: create a VPC (<see cref="VpcCidr"/>). Otherwise deploy into these subnets.</summary>
    public ExistingNetwork? ExistingNetwork { get; init; }
    public string VpcCidr { get; init; } = "10.0.0.0/16";

    // values that land in Pulumi.<stack>.yaml
    public string Region { get; init; } = "us-east-1";
    public string DomainName { get; init; } = "pypi.example.com";
    public string HostedZoneId { get; init; } = "Z0000000EXAMPLE";
    public IReadOnlyList<string> AlarmEmails { get; init; } = ["ops@example.com"];
    /// <summary>Declare a secret config value <c>alarmWebhookUrl</c> (an HTTPS endpoint with a token) subscribed to the alarm topic.</summary>
    public bool AlarmWebhook { get; init; }
    /// <summary>pypiserver image tag (pin it; the reference's default is <c>latest</c>).</summary>
    public string ImageTag { get; init; } = "v2.4.1";
    /// <summary>
    /// Image repository without the tag: Docker Hub's <c>pypiserver/pypiserver</c> by default (pulled anonymously, so
    /// rate-limited on scale-out), or a private copy such as <c>123456789012.dkr.ecr.us-east-1.amazonaws.com/pypiserver</c>
    /// (the execution role's ECS managed policy may pull from the account's ECR).
    /// </summary>
    public string ImageRepository { get; init; } = DefaultImageRepository;
    public const string DefaultImageRepository = "pypiserver/pypiserver";

    // load balancer
    public bool StickinessEnabled { get; init; }
    public string HealthCheckPath { get; init; } = "/health";
    public string SslPolicy { get; init; } = "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06";
    public int IdleTimeoutSeconds { get; init; } = 60;
    public int DeregistrationDelaySeconds { get; init; } = 300;
    public int AccessLogRetentionDays { get; init; } = 90;
    /// <summary>Let destroy delete a non-empty access-log bucket and backup vault (reference <c>*_force_destroy</c>).</summary>
    public bool ForceDestroy { get; init; }

    // storage and backup
    public EfsThroughputMode EfsThroughput { get; init; } = EfsThroughputMode.Elastic;
    /// <summary>MiB/s, 1..3414; required when <see cref="EfsThroughput"/> is Provisioned.</summary>
    public int? EfsProvisionedMibps { get; init; }
    /// <summary>Days before files move to EFS Infrequent Access: 7, 14, 30, 60, 90, or null for never.</summary>
    public int? EfsTransitionToIaDays { get; init; } = 30;
    public bool Backup { get; init; } = true;
    /// <summary>Hours between AWS Backup recovery points of the package volume: 1, 2, 3, 4, 6, 8, 12 or 24 (daily at 02:00 UTC). The backup RPO.</summary>
    public int BackupIntervalHours { get; init; } = 24;
    public int BackupRetentionDays { get; init; } = 7;
    /// <summary>Replicate the package volume to a read-only EFS file system in this region (EFS replication); null: no replica.</summary>
    public string? ReplicaRegion { get; init; }

    // cluster
    public int RootVolumeGib { get; init; } = 30;
    public int LogRetentionDays { get; init; } = 365;
    /// <summary>Secrets Manager recovery window in days (0 = delete at once, 7..30).</summary>
    public int SecretRecoveryWindowDays { get; init; } = 7;
    /// <summary>Target of CPU target tracking, percent.</summary>
    public int CpuTargetPercent { get; init; } = 60;

    private static readonly int[] IaDays = [7, 14, 30, 60, 90];

    /// <summary>Checks every field; throws <see cref="InvalidInputException"/> naming the first bad one.</summary>
    public StackOptions Validate()
    {
        Check(ProjectNamePattern().IsMatch(ProjectName), "project_name", "must be lowercase letters, digits and dashes, starting with a letter");
        Check(ServiceNamePattern().IsMatch(ServiceName) && ServiceName.Length <= 20, "service_name", "must match ^[a-z][a-z0-9-]*[a-z0-9]$ and be at most 20 characters");
        Check(AvailabilityZones is >= 2 and <= 3, "availability_zones", "must be 2 or 3");
        Check(VpcCidr.EndsWith("/16", StringComparison.Ordinal) && CidrPattern().IsMatch(VpcCidr), "vpc_cidr", "must be an IPv4 /16 such as 10.0.0.0/16");
        Check(RegionPattern().IsMatch(Region), "region", "must look like us-east-1");
        Check(DomainPattern().IsMatch(DomainName), "domain_name", "must be a lowercase DNS name such as pypi.example.com");
        Check(ZonePattern().IsMatch(HostedZoneId), "hosted_zone_id", "must match ^Z[A-Z0-9]+$");
        Check(AlarmEmails.Count > 0 && AlarmEmails.All(e => EmailPattern().IsMatch(e)), "alarm_emails", "needs at least one valid email address");
        Check(!string.IsNullOrWhiteSpace(ImageTag) && !ImageTag.Contains(' '), "image_tag", "must be a non-empty docker tag");
        Check(ImageRepositoryPattern().IsMatch(ImageRepository), "image_repository", "must be an image repository without tag, such as pypiserver/pypiserver or <account>.dkr.ecr.<region>.amazonaws.com/pypiserver");
        Check(HealthCheckPath.StartsWith('/'), "health_check_path", "must start with /");
        Check(SslPolicy.StartsWith("ELBSecurityPolicy-TLS13", StringComparison.Ordinal), "ssl_policy", "must be a TLS 1.3 ELB policy (ELBSecurityPolicy-TLS13-…)");
        Check(IdleTimeoutSeconds is >= 1 and <= 4000, "idle_timeout_seconds", "must be 1..4000");
        Check(DeregistrationDelaySeconds is >= 0 and <= 3600, "deregistration_delay_seconds", "must be 0..3600");
        Check(AccessLogRetentionDays is >= 1 and <= 3650, "access_log_retention_days", "must be 1..3650");
        Check(EfsThroughput != EfsThroughputMode.Provisioned || EfsProvisionedMibps is >= 1 and <= 3414, "efs_provisioned_mibps", "must be 1..3414 when efs_throughput is provisioned");
        Check(EfsThroughput == EfsThroughputMode.Provisioned || EfsProvisionedMibps is null, "efs_provisioned_mibps", "is only allowed when efs_throughput is provisioned");
        Check(EfsTransitionToIaDays is null || IaDays.Contains(EfsTransitionToIaDays.Value), "efs_transition_to_ia_days", "must be one of 7, 14, 30, 60, 90 or null");
        Check(BackupSchedules.IntervalsHours.Contains(BackupIntervalHours), "backup_interval_hours", $"must be one of {string.Join(", ", BackupSchedules.IntervalsHours)}");
        Check(ReplicaRegion is null || RegionPattern().IsMatch(ReplicaRegion) && ReplicaRegion != Region, "replica_region", "must be another region than region, such as us-west-2");
        Check(BackupRetentionDays is >= 1 and <= 35, "backup_retention_days", "must be 1..35");
        Check(RootVolumeGib is >= 30 and <= 16384, "root_volume_gib", "must be 30..16384 (the ECS AMI needs 30)");
        Check(LogRetentionDays is 1 or 3 or 5 or 7 or 14 or 30 or 60 or 90 or 120 or 150 or 180 or 365 or 400 or 545 or 731 or 1096 or 1827 or 2192 or 2557 or 2922 or 3288 or 3653, "log_retention_days", "must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, …, 365, …)");
        Check(SecretRecoveryWindowDays == 0 || SecretRecoveryWindowDays is >= 7 and <= 30, "secret_recovery_window_days", "must be 0 or 7..30");
        Check(CpuTargetPercent is >= 10 and <= 95, "cpu_target_percent", "must be 10..95");
        Check(PullThroughCache != true || ImageRepository == DefaultImageRepository, "pull_through_cache", $"caches Docker Hub's {DefaultImageRepository} only; a private image_repository is pulled as is");
        Check(CertificateArn is null || CertificateArnPattern().IsMatch(CertificateArn), "certificate_arn", $"'{CertificateArn}' must be an ACM certificate ARN such as arn:aws:acm:{Region}:<account>:certificate/<uuid>");
        Check(CertificateArn is null || CertificateArn.Split(':')[3] == Region, "certificate_arn", $"'{CertificateArn}' must be in the stack's region {Region} (an ALB takes a certificate of its own region only)");
        Check(CertificateArn is null || !CloudFront, "certificate_arn", "is for the ALB only; with --cloudfront the stack requests its certificates itself");
        LoadGenerator?.Validate();
        if (ExistingNetwork is { } n)
        {
            Check(VpcIdPattern().IsMatch(n.VpcId), "existing_network.vpc_id", "must match ^vpc-[a-f0-9]{8,}$");
            Check(n.PublicSubnetIds.Count >= 2 && n.PublicSubnetIds.All(s => SubnetPattern().IsMatch(s)), "existing_network.public_subnet_ids", "needs at least two subnet-… ids (the ALB spans two AZs)");
            Check(n.PrivateSubnetIds.Count >= 1 && n.PrivateSubnetIds.All(s => SubnetPattern().IsMatch(s)), "existing_network.private_subnet_ids", "needs at least one subnet-… id");
            Check(n.PublicSubnetIds.Intersect(n.PrivateSubnetIds).Any() == false, "existing_network.private_subnet_ids", "must not repeat a public subnet (tasks stay private)");
        }
        return this;
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok) throw new InvalidInputException(field, $"{field} {message}.");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")] private static partial Regex ProjectNamePattern();
    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")] private static partial Regex ServiceNamePattern();
    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/\d{1,2}$")] private static partial Regex CidrPattern();
    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")] private static partial Regex RegionPattern();
    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")] private static partial Regex DomainPattern();
    [GeneratedRegex("^Z[A-Z0-9]+$")] private static partial Regex ZonePattern();
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")] private static partial Regex EmailPattern();
    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")] private static partial Regex ImageRepositoryPattern();
    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:acm:[a-z]{2}(-gov)?-[a-z]+-[0-9]:[0-9]{12}:certificate/[0-9a-f-]{36}$")] private static partial Regex CertificateArnPattern();
    [GeneratedRegex("^vpc-[a-f0-9]{8,}$")] private static partial Regex VpcIdPattern();
    [GeneratedRegex("^subnet-[a-f0-9]{8,}$")] private static partial Regex SubnetPattern();
}
