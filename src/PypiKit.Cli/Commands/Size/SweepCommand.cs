using System.CommandLine;
using PypiKit.Sizing;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Size;

/// <summary><c>pypikit size sweep</c>: plans every instance type × container memory (<see cref="SizingSweep"/>).</summary>
internal static class SweepCommand
{
    public static Command Build()
    {
        var cmd = new Command("sweep",
            "Plan every instance type × container memory and compare tasks, workers, EC2 cost a month (USD) and the latency " +
            "model's p95 (seconds) at a given concurrency.\n" +
            "Example: pypikit size sweep --types t3.small,c6a.large,c6a.xlarge --memories 256,512,1024 --instances 2 --concurrency 510");
        var types = new Option<string[]>("--types", "-t")
        {
            Description = "Instance types, comma-separated or repeated (default t3.small,t3.medium,c6a.large,c6a.xlarge,c6a.2xlarge,c7a.xlarge,m6a.xlarge).",
            AllowMultipleArgumentsPerToken = true,
        };
        var memories = new Option<string[]>("--memories")
        {
            Description = "Container memory values, MB, comma-separated or repeated (default 256,512,768,1024).",
            AllowMultipleArgumentsPerToken = true,
        };
        var instances = new Option<int>("--instances", "-n") { Description = "EC2 instances.", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Concurrent clients for the latency model.", DefaultValueFactory = _ => 510 };
        var service = new Option<double>("--service-time")
        {
            Description = "Mean service time per request per worker, seconds (the default is calibrated on the reference run).",
            DefaultValueFactory = _ => LatencyCalibration.ReferenceServiceTimeSeconds,
        };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "CSV file of instance types overriding/adding to the built-in catalog." };
        var json = SizeOptions.Json();
        foreach (var o in new Option[] { types, memories, instances, concurrency, service, catalog, json }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var options = OptionsFrom(r.GetValue(types), r.GetValue(memories), r.GetValue(instances), r.GetValue(concurrency), r.GetValue(service));
            var cat = r.GetValue(catalog) is { } f ? InstanceCatalog.Default.WithOverrides(f.FullName) : InstanceCatalog.Default;
            var result = SizingSweep.Run(options, cat);
            if (r.GetValue(json)) SizeOutput.WriteJson(result);
            else Render(result);
            return 0;
        });
        return cmd;
    }

    /// <summary>Builds <see cref="SweepOptions"/> from the command's raw values (bad numbers name the option).</summary>
    internal static SweepOptions OptionsFrom(string[]? types, string[]? memories, int instances, int concurrency, double serviceTime)
    {
        var defaults = new SweepOptions();
        var typeList = SizeOutput.SplitList(types);
        var memList = SizeOutput.SplitList(memories).Select(m => long.TryParse(m, out var v) ? v
            : throw new InvalidInputException("memories", $"--memories takes MB numbers such as 256,512; got '{m}'")).ToArray();
        return new SweepOptions
        {
            InstanceTypes = typeList.Length > 0 ? typeList : defaults.InstanceTypes,
            ContainerMemories = memList.Length > 0 ? memList : defaults.ContainerMemories,
            InstanceCount = instances,
            Clients = concurrency,
            ServiceTimeSeconds = serviceTime,
        }.Validate();
    }

    private static void Render(SweepResult result)
    {
        var t = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Sweep: {result.InstanceCount} instances, latency model at {result.Clients} clients, S = {result.ServiceTimeSeconds:0.###} s"));
        foreach (var h in new[] { "type", "memory MB", "workers", "cpu units", "tasks/inst", "limit", "tasks min..max", "total workers", "EC2 $/month", "$/worker", "max req/s", "p95" })
            t.AddColumn(new TableColumn(h).RightAligned());
        foreach (var row in result.Rows)
            t.AddRow(row.InstanceType, row.ContainerMemoryMb.Value.ToString(), row.GunicornWorkersPerContainer.ToString(), row.ContainerCpuUnits.Value.ToString(),
                row.TasksPerInstance.ToString(), row.LimitingFactor == LimitingFactor.Ram ? "RAM" : "CPU", $"{row.TaskMinCount}..{row.TaskMaxCount}",
                row.TotalWorkers.ToString(), row.Ec2MonthlyUsd.ToString(), row.UsdPerWorkerMonth.ToString(), $"{row.SaturationThroughputRps:0.#}",
                SizeOutput.Seconds(row.PredictedP95Seconds));
        SizeOutput.Out.Write(t);
    }
}
