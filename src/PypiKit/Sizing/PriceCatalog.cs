using PypiKit.Units;

namespace PypiKit.Sizing;

/// <summary>One per-unit price from <c>data/aws/prices.csv</c>.</summary>
public sealed record Price(string Item, string Unit, Usd Usd, string Notes);

/// <summary>
/// Per-unit prices of the parts of the stack other than EC2 (<c>data/aws/prices.csv</c>, embedded; us-west-2, dated in
/// <c>data/aws/README.md</c>). A user file with columns <c>item,unit,usd[,notes]</c> overrides items of the same name.
/// </summary>
public sealed class PriceCatalog
{
    public const string ResourceName = "PypiKit.Data.aws.prices.csv";

    // Item names in prices.csv.
    public const string AlbHour = "alb_hour", AlbLcuHour = "alb_lcu_hour", NatGatewayHour = "nat_gateway_hour",
        NatGatewayGb = "nat_gateway_gb", EfsStandardGbMonth = "efs_standard_gb_month", EfsIaGbMonth = "efs_ia_gb_month",
        EfsElasticReadGb = "efs_elastic_read_gb", EfsElasticWriteGb = "efs_elastic_write_gb",
        EfsProvisionedMibpsMonth = "efs_provisioned_mibps_month", BackupEfsWarmGbMonth = "backup_efs_warm_gb_month",
        SecretsManagerSecretMonth = "secrets_manager_secret_month", CloudWatchDashboardMonth = "cloudwatch_dashboard_month",
        CloudWatchAlarmMonth = "cloudwatch_alarm_month", CloudWatchLogsIngestGb = "cloudwatch_logs_ingest_gb";

    private static readonly Lazy<PriceCatalog> s_default = new(() => FromTable(CsvTable.ReadResource(ResourceName)));
    private readonly Dictionary<string, Price> _prices;

    public PriceCatalog(IEnumerable<Price> prices)
    {
        _prices = new Dictionary<string, Price>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in prices) _prices[p.Item] = p;
    }

    public static PriceCatalog Default => s_default.Value;

    public IReadOnlyList<Price> All => _prices.Values.OrderBy(p => p.Item, StringComparer.Ordinal).ToArray();

    /// <summary>The price of <paramref name="item"/>; an <see cref="InvalidInputException"/> when the catalog lacks it.</summary>
    public Usd this[string item] => Get(item).Usd;

    public Price Get(string item) => _prices.TryGetValue(item, out var p) ? p
        : throw new InvalidInputException(item, $"price '{item}' is missing from the price catalog (see data/aws/prices.csv)");

    public PriceCatalog WithOverrides(string path) => new(_prices.Values.Concat(Load(path).All));

    public PriceCatalog WithOverrides(IEnumerable<Price> prices) => new(_prices.Values.Concat(prices));

    public static PriceCatalog Load(string path) => FromTable(CsvTable.ReadFile(path));

    public static PriceCatalog Parse(string csv, string source = "prices") => FromTable(CsvTable.Read(new StringReader(csv), source));

    private static PriceCatalog FromTable(CsvTable table)
    {
        table.Require("item", "usd");
        return new PriceCatalog(table.Rows.Select(r => new Price(
            table.Get(r, "item"), table.Get(r, "unit"), new Usd(table.GetDecimal(r, "usd")), table.Get(r, "notes"))));
    }
}
