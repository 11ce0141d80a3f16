using System.CommandLine;
using System.Globalization;
using PypiKit.Cli.Commands.Size;
using PypiKit.Probe;
using Spectre.Console;

namespace PypiKit.Cli.Commands;

/// <summary>
/// <c>pypikit probe</c>: times the pip chain's operations on an index one request at a time and writes a calibration
/// file for <c>size predict --calibration</c> (the work is <see cref="ProbeRunner"/>; this only parses and prints).
/// </summary>
public sealed class ProbeModule : ICliModule
{
    /// <summary>Library field → flag as typed, for error messages.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        ["target"] = "--target", ["user"] = "--user", ["password"] = "--password", ["repetitions"] = "--repetitions",
        ["warmup"] = "--warmup", ["server_pid"] = "--server-pid", ["upload"] = "--upload", ["project"] = "--project",
    };

    public Command Build()
    {
        var target = new Option<string>("--target") { Description = "Index root URL (its /simple/ is the PEP 503 index): the sandbox, a deployed stack, a pypiserver.", Required = true };
        var user = new Option<string?>("--user") { Description = "Basic-auth user (with --password) when the index needs one." };
        var password = new Option<string?>("--password") { Description = "Basic-auth password (or PYPIKIT_PASSWORD)." };
        var reps = new Option<int>("--repetitions") { Description = "Timed requests per operation (3..100000).", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed requests per operation first (0..10000).", DefaultValueFactory = _ => 5 };
        var outFile = new Option<string>("--out") { Description = "Calibration file to write (replaced if it exists).", DefaultValueFactory = _ => "calibration.json" }.Path(PathKind.OutputFile);
        var pids = new Option<int[]>("--server-pid") { Description = "Local process id(s) serving the target: their CPU seconds per request are read from /proc (repeatable).", AllowMultipleArgumentsPerToken = true };
        var project = new Option<string?>("--project") { Description = "Project to probe (default: the first the index lists)." };
        var upload = new Option<bool>("--upload") { Description = "Also time uploads of fresh 'pypikit-probe' wheels (needs --user/--password; they stay in the index)." };
        var fidelity = new Option<string?>("--fidelity") { Description = "Fidelity label to record when the target does not report one (e.g. pypiserver)." };
        var json = new Option<bool>("--json") { Description = "Print the calibration as JSON instead of a table." };
        var cmd = new GracefulCommand("probe",
            "Measure the service demand of each pip-chain operation (redirect, /simple/<p>/ listing, /simple/, wheel download, " +
            "upload with --upload) at concurrency 1 with warm-up and repetitions: mean, p50, p95 and CV of the wall time, and the " +
            "server's CPU seconds per request when its processes are local (--server-pid). Writes a versioned calibration file " +
            "that 'pypikit size predict --calibration FILE' reads.\n" +
            "Example: pypikit probe --target http://127.0.0.1:8080/ --user pypikit --password s3cret --out calibration.json");
        foreach (var o in new Option[] { target, user, password, reps, warmup, outFile, pids, project, upload, fidelity, json }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var url = r.GetValue(target)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new InvalidInputException("--target", $"--target: '{url}' is not an absolute http(s) URL");
            var options = FlagErrors.Named(Flags, () => new ProbeOptions
            {
                Target = uri,
                User = r.GetValue(user),
                Password = r.GetValue(password) ?? (r.GetValue(user) is null ? null : Environment.GetEnvironmentVariable("PYPIKIT_PASSWORD")),
                Repetitions = r.GetValue(reps),
                Warmup = r.GetValue(warmup),
                ServerProcessIds = r.GetValue(pids) ?? [],
                Project = r.GetValue(project),
                Upload = r.GetValue(upload),
                Fidelity = r.GetValue(fidelity),
            }.Validate());
            Calibration calibration;
            using var signals = TerminationSignals.Handle(ct);
            try { calibration = await ProbeRunner.RunAsync(options, new ProbeConsoleProgress(), signals.Token); }
            catch (InvalidInputException ex) when (Flags.ContainsKey(ex.Input)) { throw FlagErrors.Rename(ex, Flags); }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                // A calibration from part of the repetitions would carry biased figures, so none is written; say so.
                CliConsole.Error.WriteLine("probe: cancelled; no calibration written (a partial probe would bias its figures)");
                return ExitCodes.Cancelled;
            }
            var path = r.GetValue(outFile)!;
            await CalibrationFile.WriteAsync(calibration, path, ct);
            if (r.GetValue(json)) { SizeOutput.WriteJson(calibration); return 0; }
            Print(calibration, path);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// Progress on stderr (stdout stays the table or the JSON): a line when an operation starts, then at most one every
    /// 2 s with its count, and one when it is done. A UTC time stamp leads each line, so a CI log reads as a timeline.
    /// </summary>
    private sealed class ProbeConsoleProgress : IProgress<ProbeProgress>
    {
        private readonly Lock _gate = new();
        private string? _operation;
        private DateTime _last;

        public void Report(ProbeProgress value)
        {
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                bool started = value.Operation != _operation, done = value.Done == value.Total;
                if (!started && !done && now - _last < TimeSpan.FromSeconds(2)) return;
                _operation = value.Operation;
                _last = now;
                CliConsole.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{now:HH:mm:ss}Z probe: {value.Operation} {value.Done}/{value.Total}{(done ? " done" : "")}"));
            }
        }
    }

    private static void Print(Calibration c, string path)
    {
        var ci = CultureInfo.InvariantCulture;
        static string Ms(double s) => (s * 1000).ToString("0.###", CultureInfo.InvariantCulture);
        var t = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"probe of {c.Target} (concurrency 1, {c.Warmup} warm-up + {c.Repetitions} timed; fidelity {c.Fidelity ?? "unknown"})"))
            .AddColumns("operation", "mean ms", "p50 ms", "p95 ms", "CV", "server CPU ms/req", "client CPU ms/req", "errors");
        foreach (var o in c.Operations)
            t.AddRow(o.Name, Ms(o.MeanSeconds), Ms(o.P50Seconds), Ms(o.P95Seconds), o.Cv.ToString("0.00", ci),
                o.ServerCpuSeconds is { } cpu ? Ms(cpu) : "not visible", Ms(o.ClientCpuSeconds), o.Errors.ToString(ci));
        SizeOutput.Out.Write(t);
        foreach (var n in c.Notes) SizeOutput.Out.MarkupLine($"[yellow]note:[/] {Markup.Escape(n)}");
        SizeOutput.Out.MarkupLine($"calibration written to [blue]{Markup.Escape(path)}[/]");
    }
}
