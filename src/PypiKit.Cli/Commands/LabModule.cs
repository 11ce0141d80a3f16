using System.CommandLine;
using System.Globalization;
using PypiKit.Burst;
using PypiKit.Cli.Commands.Size;
using PypiKit.Sandbox.Lab;
using PypiKit.Sandbox.Validation;
using PypiKit.Sizing;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit lab</c>, the main job: presents <see cref="LabRunner"/> (plan → sandbox cluster → corpus → burst with
/// host sampling → lab report). The sizing flags are the <c>size</c> command's own (<see cref="SizeOptions"/>).
/// </summary>
public sealed class LabModule : ICliModule
{
    public Command Build()
    {
        var sizing = new SizeOptions();
        var sandboxInstances = new Option<int?>("--sandbox-instances") { Description = $"Sandbox instances instead of the plan's tasks per host (1..{LabOptions.MaxSandboxInstances})." };
        var profile = new Option<string>("--profile") { Description = "Burst profile (built-in name or .json/.yaml file).", DefaultValueFactory = _ => "production_incident-local" };
        var duration = new Option<double?>("--duration") { Description = "Override the profile's duration, seconds." };
        var outDir = new Option<string>("--out") { Description = "Parent directory of the report folder (lab_<time>/ is created in it).", DefaultValueFactory = _ => "lab-results" };
        var sticky = new Option<bool>("--sticky") { Description = "Turn on ALB-style lb_cookie stickiness in the balancer (as the reference deployment has)." };
        var sharedJar = new Option<bool>("--shared-cookie-jar") { Description = "Reference compatibility: every virtual user shares one cookie jar (with --sticky this pins all traffic to one instance)." };
        var scanLatency = new Option<double>("--scan-latency-ms") { Description = "Emulated storage latency per directory scan, ms (EFS metadata cost).", DefaultValueFactory = _ => 0 };
        var versions = new Option<int>("--versions") { Description = "Versions per project in the uploaded corpus (1..20).", DefaultValueFactory = _ => 3 };
        var inProcess = new Option<bool>("--in-process") { Description = "Run the instances inside this process instead of one child process each." };
        var efsGb = EfsFlags.Storage("for the burst-credit simulation of the instances' I/O");
        var efsMode = EfsFlags.Mode(EfsThroughputMode.Bursting, "bursting simulates the credits");
        var noValidation = new Option<bool>("--no-validation") { Description = "Skip the out-of-sample check that follows the burst (an I/O-bound and a CPU-bound regime, about a minute)." };
        var validationLevels = new Option<string>("--validation-levels") { Description = "Closed-loop client counts of the out-of-sample check, comma-separated (each 1..1000).", DefaultValueFactory = _ => "4,16,64" };
        var validationSeconds = new Option<double>("--validation-seconds") { Description = "Measured seconds per level of the out-of-sample check (0.5..600).", DefaultValueFactory = _ => 6 };
        var cmd = new GracefulCommand("lab",
            "The main job, on this machine: plan capacity with the size command's flags, map the plan onto a sandbox cluster\n" +
            "(one instance per ECS task of one host, the plan's gunicorn workers per instance), upload the corpus, run a burst\n" +
            "profile while sampling the host (memory, swap, pressure, CPU) and each instance (RSS, CPU, bytes read/written), and\n" +
            "write the lab report (lab.html, lab.md, lab.json): instance RSS against the container hard limit and reservation,\n" +
            "host memory against the page-cache budget with swap beneath, EFS credits simulated from the measured I/O, client\n" +
            "p95 and a verdict per signal. The burst model is never fitted to the run: the cluster is probed at concurrency 1 before\n" +
            "the burst, each level is predicted from that probe, and then the model is checked out of sample in two regimes\n" +
            "(I/O-bound: 20 ms storage latency, the workers limit; CPU-bound: bcrypt on every request, the cores limit) at\n" +
            "--validation-levels clients, predicted vs measured with the error in %. Ctrl+C writes the report of what ran and exits 130.\n" +
            "Exit codes: 0 pass, 99 a threshold breached, 2 bad input, 130 interrupted.\n\n" +
            "Example:\n  pypikit lab --instance t3.small --container-memory 512 --out lab-results\n" +
            "  pypikit lab --sticky --shared-cookie-jar   # the reference's one-target skew");
        sizing.AddTo(cmd);
        foreach (var o in new Option[] { sandboxInstances, profile, duration, outDir, sticky, sharedJar, scanLatency, versions, inProcess, efsGb, efsMode, noValidation, validationLevels, validationSeconds })
            cmd.Options.Add(o);
        cmd.Subcommands.Add(LabValidateCommand.Build());
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var plan = FlagErrors.Named(FlagErrors.Sizing, () => CapacityPlanner.Plan(sizing.InputsFrom(r), sizing.CatalogFrom(r)));
            var options = new LabOptions
            {
                Plan = plan,
                SandboxInstances = r.GetValue(sandboxInstances),
                Profile = BurstProfiles.Resolve(r.GetValue(profile)!),
                DurationSeconds = r.GetValue(duration),
                OutDirectory = ReportDirectories.CheckWritable(r.GetValue(outDir)!, "--out"),
                Sticky = r.GetValue(sticky),
                SharedCookieJar = r.GetValue(sharedJar),
                ScanLatencyMs = r.GetValue(scanLatency),
                Versions = r.GetValue(versions),
                InProcess = r.GetValue(inProcess),
                ChildCommand = SelfInvocation.Command("sandbox", "serve"),
                EfsStorageGib = r.GetValue(efsGb),
                EfsMode = r.GetValue(efsMode),
                Validation = r.GetValue(noValidation) ? null : FlagErrors.Named(ValidationFlags, () => new ValidationOptions
                {
                    Levels = LabValidateCommand.ParseLevels(r.GetValue(validationLevels)!, "--validation-levels"),
                    LevelSeconds = r.GetValue(validationSeconds),
                }.Validate()),
            }.Validate();
            ReportPages.CheckPlotlyJs();
            var mapping = LabPlanMapping.From(plan, options.SandboxInstances, Environment.ProcessorCount);
            foreach (var line in mapping.Scaling) CliConsole.Out.MarkupLine($"plan: {Markup.Escape(line)}");
            using var signals = TerminationSignals.Handle(ct);
            var lab = await LabRunner.RunAsync(options, new LabConsoleProgress(), signals.Token);
            Present(lab);
            if (lab.Cancelled) return ExitCodes.Cancelled;
            return lab.Burst.ThresholdsPassed ? 0 : BurstModule.ThresholdsBreached;
        });
        return cmd;
    }

    private static readonly IReadOnlyDictionary<string, string> ValidationFlags = new Dictionary<string, string>
    {
        ["levels"] = "--validation-levels", ["level_seconds"] = "--validation-seconds",
    };

    private static void Present(LabResult lab)
    {
        BurstConsole.Summary(lab.Burst, lab.Files);
        PrintModel(lab.Model);
        if (lab.Validation is { } v) LabValidateCommand.Print(v);
        foreach (var line in lab.HostVerdicts) CliConsole.Out.MarkupLine($"{Markup.Escape(line.Signal)}: {Markup.Escape(line.Text)}");
        CliConsole.Out.MarkupLine(Markup.Escape(lab.Conclusion.Headline));
        CliConsole.Out.MarkupLine((lab.Conclusion.PlanHeld ? "[green]" : "[red]") + Markup.Escape(lab.Conclusion.Verdict) + "[/]");
        CliConsole.Out.MarkupLine(Markup.Escape(lab.Conclusion.ThroughputNote));
        CliConsole.Out.MarkupLine($"lab: report folder [blue]{Markup.Escape(lab.Folder)}[/]; the cluster is stopped.");
    }

    /// <summary>Stage lines as they change; burst counters at most every 5 s.</summary>
    private sealed class LabConsoleProgress : IProgress<LabProgress>
    {
        private readonly Lock _gate = new();
        private string? _last;
        private DateTime _lastBurst = DateTime.MinValue;

        public void Report(LabProgress value)
        {
            lock (_gate)
            {
                if (value.Burst is { } p)
                {
                    if (DateTime.UtcNow - _lastBurst < TimeSpan.FromSeconds(5)) return;
                    _lastBurst = DateTime.UtcNow;
                    CliConsole.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{p.ElapsedSeconds,6:0.0}s  requests {p.Requests}  {p.RequestsPerSecond:0.#} req/s  errors {p.Errors}  p95 {p.P95Ms:0.#} ms  users {p.Users}  {p.Phase}"));
                    return;
                }
                if (value.Corpus is not null || value.Message == _last) return;
                _last = value.Message;
                CliConsole.Out.MarkupLine($"lab: {Markup.Escape(value.Message)}");
            }
        }
    }

    private static void PrintModel(ModelComparison c)
    {
        var ci = CultureInfo.InvariantCulture;
        if (c.Levels.Count == 0) { CliConsole.Out.MarkupLine($"model: {Markup.Escape(c.Calibration)}"); return; }
        var t = new Table().Title($"burst model, predicted before the run: {Markup.Escape(c.Describe())}; first burst left out as warm-up")
            .AddColumns("clients", "measured req/s", "predicted req/s", "err", "measured p95 ms", "predicted p95 ms", "err");
        foreach (var l in c.Levels)
            t.AddRow(l.Concurrency.ToString(ci), l.MeasuredThroughputRps.ToString("0.#", ci), l.PredictedThroughputRps.ToString("0.#", ci),
                ValidationTable.Percent(ValidationRow.RelativeError(l.PredictedThroughputRps, l.MeasuredThroughputRps)),
                l.MeasuredP95Ms.ToString("0.#", ci), l.PredictedP95Ms.ToString("0.#", ci),
                ValidationTable.Percent(ValidationRow.RelativeError(l.PredictedP95Ms, l.MeasuredP95Ms)));
        CliConsole.Out.Write(t);
        foreach (var note in c.Notes) CliConsole.Out.MarkupLine($"[yellow]model note:[/] {Markup.Escape(note)}");
    }
}
