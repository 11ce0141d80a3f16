using System.CommandLine;
using PypiKit.Sizing;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary><c>pypikit size cost</c>: monthly estimate of a configuration, dev single-AZ and/or prod multi-AZ.</summary>
internal static class CostCommand
{
    public static Command Build()
    {
        var cmd = new Command("cost",
            "Estimate the monthly cost (USD, us-west-2 on-demand list prices from data/aws, 730 h/month) of a configuration: " +
            "EC2, ALB, EFS, AWS Backup, NAT gateways, CloudWatch, Secrets Manager, for a dev single-AZ shape, a prod " +
            "multi-AZ shape, or both. An estimate, not a quote.\n" +
            "Example: pypikit size cost --instance c6a.xlarge --instances 2 --shape both --storage-gb 10 --efs-mode elastic");
        var instance = new Option<string>("--instance", "-i") { Description = "EC2 instance type.", DefaultValueFactory = _ => "t3.small" };
        var instances = new Option<int>("--instances", "-n") { Description = "EC2 instances.", DefaultValueFactory = _ => 2 };
        var shape = new Option<string>("--shape") { Description = "dev, prod or both.", DefaultValueFactory = _ => "both" };
        var efsGb = EfsFlags.Storage("priced per GiB-month");
        var efsMode = EfsFlags.Mode(EfsThroughputMode.Elastic);
        var readGb = new Option<double>("--read-gb-month") { Description = "GB read from EFS per month (elastic mode).", DefaultValueFactory = _ => 10 };
        var writeGb = new Option<double>("--write-gb-month") { Description = "GB written to EFS per month (elastic mode).", DefaultValueFactory = _ => 1 };
        var provisioned = new Option<double?>("--provisioned-mibps") { Description = "Provisioned EFS throughput, MiB/s (1..3414; required with --efs-mode provisioned)." };
        var lcus = new Option<double?>("--lcus") { Description = "Average ALB capacity units (default dev 1, prod 3)." };
        var natGb = new Option<double?>("--nat-gb") { Description = "GB a month through NAT gateways (default 5)." };
        var noBackup = new Option<bool>("--no-backup") { Description = "Leave out AWS Backup of EFS (module enable_efs_backup = false)." };
        var prices = new Option<FileInfo?>("--prices") { Description = "CSV file item,unit,usd overriding data/aws/prices.csv." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "CSV file of instance types overriding/adding to the built-in catalog." };
        var json = SizeOptions.Json();
        foreach (var o in new Option[] { instance, instances, shape, efsGb, efsMode, readGb, writeGb, provisioned, lcus, natGb, noBackup, prices, catalog, json }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var shapes = (r.GetValue(shape) ?? "both").ToLowerInvariant() switch
            {
                "dev" => new[] { DeploymentShape.Dev },
                "prod" => [DeploymentShape.Prod],
                "both" => [DeploymentShape.Dev, DeploymentShape.Prod],
                var s => throw new InvalidInputException("shape", $"--shape must be dev, prod or both, got '{s}'"),
            };
            var mode = r.GetValue(efsMode);
            var cat = r.GetValue(catalog) is { } f ? InstanceCatalog.Default.WithOverrides(f.FullName) : InstanceCatalog.Default;
            var priceCatalog = r.GetValue(prices) is { } pf ? PriceCatalog.Default.WithOverrides(pf.FullName) : PriceCatalog.Default;
            var breakdowns = shapes.Select(s =>
            {
                var inputs = CostInputs.For(s, r.GetValue(instance) ?? "t3.small", r.GetValue(instances)) with
                {
                    Efs = new EfsCostInputs
                    {
                        Mode = mode, StorageGb = r.GetValue(efsGb), ReadGbPerMonth = r.GetValue(readGb), WriteGbPerMonth = r.GetValue(writeGb),
                        ProvisionedMibps = r.GetValue(provisioned),
                    },
                    Backup = !r.GetValue(noBackup),
                };
                if (r.GetValue(lcus) is { } l) inputs = inputs with { AlbLcus = l };
                if (r.GetValue(natGb) is { } n) inputs = inputs with { NatGbPerMonth = n };
                return CostModel.Monthly(inputs, cat, priceCatalog);
            }).ToArray();

            if (r.GetValue(json)) { SizeOutput.WriteJson(breakdowns); return 0; }
            foreach (var b in breakdowns)
            {
                var t = new Table().Border(TableBorder.Rounded)
                    .Title(Markup.Escape($"{(b.Shape == DeploymentShape.Dev ? "Dev (single AZ)" : "Prod (multi-AZ)")}: {b.InstanceCount} × {b.InstanceType}, per month"))
                    .AddColumn("component").AddColumn("item").AddColumn(new TableColumn("quantity").RightAligned()).AddColumn("unit")
                    .AddColumn(new TableColumn("unit price").RightAligned()).AddColumn(new TableColumn("USD/month").RightAligned()).NoWrapExcept(1);
                foreach (var l in b.Lines)
                    t.AddRow(Markup.Escape(l.Component), Markup.Escape(l.Description), $"{l.Quantity:0.##}", Markup.Escape(l.Unit), Markup.Escape($"${l.UnitPrice.Value:0.#####}"), Markup.Escape(l.Monthly.ToString()));
                t.AddRow("[bold]total[/]", "", "", "", "", $"[bold]{Markup.Escape(b.Total.ToString())}[/]");
                SizeOutput.Out.Write(t);
            }
            SizeOutput.Out.MarkupLine("[grey]Estimate from dated list prices (data/aws/README.md); override them with --prices.[/]");
            return 0;
        });
        return cmd;
    }
}
