using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>Deployment shapes the cost model prices.</summary>
public enum DeploymentShape
{
    /// <summary>Development: hosts in one availability zone, one NAT gateway, light logging.</summary>
    Dev,
    /// <summary>Production: hosts spread over availability zones, one NAT gateway per zone, more logs and alarms.</summary>
    Prod,
}

/// <summary>What a monthly estimate covers. Build one with <see cref="Dev"/> or <see cref="Prod"/> and adjust with <c>with</c>.</summary>
public sealed record CostInputs
{
    public required DeploymentShape Shape { get; init; }
    public string InstanceType { get; init; } = "t3.small";
    public int InstanceCount { get; init; } = 2;
    public int AvailabilityZones { get; init; } = 1;
    public int NatGateways { get; init; } = 1;
    /// <summary>GB a month through the NAT gateways (image pulls, AWS API calls). Default 5: a PypiKit assumption, not a measured figure.</summary>
    public double NatGbPerMonth { get; init; } = 5;
    /// <summary>Average ALB capacity units (the reference SIZING.md assumes about 1 for light use, 3–5 for heavy).</summary>
    public double AlbLcus { get; init; } = 1;
    public EfsCostInputs Efs { get; init; } = new();
    /// <summary>AWS Backup of EFS (module <c>enable_efs_backup</c>, default true): warm storage ≈ the EFS size.</summary>
    public bool Backup { get; init; } = true;
    public int Dashboards { get; init; } = 1;
    /// <summary>Dashboards covered by the free tier (first 3 per account); 0 assumes the account already uses them.</summary>
    public int FreeDashboards { get; init; }
    /// <summary>
    /// CloudWatch alarms. Default 4: the module's efs_throughput_high (+ efs_burst_credits in bursting mode) and the ECS
    /// module's service alarms, counted roughly (reference §6); prod assumes 6.
    /// </summary>
    public int Alarms { get; init; } = 4;
    /// <summary>GB of logs ingested a month. Default dev 1, prod 5: PypiKit assumptions (access logs go to S3, not CloudWatch).</summary>
    public double LogGbPerMonth { get; init; } = 1;
    /// <summary>Secrets Manager secrets (the module's one user/password secret).</summary>
    public int Secrets { get; init; } = 1;

    /// <summary>Dev: one zone, one NAT gateway, 1 GB logs, 1 LCU.</summary>
    public static CostInputs Dev(string instanceType = "t3.small", int instanceCount = 2) => new()
    {
        Shape = DeploymentShape.Dev, InstanceType = instanceType, InstanceCount = instanceCount,
        AvailabilityZones = 1, NatGateways = 1, LogGbPerMonth = 1, AlbLcus = 1,
    };

    /// <summary>Prod: instances over 2 zones (at least), a NAT gateway per zone, 5 GB logs, 3 LCU, more alarms.</summary>
    public static CostInputs Prod(string instanceType = "c6a.xlarge", int instanceCount = 2) => new()
    {
        Shape = DeploymentShape.Prod, InstanceType = instanceType, InstanceCount = instanceCount,
        AvailabilityZones = Math.Max(2, Math.Min(instanceCount, 3)), NatGateways = Math.Max(2, Math.Min(instanceCount, 3)),
        LogGbPerMonth = 5, AlbLcus = 3, Alarms = 6,
    };

    public static CostInputs For(DeploymentShape shape, string instanceType, int instanceCount) =>
        shape == DeploymentShape.Dev ? Dev(instanceType, instanceCount) : Prod(instanceType, instanceCount);

    public CostInputs Validate()
    {
        if (InstanceCount < 0) throw new InvalidInputException("instances", $"instances must be >= 0, got {InstanceCount}");
        if (AvailabilityZones < 1) throw new InvalidInputException("availability_zones", $"availability_zones must be >= 1, got {AvailabilityZones}");
        if (NatGateways < 0) throw new InvalidInputException("nat_gateways", $"nat_gateways must be >= 0, got {NatGateways}");
        if (NatGbPerMonth < 0) throw new InvalidInputException("nat_gb", $"nat_gb must be >= 0, got {NatGbPerMonth}");
        if (AlbLcus < 0) throw new InvalidInputException("alb_lcus", $"alb_lcus must be >= 0, got {AlbLcus}");
        if (Dashboards < 0 || FreeDashboards < 0) throw new InvalidInputException("dashboards", "dashboards must be >= 0");
        if (Alarms < 0) throw new InvalidInputException("alarms", $"alarms must be >= 0, got {Alarms}");
        if (LogGbPerMonth < 0) throw new InvalidInputException("log_gb", $"log_gb must be >= 0, got {LogGbPerMonth}");
        if (Secrets < 0) throw new InvalidInputException("secrets", $"secrets must be >= 0, got {Secrets}");
        Efs.Validate();
        return this;
    }
}

/// <summary>One line of a monthly estimate.</summary>
public sealed record CostLine(string Component, string Description, double Quantity, string Unit, Usd UnitPrice, Usd Monthly);

/// <summary>A monthly estimate, line by line. An estimate from dated list prices, never a quote.</summary>
public sealed record CostBreakdown
{
    public required DeploymentShape Shape { get; init; }
    public required string InstanceType { get; init; }
    public required int InstanceCount { get; init; }
    public required IReadOnlyList<CostLine> Lines { get; init; }
    public Usd Total => Lines.Aggregate(Usd.Zero, (a, l) => a + l.Monthly);
    /// <summary>Sum of the lines of one component (ec2, alb, efs, backup, nat, cloudwatch, secrets_manager).</summary>
    public Usd For(string component) => Lines.Where(l => l.Component == component).Aggregate(Usd.Zero, (a, l) => a + l.Monthly);
}

/// <summary>
/// Monthly cost of a configuration: EC2, ALB, EFS, AWS Backup, NAT gateways, CloudWatch, Secrets Manager, from
/// <c>data/aws/</c> prices (us-west-2 on-demand) and 730 hours a month (as AWS and the reference SIZING.md count).
/// </summary>
public static class CostModel
{
    /// <summary>Hours in a billing month: 730 (AWS pricing convention; the reference SIZING.md: 2 × $0.0208 × 730 = $30.37).</summary>
    public const decimal HoursPerMonth = 730m;

    public static CostBreakdown Monthly(CostInputs inputs, InstanceCatalog? catalog = null, PriceCatalog? prices = null)
    {
        inputs.Validate();
        var type = (catalog ?? InstanceCatalog.Default).Get(inputs.InstanceType);
        var p = prices ?? PriceCatalog.Default;
        var lines = new List<CostLine>();
        void Add(string component, string description, double qty, string unit, Usd unitPrice, decimal multiplier = 1m) =>
            lines.Add(new CostLine(component, description, qty, unit, unitPrice, new Usd(Math.Round(unitPrice.Value * (decimal)qty * multiplier, 2, MidpointRounding.AwayFromZero))));

        Add("ec2", $"{inputs.InstanceCount} × {type.Name} on-demand", inputs.InstanceCount * (double)HoursPerMonth, "instance-hours", type.HourlyPrice);
        Add("alb", "Application Load Balancer", (double)HoursPerMonth, "hours", p[PriceCatalog.AlbHour]);
        Add("alb", $"{inputs.AlbLcus:0.##} LCU average", inputs.AlbLcus * (double)HoursPerMonth, "LCU-hours", p[PriceCatalog.AlbLcuHour]);

        var efs = EfsCreditModel.MonthlyCost(inputs.Efs, p);
        lines.Add(new CostLine("efs", $"{inputs.Efs.StorageGb:0.##} GB stored", inputs.Efs.StorageGb, "GB-months", p[PriceCatalog.EfsStandardGbMonth], efs.Storage));
        if (inputs.Efs.Mode != EfsThroughputMode.Bursting)
            lines.Add(new CostLine("efs", inputs.Efs.Mode == EfsThroughputMode.Elastic
                    ? $"elastic throughput: {inputs.Efs.ReadGbPerMonth:0.##} GB read, {inputs.Efs.WriteGbPerMonth:0.##} GB written"
                    : $"provisioned throughput {inputs.Efs.ProvisionedMibps:0.##} MiB/s",
                1, "month", efs.Throughput, efs.Throughput));

        if (inputs.Backup)
            Add("backup", "AWS Backup warm storage of the EFS data", inputs.Efs.StorageGb, "GB-months", p[PriceCatalog.BackupEfsWarmGbMonth]);

        if (inputs.NatGateways > 0)
        {
            Add("nat", $"{inputs.NatGateways} NAT gateway(s)", inputs.NatGateways * (double)HoursPerMonth, "gateway-hours", p[PriceCatalog.NatGatewayHour]);
            Add("nat", "NAT data processed", inputs.NatGbPerMonth, "GB", p[PriceCatalog.NatGatewayGb]);
        }

        int paidDashboards = Math.Max(0, inputs.Dashboards - inputs.FreeDashboards);
        Add("cloudwatch", $"{inputs.Dashboards} dashboard(s), {paidDashboards} paid", paidDashboards, "dashboard-months", p[PriceCatalog.CloudWatchDashboardMonth]);
        Add("cloudwatch", "standard alarms", inputs.Alarms, "alarm-months", p[PriceCatalog.CloudWatchAlarmMonth]);
        Add("cloudwatch", "log ingestion", inputs.LogGbPerMonth, "GB", p[PriceCatalog.CloudWatchLogsIngestGb]);
        Add("secrets_manager", "user/password secret(s)", inputs.Secrets, "secret-months", p[PriceCatalog.SecretsManagerSecretMonth]);

        return new CostBreakdown { Shape = inputs.Shape, InstanceType = type.Name, InstanceCount = inputs.InstanceCount, Lines = lines };
    }

    /// <summary>EC2 only: count × hourly price × 730.</summary>
    public static Usd Ec2Monthly(InstanceType type, int count) => new(Math.Round(type.HourlyPrice.Value * count * HoursPerMonth, 2, MidpointRounding.AwayFromZero));
}
