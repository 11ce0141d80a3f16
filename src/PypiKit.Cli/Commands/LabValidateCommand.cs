using System.CommandLine;
using System.Globalization;
using PypiKit.Cli.Commands.Size;
using PypiKit.Json;
using PypiKit.Sandbox;
using PypiKit.Sandbox.Validation;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit lab validate</c>: the burst model checked out of sample on this machine (<see cref="ModelValidation"/> does
/// the work: probe, predict, then measure bursts at several levels in an I/O-bound and a CPU-bound regime).
/// </summary>
internal static class LabValidateCommand
{
    private static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["levels"] = "--levels", ["level_seconds"] = "--seconds", ["instances"] = "--instances", ["workers"] = "--workers", ["vcpus"] = "--vcpus",
        ["regimes"] = "--regimes",
    };

    public static Command Build()
    {
        var levels = new Option<string>("--levels") { Description = "Closed-loop client counts, comma-separated (each 1..1000).", DefaultValueFactory = _ => "4,16,64" };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per level (0.5..600), after 1 s of warm-up load.", DefaultValueFactory = _ => 6 };
        var instances = new Option<int>("--instances") { Description = "Sandbox instances (1..16).", DefaultValueFactory = _ => 2 };
        var workers = new Option<int>("--workers") { Description = "Workers per instance (1..256).", DefaultValueFactory = _ => 4 };
        var vcpus = new Option<int>("--vcpus") { Description = "Cores the model may use (default: this machine's).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var regimes = new Option<string>("--regimes") { Description = "io-bound (20 ms storage latency: workers limit), cpu-bound (bcrypt per request: cores limit), comma-separated.", DefaultValueFactory = _ => "io-bound,cpu-bound" };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the instances inside this process (then server CPU is not told apart from the client's)." };
        var outFile = new Option<string?>("--out") { Description = "Also write the report as JSON to this file." };
        var cmd = new Command("validate",
            "Check the burst model out of sample: per regime, start a sandbox, probe the listing at concurrency 1, predict each level " +
            "from that alone, then measure closed-loop bursts and print predicted vs measured throughput and p95 with errors and a verdict " +
            "(goals: within 25 % I/O-bound, 35 % CPU-bound).\nExample: pypikit lab validate --levels 4,16,64 --seconds 6");
        foreach (var o in new Option[] { levels, seconds, instances, workers, vcpus, regimes, inProcess, outFile }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = FlagErrors.Named(Flags, () => new ValidationOptions
            {
                Levels = ParseLevels(r.GetValue(levels)!, "--levels"),
                LevelSeconds = r.GetValue(seconds),
                Instances = r.GetValue(instances),
                WorkersPerInstance = r.GetValue(workers),
                Vcpus = r.GetValue(vcpus),
                Regimes = ParseRegimes(r.GetValue(regimes)!),
                Hosting = r.GetValue(inProcess) ? InstanceHosting.InProcess : InstanceHosting.ChildProcess,
                ChildCommand = r.GetValue(inProcess) ? [] : SelfInvocation.Command("sandbox", "serve"),
            }.Validate());
            using var signals = TerminationSignals.Handle(ct);
            ValidationReport report;
            try
            {
                report = await ModelValidation.RunAsync(options, new Progress<ValidationProgress>(p =>
                    CliConsole.Out.MarkupLine($"[grey]validate {Markup.Escape(p.Regime)}: {Markup.Escape(p.Step)}[/]")), signals.Token);
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                CliConsole.Error.WriteLine("validate: cancelled before any level was measured; nothing written");
                return ExitCodes.Cancelled;
            }
            Print(report);
            // the levels that ran are written even after a cancellation
            if (r.GetValue(outFile) is { } path) await File.WriteAllTextAsync(path, PypiKitJson.Serialize(report), CancellationToken.None);
            return report.Cancelled ? ExitCodes.Cancelled : 0;
        });
        return cmd;
    }

    /// <summary>Comma-separated client counts; errors name <paramref name="flag"/> as the user typed it.</summary>
    internal static List<int> ParseLevels(string text, string flag)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new List<int>();
        foreach (var p in parts)
            list.Add(int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000
                ? n : throw new InvalidInputException(flag, $"{flag}: '{p}' is not a client count within 1..1000"));
        return list.Count > 0 ? list : throw new InvalidInputException(flag, $"{flag}: give at least one client count, e.g. 4,16,64");
    }

    private static List<ValidationRegime> ParseRegimes(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => n switch
        {
            "io-bound" => ValidationRegime.IoBound,
            "cpu-bound" => ValidationRegime.CpuBound,
            _ => throw new InvalidInputException("--regimes", $"--regimes: '{n}' is not a regime; allowed: io-bound, cpu-bound"),
        }).ToList();

    /// <summary>The report as the console shows it (also after a <c>pypikit lab</c> run).</summary>
    internal static void Print(ValidationReport report)
    {
        foreach (var line in ValidationTable.CalibrationLines(report)) CliConsole.Out.MarkupLine(Markup.Escape(line));
        var t = new Table().Border(TableBorder.Rounded).Title("burst model, out of sample (predicted from the probe only)");
        foreach (var h in ValidationTable.Header) t.AddColumn(new TableColumn(h) { NoWrap = true });
        foreach (var row in ValidationTable.Rows(report)) t.AddRow(row.Select(Markup.Escape).ToArray());
        CliConsole.Out.Write(t);
        foreach (var f in ValidationTable.FlagLines(report)) CliConsole.Out.MarkupLine($"[yellow]assumption[/] ({Markup.Escape(f)})");
        CliConsole.Out.MarkupLine($"verdict: {Markup.Escape(report.Verdict)}");
    }
}
