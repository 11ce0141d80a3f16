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
                Levels = ParseLevels(r.GetValue(levels)!),
                LevelSeconds = r.GetValue(seconds),
                Instances = r.GetValue(instances),
                WorkersPerInstance = r.GetValue(workers),
                Vcpus = r.GetValue(vcpus),
                Regimes = ParseRegimes(r.GetValue(regimes)!),
                Hosting = r.GetValue(inProcess) ? InstanceHosting.InProcess : InstanceHosting.ChildProcess,
                ChildCommand = r.GetValue(inProcess) ? [] : SandboxModule.SelfCommand("sandbox", "serve"),
            }.Validate());
            var report = await ModelValidation.RunAsync(options, new Progress<ValidationProgress>(p =>
                CliConsole.Out.MarkupLine($"[grey]validate {Markup.Escape(p.Regime)}: {Markup.Escape(p.Step)}[/]")), ct);
            Print(report);
            if (r.GetValue(outFile) is { } path) await File.WriteAllTextAsync(path, PypiKitJson.Serialize(report), ct);
            return 0;
        });
        return cmd;
    }

    private static List<int> ParseLevels(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new List<int>();
        foreach (var p in parts)
            list.Add(int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000
                ? n : throw new InvalidInputException("--levels", $"--levels: '{p}' is not a client count within 1..1000"));
        return list.Count > 0 ? list : throw new InvalidInputException("--levels", "--levels: give at least one client count, e.g. 4,16,64");
    }

    private static List<ValidationRegime> ParseRegimes(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => n switch
        {
            "io-bound" => ValidationRegime.IoBound,
            "cpu-bound" => ValidationRegime.CpuBound,
            _ => throw new InvalidInputException("--regimes", $"--regimes: '{n}' is not a regime; allowed: io-bound, cpu-bound"),
        }).ToList();

    private static void Print(ValidationReport report)
    {
        var ci = CultureInfo.InvariantCulture;
        foreach (var c in report.Calibrations)
            CliConsole.Out.MarkupLine(Markup.Escape($"{c.Regime}: probe S = {c.Demand.MeanSeconds * 1000:0.###} ms (CPU {c.Demand.CpuSeconds * 1000:0.###} ms incl. client and balancer, CV {c.Demand.Cv:0.00}), K = {c.Workers} workers, C = {c.Cores} cores; fidelity {c.Calibration.Fidelity ?? "unknown"}"));
        var t = new Table().Border(TableBorder.Rounded).Title("burst model, out of sample (predicted from the probe only)")
            .AddColumns("regime", "clients", "limit", "pred. req/s", "meas. req/s", "err", "pred. p95 ms", "meas. p95 ms", "err", "errors", "load avg");
        foreach (var row in report.Rows)
            t.AddRow(row.Regime, row.Clients.ToString(ci), row.Limit.ToString().ToLowerInvariant(), row.PredictedThroughputRps.ToString("0.#", ci), row.MeasuredThroughputRps.ToString("0.#", ci),
                Pct(row.ThroughputError), row.PredictedP95Ms.ToString("0.#", ci), row.MeasuredP95Ms.ToString("0.#", ci), Pct(row.P95Error),
                row.Errors.ToString(ci), row.LoadAverage.ToString("0.00", ci));
        CliConsole.Out.Write(t);
        foreach (var row in report.Rows)
            foreach (var f in row.Flags.Where(f => !f.StartsWith("sticky", StringComparison.Ordinal)))
                CliConsole.Out.MarkupLine($"[yellow]assumption ({Markup.Escape(row.Regime)}, {row.Clients}):[/] {Markup.Escape(f)}");
        CliConsole.Out.MarkupLine($"verdict: {Markup.Escape(report.Verdict)}");
    }

    private static string Pct(double e) => double.IsFinite(e) ? (e * 100).ToString("+0;-0;0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
