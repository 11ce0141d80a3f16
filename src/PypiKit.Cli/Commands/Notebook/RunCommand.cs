using System.CommandLine;
using System.Runtime.InteropServices;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Format;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Cli.Commands.Notebook;

/// <summary><c>pypikit notebook run</c>: execute a notebook headless with injected parameters; the partly executed notebook is saved on failure or Ctrl+C.</summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb file to run." };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Override a variable of the cell tagged 'parameters': name=value (repeatable). The value is " +
                          "converted to the variable's declared type (int, double, bool, string need no quotes; other types take C# code).",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where to write the executed notebook (default: <name>.executed.ipynb beside the --html report, else in the current directory).",
        };
        var html = new Option<string?>("--html") { Description = "Also export the executed notebook as one HTML page (charts drawn by plotly.js, inlined)." };
        var cwd = new Option<string?>("--cwd")
        {
            Description = "Working directory while the cells run (default: the notebook's directory, as Jupyter and VS Code do); " +
                          "relative paths in the notebook and in -p values resolve from it.",
        };
        var timeout = new Option<double?>("--cell-timeout")
        {
            Description = "Longest one cell may run, in seconds (default: no limit).",
        };
        var cdn = new Option<bool>("--plotly-cdn") { Description = "Link plotly.js from its CDN in the HTML export instead of inlining it." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print no per-cell progress (errors are still printed)." };

        var cmd = new Command("run",
            "Run every C# cell of a notebook in order (state shared across cells) and write the executed notebook with its " +
            "outputs; stops at the first failing cell, names it and exits 1.\n" +
            "Example: pypikit notebook run notebooks/02-incident-2025-12-27.ipynb -p dataDir=../data/incidents/2025-12-27 --out out/incident.ipynb --html out/incident.html");
        cmd.Arguments.Add(notebook);
        foreach (var o in new Option[] { parameters, output, html, cwd, timeout, cdn, quiet }) cmd.Options.Add(o);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var path = Path.GetFullPath(r.GetValue(notebook)!);
            var values = ParseParameters(r.GetValue(parameters) ?? []);
            var htmlPath = r.GetValue(html) is { } h ? Path.GetFullPath(h) : null;
            var outPath = Path.GetFullPath(r.GetValue(output) ?? Path.Combine(
                htmlPath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(htmlPath)!,
                $"{Path.GetFileNameWithoutExtension(path)}.executed.ipynb"));
            var workDir = Path.GetFullPath(r.GetValue(cwd) ?? Path.GetDirectoryName(path)!);
            if (!Directory.Exists(workDir)) throw new InvalidInputException("--cwd", $"--cwd '{workDir}' does not exist.");
            var seconds = r.GetValue(timeout);
            if (seconds is <= 0) throw new InvalidInputException("--cell-timeout", $"--cell-timeout must be positive seconds (got {seconds}).");
            var isQuiet = r.GetValue(quiet);
            if (!r.GetValue(cdn)) ReportPages.CheckPlotlyJs(); // the charts' HTML outputs and the page inline it

            var doc = NotebookFile.Read(path);
            var options = new NotebookRunOptions
            {
                Parameters = values,
                CellTimeout = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
            };
            var stderr = CliConsole.Error;
            var progress = new SyncProgress<NotebookProgress>(p =>
            {
                if (isQuiet || p.Status == CellStatus.Running) return;
                var first = p.FirstLine.Length > 60 ? p.FirstLine[..57] + "..." : p.FirstLine;
                stderr.WriteLine($"[{p.CellIndex + 1,3}/{p.CellCount}] {(p.Status == CellStatus.Succeeded ? "ok  " : "FAIL")} {p.Elapsed.TotalSeconds,6:F2}s  {first}");
            });

            // Ctrl+C and SIGTERM stop the run, not the process: the cells that ran are saved below, exit 130.
            using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });
            var previous = Environment.CurrentDirectory;
            NotebookRunResult result;
            try
            {
                Environment.CurrentDirectory = workDir;
                result = await NotebookRunner.RunAsync(doc, options, progress, interrupt.Token);
            }
            finally
            {
                Environment.CurrentDirectory = previous;
            }
            // Interrupted: processes the cells started (a sandbox cluster, pip) go first, then what ran is saved.
            if (result.Interrupted) ChildProcesses.StopAll();
            foreach (var w in result.Warnings) stderr.WriteLine($"warning: {w}");
            NotebookFile.Write(result.Notebook, outPath);
            CliConsole.Text.WriteLine($"executed notebook: {outPath}");
            if (htmlPath is not null)
            {
                NotebookHtmlExporter.Export(NotebookDocument.Parse(NotebookFile.ToJson(result.Notebook), path), htmlPath, new NotebookHtmlOptions
                {
                    PlotlyScript = r.GetValue(cdn) ? PlotlyScriptMode.Cdn : PlotlyScriptMode.Inline,
                });
                CliConsole.Text.WriteLine($"html report: {htmlPath}");
            }
            if (result.Interrupted)
            {
                stderr.WriteLine($"interrupted: {Path.GetFileName(path)} stopped in {result.Failure?.Where}; the cells that ran are saved.");
                return ExitCodes.Cancelled;
            }
            if (result.Failure is { } f)
            {
                stderr.WriteLine($"error: {Path.GetFileName(path)} failed in {f}");
                return ExitCodes.Failure;
            }
            if (!isQuiet) stderr.WriteLine($"{Path.GetFileName(path)}: {result.Cells.Count(c => c.Status == CellStatus.Succeeded)} cells ran in {result.Duration.TotalSeconds:F1}s");
            return 0;
        });
        return cmd;
    }

    internal static IReadOnlyDictionary<string, string> ParseParameters(IEnumerable<string> items)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq <= 0) throw new InvalidInputException("--parameter", $"-p '{item}' is not name=value.");
            values[item[..eq].Trim()] = item[(eq + 1)..];
        }
        return values;
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
