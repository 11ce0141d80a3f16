using System.Globalization;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Incidents;

/// <summary>
/// One thing to do about a verdict: what to change, the figures PypiKit's own models computed for the host and settings
/// in the capture, and the command line that reproduces them (or null when none applies).
/// </summary>
public sealed record Remedy(string Action, IReadOnlyList<string> Figures, string? Command = null);

/// <summary>
/// Remedies per verdict, computed by the sizing models for the captured host (<see cref="HostFacts"/>, visible memory):
/// memory pressure → container memory / tasks per host that fit without over-commit (<see cref="CapacityPlanner"/>) or the
/// cheapest type that holds the running tasks; CPU credits → unlimited mode or a fixed-performance type, monthly cost
/// (<see cref="CpuCreditModel"/>, <see cref="CostModel"/>); EFS credits → elastic vs provisioned monthly cost
/// (<see cref="EfsCreditModel"/>); load imbalance → the target-group stickiness setting.
/// </summary>
public static class RemedyPlanner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Remedies for a likely or possible verdict (none for the others), computed on the host(s) it names.</summary>
    public static IReadOnlyList<Remedy> For(Verdict v, IncidentData data, InstanceCatalog? catalog = null)
    {
        if (v.Status is not (VerdictStatus.Likely or VerdictStatus.Possible)) return [];
        var host = v.Hosts.Count > 0 && data.Hosts.Count > 1 && data.Hosts.Any(h => h.Name == v.Hosts[0]) ? data.ForHost(v.Hosts[0]) : data;
        catalog ??= InstanceCatalog.Default;
        return v.RuleId switch
        {
            "memory-pressure" => Memory(host, catalog),
            "cpu" => Cpu(host, catalog),
            "efs-throughput" => Efs(host),
            "load-imbalance" =>
            [
                new Remedy("Spread requests evenly: turn target-group stickiness off (stickiness.enabled = false), or shorten " +
                    "stickiness.lb_cookie.duration_seconds, so one busy target stops receiving a whole client's burst.",
                    ["pip, poetry and uv keep connections open: with stickiness a CI runner stays on one target for the cookie's lifetime"],
                    "aws elbv2 modify-target-group-attributes --target-group-arn <arn> --attributes Key=stickiness.enabled,Value=false"),
            ],
            _ => [],
        };
    }

    private static string Mib(double v) => v.ToString("N0", Inv) + " MiB";

    private static IReadOnlyList<Remedy> Memory(IncidentData data, InstanceCatalog catalog)
    {
        var facts = data.Host;
        if (facts.InstanceType is not { } typeName || !catalog.TryGet(typeName, out var type)) return
        [
            new Remedy("Give the host more memory than its tasks' limits add up to (no over-commit), then size it with pypikit size.",
                ["instance type unknown: add instance_type to host.json for computed figures"]),
        ];
        int containers = Math.Max(1, facts.Containers ?? 1);
        long containerMib = (long)Math.Round(facts.ContainerMemoryMib ?? SizingInputs.Reference.ContainerMemory.Value);
        long visible = (long)Math.Round(data.HostMemoryMib ?? type.Memory.Value);
        var inputs = new SizingInputs { InstanceType = typeName, InstanceCount = 1, ContainerMemory = new Mebibytes(containerMib), HostMemory = new Mebibytes(visible) };
        var plan = CapacityPlanner.Plan(inputs, type);
        long available = plan.AvailableRamMbPerInstance.Value;
        long limits = containers * containerMib;
        var figures = new List<string>
        {
            $"{typeName} with {Mib(visible)} visible: {Mib(available)} left for tasks ({Mib(visible)} − {Mib(plan.SystemOverheadMb.Value)} system and page cache)",
            $"running {containers} × {Mib(containerMib)} = {Mib(limits)} of container limits: " +
                (limits > available ? $"over-committed by {Mib(limits - available)}" : "fits"),
            $"by the module's reservations ({Mib(plan.ContainerMemoryReservationMb.Value)} each) {plan.TasksPerInstanceRamLimit} task(s) per host fit",
        };
        var remedies = new List<Remedy>();
        // the largest container memory that lets the running task count fit without over-commit (one formula: the planner's)
        long fitting = available / containers;
        if (fitting >= SizingInputs.MinContainerMemory)
            remedies.Add(new Remedy($"Keep {typeName} and set the container memory to at most {Mib(fitting)} for {containers} tasks per host (no over-commit).",
                figures, $"pypikit size --instance {typeName} --instances 1 --container-memory {fitting} --host-memory {visible}"));
        else
        {
            int tasks = (int)Math.Max(0, available / containerMib);
            remedies.Add(new Remedy(tasks > 0
                    ? $"On {typeName}, run at most {tasks} task(s) of {Mib(containerMib)} per host (not {containers}): that is what fits in {Mib(available)} without over-commit."
                    : $"No container of at least {Mib(SizingInputs.MinContainerMemory)} fits in the {Mib(available)} a {typeName} leaves: move to a larger type.",
                figures, $"pypikit size --instance {typeName} --instances 1 --container-memory {containerMib} --host-memory {visible}"));
        }
        // the cheapest type holding the running tasks at their current size without over-commit (visible memory when measured)
        var better = catalog.All.Where(t => t.Architecture == type.Architecture && t.Name != typeName)
            .Select(t => (Type: t, Plan: CapacityPlanner.Plan(inputs with { InstanceType = t.Name, HostMemory = null, UseVisibleMemory = true }, t)))
            .Where(x => x.Plan.AvailableRamMbPerInstance.Value >= limits)
            .OrderBy(x => x.Type.HourlyPrice.Value).ThenBy(x => x.Type.Name, StringComparer.Ordinal).FirstOrDefault();
        if (better.Type is not null)
        {
            var delta = CostModel.Ec2Monthly(better.Type, 1).Value - CostModel.Ec2Monthly(type, 1).Value;
            remedies.Add(new Remedy($"Or keep {containers} × {Mib(containerMib)} and move to {better.Type.Name}, the cheapest type where they fit without over-commit.",
                [$"{better.Type.Name}: {Mib(better.Plan.AvailableRamMbPerInstance.Value)} for tasks ({better.Plan.HostMemorySource switch { HostMemorySource.Measured => "measured visible memory", _ => "nominal memory" }}), " +
                 $"{better.Plan.TasksPerInstanceRamLimit} task(s) fit; {(delta >= 0 ? "+" : "−")}${Math.Abs(delta).ToString("0.00", Inv)} a month per host"],
                $"pypikit size --instance {better.Type.Name} --instances 1 --container-memory {containerMib} --visible-memory"));
        }
        return remedies;
    }

    private static IReadOnlyList<Remedy> Cpu(IncidentData data, InstanceCatalog catalog)
    {
        if (data.Host.InstanceType is not { } typeName || !catalog.TryGet(typeName, out var type) || !type.Burstable) return [];
        var cw = data.Timeline.Find("CPUUtilization");
        double mean = cw is null || cw.IsEmpty ? double.NaN : cw.Points.Average(p => p.Value);
        var baseline = CpuCreditModel.Baseline(type);
        var figures = new List<string> { $"{typeName}: baseline {baseline.Value.ToString("0", Inv)} % of the instance, {CpuCreditModel.EarnRate(type).ToString("0.#", Inv)} credits/hour" };
        var remedies = new List<Remedy>();
        if (!double.IsNaN(mean))
        {
            double net = CpuCreditModel.NetPerHour(type, new Percent(mean));
            double surplusVcpuHours = Math.Max(0, -net) / 60 * (double)CostModel.HoursPerMonth;
            decimal unlimited = Math.Round((decimal)surplusVcpuHours * CpuCreditModel.SurplusPricePerVcpuHour.Value, 2);
            figures.Add($"mean CPUUtilization {mean.ToString("0", Inv)} % in the capture: {(net >= 0 ? "earns" : "drains")} {Math.Abs(net).ToString("0.#", Inv)} credits/hour");
            remedies.Add(new Remedy($"Switch {typeName} to unlimited credit mode: no throttling at the baseline; at this load the surplus costs about ${unlimited.ToString("0.00", Inv)} a month per host.",
                figures, $"pypikit size cpu-credits --instance {typeName} --cpu {mean.ToString("0", Inv)}"));
        }
        var fixedType = catalog.All.Where(t => !t.Burstable && t.Architecture == type.Architecture && t.Vcpus >= type.Vcpus && t.Memory.Value >= type.Memory.Value)
            .OrderBy(t => t.HourlyPrice.Value).FirstOrDefault();
        if (fixedType is not null)
        {
            var delta = CostModel.Ec2Monthly(fixedType, 1).Value - CostModel.Ec2Monthly(type, 1).Value;
            remedies.Add(new Remedy($"Or move to {fixedType.Name} (fixed performance, no credits): {(delta >= 0 ? "+" : "−")}${Math.Abs(delta).ToString("0.00", Inv)} a month per host.",
                [$"{fixedType.Name}: {fixedType.Vcpus} vCPU, {Mib(fixedType.Memory.Value)}, ${fixedType.HourlyPrice.Value.ToString("0.0000", Inv)}/h vs ${type.HourlyPrice.Value.ToString("0.0000", Inv)}/h"],
                $"pypikit size cost --instance {fixedType.Name} --instances 1"));
        }
        return remedies;
    }

    private static IReadOnlyList<Remedy> Efs(IncidentData data)
    {
        var th = EfsThroughputFigures.From(data.Timeline);
        var metered = data.Timeline.Find("MeteredIOBytes.Sum", "MeteredIOBytes");
        double mibps = th?.MeanMeteredMibps ?? double.NaN;
        double peak = th?.PeakMeteredMibps ?? double.NaN;
        if (double.IsNaN(mibps))
            return [new Remedy("Switch EFS to elastic throughput (no burst credits to run out), or provision throughput above the observed peak.",
                ["export MeteredIOBytes and PermittedThroughput from CloudWatch to price the options"])];
        // a month of the observed mean throughput; reads are metered at a third of their bytes, so billing on metered bytes is an upper bound
        double gbMonth = mibps * 1024 * 1024 * 3600 * (double)CostModel.HoursPerMonth / 1e9;
        double provisioned = Math.Max(1, Math.Ceiling(peak));
        var elastic = EfsCreditModel.MonthlyCost(new EfsCostInputs { Mode = EfsThroughputMode.Elastic, StorageGb = 10, ReadGbPerMonth = 0, WriteGbPerMonth = gbMonth });
        var prov = EfsCreditModel.MonthlyCost(new EfsCostInputs { Mode = EfsThroughputMode.Provisioned, StorageGb = 10, ProvisionedMibps = provisioned });
        var figures = new List<string>
        {
            $"observed metered throughput: mean {mibps.ToString("0.00", Inv)} MiB/s, peak {peak.ToString("0.00", Inv)} MiB/s ({metered?.Name})",
            $"elastic at the mean for a month (≈ {gbMonth.ToString("N0", Inv)} GB, billed as writes — an upper bound): ${elastic.Throughput.Value.ToString("0.00", Inv)} a month",
            $"provisioned at the peak ({provisioned.ToString("0", Inv)} MiB/s): ${prov.Throughput.Value.ToString("0.00", Inv)} a month",
        };
        bool elasticCheaper = elastic.Throughput.Value <= prov.Throughput.Value;
        return [new Remedy(elasticCheaper
                ? "Switch EFS to elastic throughput: cheaper than provisioning the peak at this load, and no credits to run out."
                : $"Provision {provisioned.ToString("0", Inv)} MiB/s: cheaper than elastic at this sustained load, and no credits to run out.",
            figures, $"pypikit size efs --read-mibps 0 --write-mibps {mibps.ToString("0.00", Inv)} --provisioned-mibps {provisioned.ToString("0", Inv)}")];
    }
}
