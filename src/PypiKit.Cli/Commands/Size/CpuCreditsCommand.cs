using System.CommandLine;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Cli.Commands.Size;

/// <summary><c>pypikit size cpu-credits</c>: T-family earn rate, baseline and how long credits last at a load.</summary>
internal static class CpuCreditsCommand
{
    internal sealed record CpuCreditsOutput(string InstanceType, double CreditsPerHour, Percent Baseline, double MaxBalance,
        Percent Utilization, double NetCreditsPerHour, double StartingBalance, double? HoursToDepletion);

    public static Command Build()
    {
        var cmd = new Command("cpu-credits",
            "T-family (burstable) CPU credits: credits earned per hour, baseline utilisation (%), largest balance (24 h of " +
            "earnings), and how long a balance lasts at a steady CPU utilisation (% of the whole instance).\n" +
            "Example: pypikit size cpu-credits --instance t3.small --cpu 60 --balance 576");
        var instance = new Option<string>("--instance", "-i") { Description = "A burstable EC2 type.", DefaultValueFactory = _ => "t3.small" };
        var cpu = new Option<double>("--cpu") { Description = "Steady CPU utilisation of the instance, percent 0..100.", DefaultValueFactory = _ => 100 };
        var balance = new Option<double?>("--balance") { Description = "Current credit balance, credits (default: the 24-hour maximum)." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "CSV file of instance types overriding/adding to the built-in catalog." };
        var json = SizeOptions.Json();
        foreach (var o in new Option[] { instance, cpu, balance, catalog, json }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var cat = r.GetValue(catalog) is { } f ? InstanceCatalog.Default.WithOverrides(f.FullName) : InstanceCatalog.Default;
            var type = cat.Get(r.GetValue(instance) ?? "t3.small");
            double u = r.GetValue(cpu);
            if (u is < 0 or > 100) throw new InvalidInputException("cpu", $"--cpu must be a percentage 0..100, got {u}");
            double start = r.GetValue(balance) ?? CpuCreditModel.MaxBalance(type);
            if (start < 0) throw new InvalidInputException("balance", $"--balance must be >= 0 credits, got {start}");
            var ttd = CpuCreditModel.TimeToDepletion(type, new Percent(u), start);
            var output = new CpuCreditsOutput(type.Name, CpuCreditModel.EarnRate(type), CpuCreditModel.Baseline(type), CpuCreditModel.MaxBalance(type),
                new Percent(u), CpuCreditModel.NetPerHour(type, new Percent(u)), start, ttd?.TotalHours);
            if (r.GetValue(json)) { SizeOutput.WriteJson(output); return 0; }
            var t = SizeOutput.KeyValueTable($"CPU credits, {type.Name} ({type.Vcpus} vCPU)");
            SizeOutput.Row(t, "earned per hour", output.CreditsPerHour, "1 credit = 1 vCPU at 100 % for 1 minute");
            SizeOutput.Row(t, "baseline", output.Baseline, "sustainable utilisation");
            SizeOutput.Row(t, "largest balance", output.MaxBalance, "24 hours of earnings");
            SizeOutput.Row(t, "net per hour", $"{output.NetCreditsPerHour:+0.#;-0.#;0}", $"at {u:0.#} % CPU");
            SizeOutput.Row(t, "balance lasts", SizeOutput.Duration(ttd), $"from {start:0.#} credits; then throttled to the baseline (standard mode) or billed $0.05/vCPU-hour (unlimited)");
            SizeOutput.Out.Write(t);
            return 0;
        });
        return cmd;
    }
}
