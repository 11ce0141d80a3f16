using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using PypiKit.Notebooks.Format;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Notebooks.Execution;

/// <summary>
/// Runs a notebook headless, papermill-style, on the .NET Interactive C# kernel (<see cref="NotebookKernel"/>): code
/// cells in order in one kernel, parameters injected after the <c>parameters</c> cell, the kernel's outputs written
/// into a copy of the notebook. Stops at the first failing cell; on cancellation (Ctrl+C) or a cell timeout the
/// running cell is cancelled and the copy holds everything that ran.
/// </summary>
public static partial class NotebookRunner
{
    /// <summary>Loads and runs the notebook at <paramref name="path"/>.</summary>
    public static Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions options,
        IProgress<NotebookProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(NotebookFile.Read(path), options, progress, ct);

    /// <summary>Runs <paramref name="notebook"/> in place (load a fresh copy per run); the result holds it.</summary>
    public static async Task<NotebookRunResult> RunAsync(InteractiveDocument notebook, NotebookRunOptions options,
        IProgress<NotebookProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        var total = Stopwatch.StartNew();
        var warnings = ParameterInjector.Inject(notebook, options.Parameters).ToList();
        var cells = notebook.Elements;
        foreach (var cell in cells.Where(NotebookFile.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionOrder = 0;
        }

        var runs = new List<CellRun>();
        CellFailure? failure = null;
        var cancelled = false;
        var executionCount = 0;
        var kernel = await NotebookKernel.CreateAsync();
        try
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (!NotebookFile.IsCode(cell)) continue;
                var id = cell.Id ?? $"#{i + 1}";
                var firstLine = cell.Contents.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
                if (failure is not null || cancelled)
                {
                    runs.Add(new CellRun(i, id, CellStatus.Skipped, TimeSpan.Zero, null));
                    continue;
                }
                progress?.Report(new NotebookProgress(i, cells.Count, id, CellStatus.Running, TimeSpan.Zero, firstLine));
                var watch = Stopwatch.StartNew();
                var count = ++executionCount;
                cell.ExecutionOrder = count;
                var error = await RunCellAsync(kernel, cell, count, options, ct);
                watch.Stop();
                cell.Metadata ??= new Dictionary<string, object>();
                cell.Metadata["pypikit"] = new Dictionary<string, object> { ["duration_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3) };
                if (error is not null)
                {
                    failure = new CellFailure(i, id, error.Line, error.Name, error.Message);
                    cancelled = error.Name == Interrupted;
                    cell.Outputs.Add(new ErrorElement(error.Message, error.Name,
                        [$"{error.Name}: {error.Message}", $"   in {failure.Where}", .. error.Details]));
                }
                var status = error is null ? CellStatus.Succeeded : CellStatus.Failed;
                runs.Add(new CellRun(i, id, status, watch.Elapsed, count));
                progress?.Report(new NotebookProgress(i, cells.Count, id, status, watch.Elapsed, firstLine));
            }
        }
        finally
        {
            // An interrupted cell may still be running: the kernel is disposed in the background, so what ran is
            // returned (and saved) at once.
            if (cancelled) _ = Task.Run(kernel.Dispose, CancellationToken.None);
            else kernel.Dispose();
        }

        total.Stop();
        notebook.Metadata["pypikit"] = new Dictionary<string, object>
        {
            ["executed_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["duration_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 3),
            ["status"] = failure is null ? "succeeded" : cancelled ? "interrupted" : "failed",
            ["parameters"] = options.Parameters.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
            ["failed_cell"] = failure?.ToString() ?? "",
        };
        return new NotebookRunResult(notebook, runs, failure, total.Elapsed, warnings) { Interrupted = cancelled };
    }

    /// <summary>The error name of a cell stopped by Ctrl+C (cancellation of the run).</summary>
    public const string Interrupted = "Interrupted";

    private sealed record CellError(string Name, string Message, int? Line, IReadOnlyList<string> Details);

    private static async Task<CellError?> RunCellAsync(CompositeKernel kernel, InteractiveDocumentElement cell, int count,
        NotebookRunOptions options, CancellationToken ct)
    {
        var outputs = new CellOutputs(cell.Outputs, count);
        var command = new SubmitCode(cell.Contents, cell.KernelName ?? NotebookKernel.CSharp);
        using var subscription = kernel.KernelEvents.Subscribe(outputs.On);
        var run = kernel.SendAsync(command, CancellationToken.None);
        KernelCommandResult result;
        try
        {
            result = options.CellTimeout is { } limit ? await run.WaitAsync(limit, ct) : await run.WaitAsync(ct);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Ask the kernel to cancel the cell, but don't wait for code that never looks at its token: after Ctrl+C
            // the CLI has about two seconds to save what ran.
            var cancel = Task.Run(() => kernel.SendAsync(new Cancel()), CancellationToken.None);
            if (ex is TimeoutException)
                await cancel.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            return ex is TimeoutException
                ? new CellError("Timeout", $"the cell ran longer than {options.CellTimeout?.TotalSeconds:0.###} s (cell timeout).", null, [])
                : new CellError(Interrupted, "the run was interrupted (Ctrl+C) while this cell ran.", null, []);
        }
        return result.Events.OfType<CommandFailed>().FirstOrDefault(f => f.Command == command) is { } failed
            ? Describe(failed)
            : null;
    }

    /// <summary>Name, message and line of a failure: a compile error as its diagnostic id (<c>CS0103</c>), an exception as its type.</summary>
    private static CellError Describe(CommandFailed failed)
    {
        var message = failed.Message ?? failed.Exception?.Message ?? "failed";
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 0 && Diagnostic().Match(lines[0]) is { Success: true } m)
            return new CellError(m.Groups["id"].Value, m.Groups["text"].Value, int.Parse(m.Groups["line"].Value), lines.Skip(1).ToArray());
        if (failed.Exception is { } ex and not CodeSubmissionCompilationErrorException)
        {
            var inner = ex is System.Reflection.TargetInvocationException { InnerException: { } i } ? i : ex;
            var line = StackLine().Match(inner.StackTrace ?? "") is { Success: true } s ? int.Parse(s.Groups[1].Value) : (int?)null;
            return new CellError(inner.GetType().Name, inner.Message, line,
                (inner.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return new CellError("Error", string.Join(" ", lines), null, []);
    }

    [GeneratedRegex(@"^\((?<line>\d+),\d+\): error (?<id>[A-Z]+\d+): (?<text>.*)$")]
    private static partial Regex Diagnostic();

    [GeneratedRegex(@"Submission#\d+.*:line (\d+)")]
    private static partial Regex StackLine();
}
