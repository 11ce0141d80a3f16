using System.CommandLine;
using PypiKit.Sizing;
using PypiKit.Units;

namespace PypiKit.Cli.Commands.Size;

/// <summary><c>pypikit size efs</c>: EFS bursting credits (rates, time to depletion, a simulation over a file) and mode costs.</summary>
internal static class EfsCommand
{
    /// <summary>What <c>size efs --json</c> prints.</summary>
    internal sealed record EfsOutput(
        Bytes Storage, BytesPerSecond Baseline, BytesPerSecond BurstRate, Bytes MaxCredits, Bytes StartingCredits,
        BytesPerSecond MeteredDemand, double? HoursToDepletion, EfsCost Bursting, EfsCost Elastic, EfsCost Provisioned,
        EfsCreditSimulation? Simulation, IReadOnlyList<SizingWarning> Warnings);

    public static Command Build()
    {
        var cmd = new Command("efs",
            "EFS throughput: bursting-mode baseline (50 KiB/s per GiB stored), burst rate (100 MiB/s), credit balance " +
            "(2.1 TiB at creation) and how long it lasts at a steady read/write load (reads metered at 1/3), optionally a " +
            "simulation over a throughput file; and the monthly cost (USD) of bursting, elastic and provisioned modes.\n" +
            "Example: pypikit size efs --storage-gb 5 --read-mibps 30 --write-mibps 1   |   pypikit size efs --storage-gb 5 --series io.csv");
        var storage = EfsFlags.Storage("sets the baseline rate and the price");
        var read = new Option<double>("--read-mibps") { Description = "Steady read throughput, MiB/s (default 0)." };
        var write = new Option<double>("--write-mibps") { Description = "Steady write/metadata throughput, MiB/s (default 0)." };
        var credits = new Option<double?>("--credits-tib") { Description = "Current burst credit balance, TiB (default 2.1, a new file system)." };
        var series = new Option<FileInfo?>("--series")
        {
            Description = "CSV with header time,read_bytes_per_second,write_bytes_per_second (ISO 8601 times): simulate the credit balance over it.",
        };
        var readGb = new Option<double>("--read-gb-month") { Description = "GB read per month, for the elastic-mode cost.", DefaultValueFactory = _ => 10 };
        var writeGb = new Option<double>("--write-gb-month") { Description = "GB written per month, for the elastic-mode cost.", DefaultValueFactory = _ => 1 };
        var provisioned = new Option<double>("--provisioned-mibps") { Description = "Provisioned throughput, MiB/s, for the provisioned-mode cost (1..3414).", DefaultValueFactory = _ => 10 };
        var json = SizeOptions.Json();
        foreach (var o in new Option[] { storage, read, write, credits, series, readGb, writeGb, provisioned, json }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            double gb = r.GetValue(storage);
            if (gb < 0) throw new InvalidInputException("storage-gb", $"--storage-gb must be >= 0, got {gb}");
            if (r.GetValue(read) < 0) throw new InvalidInputException("read-mibps", "--read-mibps must be >= 0");
            if (r.GetValue(write) < 0) throw new InvalidInputException("write-mibps", "--write-mibps must be >= 0");
            if (r.GetValue(credits) is < 0) throw new InvalidInputException("credits-tib", "--credits-tib must be >= 0");
            var size = Bytes.FromGibibytes(gb);
            var start = r.GetValue(credits) is { } c ? Bytes.FromTebibytes(c) : EfsCreditModel.StartingCredits;
            var metered = EfsCreditModel.Metered(BytesPerSecond.FromMebibytesPerSecond(r.GetValue(read)), BytesPerSecond.FromMebibytesPerSecond(r.GetValue(write)));
            var ttd = EfsCreditModel.TimeToDepletion(size, metered, start);
            // Elastic mode bills the bytes moved: the steady rates given, over a month, unless the GB flags say otherwise.
            bool ratesGiven = r.GetValue(read) > 0 || r.GetValue(write) > 0;
            double readGbMonth = r.GetResult(readGb) is { Implicit: false } || !ratesGiven ? r.GetValue(readGb)
                : EfsThroughputCheck.GbPerMonth(BytesPerSecond.FromMebibytesPerSecond(r.GetValue(read)));
            double writeGbMonth = r.GetResult(writeGb) is { Implicit: false } || !ratesGiven ? r.GetValue(writeGb)
                : EfsThroughputCheck.GbPerMonth(BytesPerSecond.FromMebibytesPerSecond(r.GetValue(write)));
            EfsCost Cost(EfsThroughputMode m) => EfsCreditModel.MonthlyCost(new EfsCostInputs
            {
                Mode = m, StorageGb = gb, ReadGbPerMonth = readGbMonth, WriteGbPerMonth = writeGbMonth,
                ProvisionedMibps = m == EfsThroughputMode.Provisioned ? r.GetValue(provisioned) : null,
            });
            var sim = r.GetValue(series) is { } f ? EfsCreditModel.Simulate(EfsSimulationInputs.FromCsv(f.FullName, size, start)) : null;
            var output = new EfsOutput(size, EfsCreditModel.Baseline(size), EfsCreditModel.BurstRate(size), EfsCreditModel.MaxCredits(size), start,
                metered, ttd?.TotalHours, Cost(EfsThroughputMode.Bursting), Cost(EfsThroughputMode.Elastic), Cost(EfsThroughputMode.Provisioned), sim,
                EfsThroughputCheck.Warnings(size, metered, start));
            if (r.GetValue(json)) { SizeOutput.WriteJson(output); return 0; }

            var t = SizeOutput.KeyValueTable($"EFS, {gb:0.##} GiB stored");
            SizeOutput.Row(t, "baseline (bursting)", output.Baseline, "50 KiB/s per GiB");
            SizeOutput.Row(t, "burst rate", output.BurstRate);
            SizeOutput.Row(t, "credit cap", output.MaxCredits);
            SizeOutput.Row(t, "credits at start", output.StartingCredits);
            SizeOutput.Row(t, "metered demand", output.MeteredDemand, "reads / 3 + writes");
            SizeOutput.Row(t, "credits last", SizeOutput.Duration(ttd), ttd is null ? "demand at or below the baseline" : "at the steady demand");
            SizeOutput.Row(t, "cost: bursting", output.Bursting.Total, "storage only");
            SizeOutput.Row(t, "cost: elastic", output.Elastic.Total, $"{readGbMonth:#,0.##} GB read, {writeGbMonth:#,0.##} GB written a month{(ratesGiven && r.GetResult(readGb) is not { Implicit: false } ? " (the rates given, all month)" : "")}");
            SizeOutput.Row(t, "cost: provisioned", output.Provisioned.Total, $"{r.GetValue(provisioned):0.##} MiB/s");
            if (sim is not null)
            {
                SizeOutput.Row(t, "simulation: mean metered", sim.MeanMetered);
                SizeOutput.Row(t, "simulation: minimum credits", sim.MinimumCredits);
                SizeOutput.Row(t, "simulation: ending credits", sim.EndingCredits);
                SizeOutput.Row(t, "simulation: depleted after", SizeOutput.Duration(sim.TimeToDepletion),
                    sim.ProjectedTimeToDepletion is { } p ? $"projected: {SizeOutput.Duration(p)}" : "");
                SizeOutput.Row(t, "simulation: throttled", SizeOutput.Duration(sim.ThrottledDuration));
            }
            SizeOutput.Out.Write(t);
            SizeWarningLines.Write(output.Warnings);
            return 0;
        });
        return cmd;
    }
}
