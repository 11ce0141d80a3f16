using PypiKit.Sizing;
using PypiKit.Units;
using PypiKit.Telemetry.Alarms;

namespace PypiKit.Automation.Model;

/// <summary>Network: a new VPC (public subnets for the ALB and NAT, private subnets for everything else) or existing subnets.</summary>
public sealed record NetworkSpec(
    bool CreateVpc,
    string VpcCidr,
    IReadOnlyList<string> PublicSubnetCidrs,
    IReadOnlyList<string> PrivateSubnetCidrs,
    int NatGateways,
    ExistingNetwork? Existing)
{
    /// <summary>Private subnets that hold instances/tasks and EFS mount targets.</summary>
    public int PrivateSubnetCount => Existing?.PrivateSubnetIds.Count is { } n && !CreateVpc ? n : PrivateSubnetCidrs.Count;
    public int PublicSubnetCount => Existing?.PublicSubnetIds.Count is { } n && !CreateVpc ? n : PublicSubnetCidrs.Count;
}

/// <summary>ALB target-group health check (reference defect fixed: <c>/health</c> instead of <c>/</c>, which lists the whole EFS directory).</summary>
public sealed record HealthCheckSpec(string Path, int IntervalSeconds, int TimeoutSeconds, int HealthyThreshold, int UnhealthyThreshold, string Matcher);

/// <summary>CloudFront in front of the ALB: the distribution answers on the public name and caches <c>/packages/*</c>; the ALB moves to <see cref="OriginDomainName"/>.</summary>
public sealed record CloudFrontSpec(string OriginDomainName, int PackageTtlSeconds, string PriceClass);

/// <summary>Application load balancer, TLS (<see cref="CertificateArn"/>: an existing certificate; null: one requested and DNS-validated), DNS and access logs.</summary>
public sealed record LoadBalancerSpec(
    string DomainName,
    string HostedZoneId,
    string SslPolicy,
    int IdleTimeoutSeconds,
    bool StickinessEnabled,
    HealthCheckSpec HealthCheck,
    int DeregistrationDelaySeconds,
    int AccessLogRetentionDays,
    bool ForceDestroy,
    CloudFrontSpec? CloudFront,
    string? CertificateArn)
{
    /// <summary>The name the ALB's certificate and alias record carry.</summary>
    public string AlbDomainName => CloudFront?.OriginDomainName ?? DomainName;
}

/// <summary>ECS cluster and its capacity (EC2 ASG + capacity provider, or Fargate / Fargate Spot).</summary>
public sealed record ClusterSpec(
    string Name,
    bool ContainerInsights,
    CapacityKind Capacity,
    string InstanceType,
    CpuArchitecture Architecture,
    CpuArchitecture InstanceArchitecture,
    int AsgMinSize,
    int AsgMaxSize,
    int RootVolumeGib,
    int LogRetentionDays)
{
    public bool UsesEc2 => Capacity == CapacityKind.Ec2;
    /// <summary>SSM parameter of the ECS-optimized AMI for <see cref="Architecture"/> (<see cref="InstanceArchitecture"/> is the catalogue's, for the preflight).</summary>
    public string AmiParameter => Architecture.Al2023EcsAmiParameter();
}

/// <summary>Service autoscaling policy.</summary>
public sealed record ScalingSpec(ScalingMode Mode, int TargetCpuPercent, int ScaleOutAbovePercent, int ScaleInBelowPercent, int CooldownSeconds);

/// <summary>Where the task's image comes from: Docker Hub directly, Docker Hub through an ECR pull-through cache rule of the stack, or a private repository.</summary>
public enum ImageSourceKind { DockerHub, PullThroughCache, Private }

/// <summary>The image repository (without tag: Docker Hub's name also behind the cache) and how it is reached.</summary>
public sealed record ImageSpec(ImageSourceKind Kind, string Repository)
{
    /// <summary>Docker Hub's registry as ECR's pull-through cache names it upstream.</summary>
    public const string DockerHubRegistry = "registry-1.docker.io";
    /// <summary>Secrets Manager names a pull-through cache credential must start with (an ECR requirement).</summary>
    public const string CredentialSecretPrefix = "ecr-pullthroughcache/";
}

/// <summary>A Fargate task size (CPU units and MiB; one of the combinations Fargate accepts).</summary>
public readonly record struct FargateTaskSize(CpuUnits Cpu, Mebibytes Memory);

/// <summary>
/// The pypiserver task and the ECS service. Container CPU, memory, reservation, workers and task counts are the
/// capacity plan's (<see cref="Plan"/>, in their units), not a copy.
/// </summary>
public sealed record ServiceSpec(ImageSpec Image, int ContainerPort, CapacityPlan Plan, FargateTaskSize? FargateTask, ScalingSpec Scaling)
{
    public CpuUnits ContainerCpu => Plan.ContainerCpuUnits;
    public Mebibytes ContainerMemory => Plan.ContainerMemoryMb;
    public Mebibytes ContainerMemoryReservation => Plan.ContainerMemoryReservationMb;
    public int GunicornWorkers => Plan.GunicornWorkersPerContainer;
    public int TaskMinCount => Plan.ActualTaskMinCount;
    public int TaskMaxCount => Plan.ActualTaskMaxCount;

    /// <summary>The plain numbers ECS's container definition takes (and the dashboard's annotations).</summary>
    public long ContainerCpuUnits => ContainerCpu.Value;
    public long ContainerMemoryMb => ContainerMemory.Value;
    public long ContainerMemoryReservationMb => ContainerMemoryReservation.Value;

    /// <summary>pypiserver's command line (after <c>pypi-server</c>), as the reference runs it but with the htpasswd file the container writes from its secret.</summary>
    public IReadOnlyList<string> PypiServerArgs =>
        ["run", "-p", ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", "gunicorn",
         "--backend", "simple-dir", "--authenticate", "download,list,update", "-P", HtpasswdPath, PackagesPath];

    public const string HtpasswdPath = "/tmp/pypikit/htpasswd";
    public const string PackagesPath = "/data/packages";
}

/// <summary>The shared EFS volume.</summary>
public sealed record StorageSpec(EfsThroughputMode Throughput, int? ProvisionedMibps, int? TransitionToIaDays, bool OneZone, int PosixUid, int PosixGid)
{
    /// <summary>Region of the read-only EFS replica, or null.</summary>
    public string? ReplicaRegion { get; init; }
}

/// <summary>Generated basic-auth credentials (random provider) kept in Secrets Manager and delivered to the container as an ECS secret.</summary>
public sealed record CredentialsSpec(int PasswordLength, int UsernameWords, int RecoveryWindowDays);

/// <summary>SNS topic, the six alarms and the 15-widget dashboard.</summary>
public sealed record ObservabilitySpec(
    IReadOnlyList<string> AlarmEmails,
    bool AlarmWebhook,
    double EfsBurstCreditThresholdBytes,
    int EfsPercentIoLimitThreshold,
    double HighLatencySeconds,
    double SuccessRateThresholdPercent,
    int HighCpuPercent);

/// <summary>AWS Backup of the EFS volume.</summary>
public sealed record BackupSpec(bool Enabled, int IntervalHours, int RetentionDays, bool ForceDestroy)
{
    /// <summary>The plan rule's schedule expression.</summary>
    public string Schedule => BackupSchedules.Cron(IntervalHours);
}

/// <summary>
/// The whole stack as data: one component per concern. Build it with <see cref="FromPlan"/> from a PypiKit.Sizing
/// capacity plan (validated where it is made, by <c>CapacityPlanner.Plan</c>), render it with <see cref="Rendering.PulumiYamlRenderer"/>.
/// </summary>
public sealed record StackModel(
    string ProjectName,
    string ServiceName,
    string Region,
    string ImageTag,
    NetworkSpec Network,
    LoadBalancerSpec LoadBalancer,
    ClusterSpec Cluster,
    ServiceSpec Service,
    StorageSpec Storage,
    CredentialsSpec Credentials,
    ObservabilitySpec Observability,
    BackupSpec Backup,
    CapacityPlan Plan,
    StackOptions Options)
{
    /// <summary>Pulumi provider versions the program pins (the schema data embedded in this assembly is of these versions).</summary>
    public const string AwsProviderVersion = "7.48.0";
    public const string RandomProviderVersion = "4.21.2";

    /// <summary>The oldest pulumi CLI the program is written for (declared as <c>requiredPulumiVersion</c>, checked by the driver).</summary>
    public static readonly Version MinimumPulumiVersion = new(3, 100, 0);

    /// <summary>
    /// The stack for a capacity plan of PypiKit.Sizing (<c>CapacityPlanner.Plan(inputs)</c>) plus deployment options;
    /// <paramref name="type"/> (the planned catalogue row) gives the architecture (x86_64 without it).
    /// </summary>
    public static StackModel FromPlan(CapacityPlan plan, StackOptions? options = null, InstanceType? type = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var instanceArchitecture = type is null ? CpuArchitecture.X86_64 : CpuArchitectures.Parse(type.Architecture, "instance_type");
        var o = (options ?? new StackOptions()).Validate();
        var dev = o.Shape == StackShape.Dev;
        var azs = dev ? 1 : o.AvailabilityZones;

        NetworkSpec network;
        if (o.ExistingNetwork is { } existing)
        {
            var priv = dev ? [existing.PrivateSubnetIds[0]] : existing.PrivateSubnetIds;
            network = new NetworkSpec(false, "", [], [], 0, existing with { PrivateSubnetIds = priv });
        }
        else
        {
            var prefix = string.Join('.', o.VpcCidr.Split('.').Take(2));
            var publicCount = Math.Max(2, azs); // an ALB needs two AZs even in the dev shape
            network = new NetworkSpec(true, o.VpcCidr,
                [.. Enumerable.Range(0, publicCount).Select(i => $"{prefix}.{i}.0/24")],
                [.. Enumerable.Range(0, azs).Select(i => $"{prefix}.{16 * (i + 1)}.0/20")],
                NatGateways: dev ? 1 : azs, Existing: null);
        }

        var cloudFront = o.CloudFront ? new CloudFrontSpec("origin." + o.DomainName, 86400, "PriceClass_100") : null;
        var lb = new LoadBalancerSpec(o.DomainName, o.HostedZoneId, o.SslPolicy, o.IdleTimeoutSeconds, o.StickinessEnabled,
            new HealthCheckSpec(o.HealthCheckPath, 10, 5, 2, 2, "200"), o.DeregistrationDelaySeconds,
            o.AccessLogRetentionDays, o.ForceDestroy, cloudFront, o.CertificateArn);

        var cluster = new ClusterSpec(o.ServiceName, true, o.Capacity, plan.InstanceType, o.Architecture ?? instanceArchitecture, instanceArchitecture,
            plan.AsgInstanceCount, plan.AsgMaxSize, o.RootVolumeGib, o.LogRetentionDays);

        FargateTaskSize? fargate = o.Capacity == CapacityKind.Ec2 ? null : FargateSize(plan.ContainerCpuUnits, plan.ContainerMemoryMb);
        var image = new ImageSpec(
            o.UsesPullThroughCache ? ImageSourceKind.PullThroughCache : o.ImageRepository == StackOptions.DefaultImageRepository ? ImageSourceKind.DockerHub : ImageSourceKind.Private,
            o.ImageRepository);
        var service = new ServiceSpec(image, 8080, plan, fargate, new ScalingSpec(o.Scaling, o.CpuTargetPercent, 80, 20, 300));

        var storage = new StorageSpec(o.EfsThroughput, o.EfsProvisionedMibps, o.EfsTransitionToIaDays, OneZone: dev, 9898, 9898) { ReplicaRegion = o.ReplicaRegion };
        var credentials = new CredentialsSpec(21, 2, o.SecretRecoveryWindowDays);
        var observability = new ObservabilitySpec(o.AlarmEmails, o.AlarmWebhook, AlarmThresholds.EfsBurstCreditLowBytes, AlarmThresholds.EfsPercentIoLimitDefault,
            AlarmThresholds.ForIdleTimeout(o.IdleTimeoutSeconds).HighLatencySeconds, AlarmThresholds.SuccessRatePercentDefault, AlarmThresholds.HighCpuPercentDefault);
        var backup = new BackupSpec(o.Backup, o.BackupIntervalHours, o.BackupRetentionDays, o.ForceDestroy);

        return new StackModel(o.ProjectName, o.ServiceName, o.Region, o.ImageTag, network, lb, cluster, service, storage,
            credentials, observability, backup, plan, o);
    }

    /// <summary>Smallest valid Fargate task size that holds the container.</summary>
    public static FargateTaskSize FargateSize(CpuUnits containerCpu, Mebibytes containerMemory)
    {
        (long Cpu, long Min, long Max, long Step)[] table =
        [
            (256, 512, 2048, 512), (512, 1024, 4096, 1024), (1024, 2048, 8192, 1024),
            (2048, 4096, 16384, 1024), (4096, 8192, 30720, 1024), (8192, 16384, 61440, 4096), (16384, 32768, 122880, 8192),
        ];
        foreach (var (cpu, min, max, step) in table)
        {
            if (cpu < containerCpu.Value) continue;
            if (containerMemory.Value > max) continue;
            var mem = min;
            while (mem < containerMemory.Value) mem += step;
            if (min == 512 && mem == 1536) mem = 2048; // 256-unit tasks take 512, 1024 or 2048 MiB
            return new FargateTaskSize(new CpuUnits(cpu), new Mebibytes(mem));
        }
        throw new InvalidInputException("container_memory", $"container_memory {containerMemory.Value} MiB with {containerCpu.Value} CPU units fits no Fargate task size.");
    }
}
