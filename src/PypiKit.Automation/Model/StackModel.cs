using PypiKit.Sizing;
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

/// <summary>Application load balancer, TLS, DNS and access logs.</summary>
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
    CloudFrontSpec? CloudFront)
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
    int AsgMinSize,
    int AsgMaxSize,
    int RootVolumeGib,
    int LogRetentionDays)
{
    public bool UsesEc2 => Capacity == CapacityKind.Ec2;
    /// <summary>SSM parameter of the ECS-optimized AMI for <see cref="Architecture"/>.</summary>
    public string AmiParameter => Architecture.Al2023EcsAmiParameter();
}

/// <summary>Service autoscaling policy.</summary>
public sealed record ScalingSpec(ScalingMode Mode, int TargetCpuPercent, int ScaleOutAbovePercent, int ScaleInBelowPercent, int CooldownSeconds);

/// <summary>The pypiserver task and the ECS service.</summary>
public sealed record ServiceSpec(
    string Image,
    int ContainerPort,
    int GunicornWorkers,
    long ContainerCpuUnits,
    long ContainerMemoryMb,
    long ContainerMemoryReservationMb,
    long? TaskCpuUnits,
    long? TaskMemoryMb,
    int TaskMinCount,
    int TaskMaxCount,
    ScalingSpec Scaling)
{
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
/// The whole stack as data: one component per concern. Build it with <see cref="FromSizing"/> (or
/// <c>FromPlan</c> from a PypiKit.Sizing capacity plan), render it with <see cref="Rendering.PulumiYamlRenderer"/>.
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
    StackSizing Sizing,
    StackOptions Options)
{
    /// <summary>Pulumi provider versions the program pins (the schema data embedded in this assembly is of these versions).</summary>
    public const string AwsProviderVersion = "7.48.0";
    public const string RandomProviderVersion = "4.21.2";

    /// <summary>The oldest pulumi CLI the program is written for (declared as <c>requiredPulumiVersion</c>, checked by the driver).</summary>
    public static readonly Version MinimumPulumiVersion = new(3, 100, 0);

    /// <summary>The stack for a capacity plan of PypiKit.Sizing (<c>CapacityPlanner.Plan(inputs)</c>) plus deployment options; <paramref name="type"/> (the planned catalogue row) gives the architecture.</summary>
    public static StackModel FromPlan(PypiKit.Sizing.CapacityPlan plan, StackOptions? options = null, PypiKit.Sizing.InstanceType? type = null) =>
        FromSizing(StackSizing.FromPlan(plan, type), options);

    /// <summary>The stack for explicit sizing numbers (see <see cref="StackSizing.Reference"/>).</summary>
    public static StackModel FromSizing(StackSizing sizing, StackOptions? options = null)
    {
        var o = (options ?? new StackOptions()).Validate();
        sizing.Validate();
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
            o.AccessLogRetentionDays, o.ForceDestroy, cloudFront);

        var cluster = new ClusterSpec(o.ServiceName, true, o.Capacity, sizing.InstanceType, o.Architecture ?? sizing.Architecture,
            sizing.AsgMinSize, sizing.AsgMaxSize, o.RootVolumeGib, o.LogRetentionDays);

        long? taskCpu = null, taskMem = null;
        if (o.Capacity != CapacityKind.Ec2) (taskCpu, taskMem) = FargateSize(sizing.ContainerCpuUnits, sizing.ContainerMemoryMb);
        var service = new ServiceSpec(o.ImageRepository, 8080, sizing.GunicornWorkersPerContainer,
            sizing.ContainerCpuUnits, sizing.ContainerMemoryMb, sizing.ContainerMemoryReservationMb, taskCpu, taskMem,
            sizing.TaskMinCount, sizing.TaskMaxCount,
            new ScalingSpec(o.Scaling, o.CpuTargetPercent, 80, 20, 300));

        var storage = new StorageSpec(o.EfsThroughput, o.EfsProvisionedMibps, o.EfsTransitionToIaDays, OneZone: dev, 9898, 9898) { ReplicaRegion = o.ReplicaRegion };
        var credentials = new CredentialsSpec(21, 2, o.SecretRecoveryWindowDays);
        var observability = new ObservabilitySpec(o.AlarmEmails, o.AlarmWebhook, AlarmThresholds.EfsBurstCreditLowBytes, AlarmThresholds.EfsPercentIoLimitDefault,
            AlarmThresholds.ForIdleTimeout(o.IdleTimeoutSeconds).HighLatencySeconds, AlarmThresholds.SuccessRatePercentDefault, AlarmThresholds.HighCpuPercentDefault);
        var backup = new BackupSpec(o.Backup, o.BackupIntervalHours, o.BackupRetentionDays, o.ForceDestroy);

        return new StackModel(o.ProjectName, o.ServiceName, o.Region, o.ImageTag, network, lb, cluster, service, storage,
            credentials, observability, backup, sizing, o);
    }

    /// <summary>Smallest valid Fargate task size (CPU units, MiB) that holds the container.</summary>
    public static (long Cpu, long Memory) FargateSize(long containerCpu, long containerMemory)
    {
        (long Cpu, long Min, long Max, long Step)[] table =
        [
            (256, 512, 2048, 512), (512, 1024, 4096, 1024), (1024, 2048, 8192, 1024),
            (2048, 4096, 16384, 1024), (4096, 8192, 30720, 1024), (8192, 16384, 61440, 4096), (16384, 32768, 122880, 8192),
        ];
        foreach (var (cpu, min, max, step) in table)
        {
            if (cpu < containerCpu) continue;
            if (containerMemory > max) continue;
            var mem = min;
            while (mem < containerMemory) mem += step;
            if (min == 512 && mem == 1536) mem = 2048; // 256-unit tasks take 512, 1024 or 2048 MiB
            return (cpu, mem);
        }
        throw new InvalidInputException("container_memory", $"container_memory {containerMemory} MiB with {containerCpu} CPU units fits no Fargate task size.");
    }
}
