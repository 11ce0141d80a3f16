using System.Diagnostics;
using System.Text.Json.Nodes;
using PypiKit.Notebooks.Display;
using PypiKit.Notebooks.Format;
using PypiKit.Notebooks.Scripting;

namespace PypiKit.Notebooks.Execution;

/// <summary>
/// Runs a notebook headless, papermill-style: C# cells in order in one script session (state shared across cells),
/// parameters injected after the <c>parameters</c> cell, outputs (Console streams, displays, the trailing value,
/// errors naming cell and line) written into a copy of the notebook. Stops at the first failing cell.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Loads and runs the notebook at <paramref name="path"/>.</summary>
    public static Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions options,
        IProgress<NotebookProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(NotebookDocument.Load(path), options, progress, ct);

    /// <summary>Runs a copy of <paramref name="notebook"/>; the result holds the executed copy.</summary>
    public static async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, NotebookRunOptions options,
        IProgress<NotebookProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        var total = Stopwatch.StartNew();
        var doc = notebook.Clone();
        var warnings = ParameterInjector.Inject(doc, options.Parameters).ToList();
        var baseDir = options.BaseDirectory
                      ?? (doc.Path is { } p ? Path.GetDirectoryName(p)! : Environment.CurrentDirectory);
        var nbName = doc.Path is { } np ? Path.GetFileNameWithoutExtension(np) : "notebook";
        var session = new ScriptSession(baseDir);
        var defaultKernel = doc.DefaultKernelName;
        var cells = doc.Cells;
        var runs = new List<CellRun>();
        CellFailure? failure = null;
        var executionCount = 0;

        // Clear outputs of an earlier run first, so a stopped run leaves no stale outputs below the failure.
        foreach (var cell in cells.Where(c => c.Type == CellType.Code))
        {
            cell.Outputs.Clear();
            cell.Json["execution_count"] = null;
        }

        await session.WarmUpAsync(ct);
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cell.Type != CellType.Code) continue;
            var firstLine = cell.Source.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            if (failure is not null)
            {
                runs.Add(new CellRun(i, cell.Id, CellStatus.Skipped, TimeSpan.Zero, null));
                continue;
            }
            ct.ThrowIfCancellationRequested();
            progress?.Report(new NotebookProgress(i, cells.Count, cell.Id, CellStatus.Running, TimeSpan.Zero, firstLine));
            var watch = Stopwatch.StartNew();
            var count = ++executionCount;
            cell.Json["execution_count"] = count;
            var sink = new CellOutputCollector(cell.Outputs);
            var error = await RunCellAsync(cell, i, defaultKernel, baseDir, nbName, session, sink, count, options, ct);
            watch.Stop();
            sink.Complete();
            cell.Metadata["pypikit"] = new JsonObject { ["duration_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3) };
            if (error is not null)
            {
                failure = new CellFailure(i, cell.Id, error.Line, error.Name, error.Message);
                cell.Outputs.Add(ErrorOutput(failure, error));
            }
            var status = error is null ? CellStatus.Succeeded : CellStatus.Failed;
            runs.Add(new CellRun(i, cell.Id, status, watch.Elapsed, count));
            progress?.Report(new NotebookProgress(i, cells.Count, cell.Id, status, watch.Elapsed, firstLine));
        }

        total.Stop();
        doc.Metadata["pypikit"] = new JsonObject
        {
            ["executed_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["duration_seconds"] = Math.Round(total.Elapsed.TotalSeconds, 3),
            ["status"] = failure is null ? "succeeded" : "failed",
            ["parameters"] = new JsonObject(options.Parameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["failed_cell"] = failure is null ? null : failure.ToString(),
        };
        return new NotebookRunResult(doc, runs, failure, total.Elapsed, warnings);
    }

    private static async Task<SubmissionError?> RunCellAsync(NotebookCell cell, int index, string defaultKernel,
        string baseDir, string nbName, ScriptSession session, CellOutputCollector sink, int executionCount,
        NotebookRunOptions options, CancellationToken ct)
    {
        ParsedCell parsed;
        try
        {
            parsed = CellParser.Parse(cell.Source, cell.KernelName ?? defaultKernel);
        }
        catch (UnsupportedMagicException ex)
        {
            return new SubmissionError("UnsupportedMagic", ex.Message, ex.Line, [], ex);
        }
        foreach (var reference in parsed.NuGetReferences)
        {
            try { session.AddReferences(ScriptEnvironment.ResolveNuGet(reference.PackageId)); }
            catch (NuGetReferenceException ex)
            {
                return new SubmissionError("NuGetReference", ex.Message, reference.Line, [], ex);
            }
        }

        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (options.CellTimeout is { } limit) timeout.CancelAfter(limit);
        foreach (var segment in parsed.Segments)
        {
            switch (segment.Kernel)
            {
                case "csharp":
                    break;
                case "markdown":
                    sink.Display(new MimeBundle().Set(MimeBundle.Markdown, segment.Code.Trim('\n')).Set(MimeBundle.Plain, segment.Code.Trim('\n')), "");
                    continue;
                case "html":
                    sink.Display(new MimeBundle().Set(MimeBundle.Html, segment.Code.Trim('\n')).Set(MimeBundle.Plain, "(html)"), "");
                    continue;
                default:
                    return new SubmissionError("UnsupportedKernel",
                        $"kernel '{segment.Kernel}' is not run by the PypiKit runner (C# only; markdown and html are displayed).",
                        segment.FirstLine, [], null);
            }
            var file = Path.Combine(baseDir, $"{nbName}.cell{index + 1}.csx");
            SubmissionResult result;
            using (NotebookContext.Capture(sink))
            {
                try
                {
                    // Script code rarely observes a token, so the limit is enforced by not waiting any longer.
                    // Task.Run: a cell that blocks synchronously (Thread.Sleep, a busy loop) must not block the runner.
                    var code = segment.Code;
                    var run = Task.Run(() => session.RunAsync(code, file, timeout.Token), CancellationToken.None);
                    result = options.CellTimeout is { } limit2
                        ? await run.WaitAsync(limit2 - watch.Elapsed > TimeSpan.Zero ? limit2 - watch.Elapsed : TimeSpan.Zero, ct)
                        : await run.WaitAsync(ct);
                }
                catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    return new SubmissionError("Timeout", $"the cell ran longer than {options.CellTimeout?.TotalSeconds:0.###} s (cell timeout).", null, [], null);
                }
            }
            if (result.Error is not null) return result.Error;
            if (result.HasValue && result.Value is not DisplayedValue)
            {
                var value = result.Value;
                if (value is Task task) { await task; value = null; }
                if (value is not null) sink.ExecuteResult(DisplayFormatter.Format(value), executionCount);
            }
        }
        if (parsed.Timed) sink.WriteStream("stdout", $"Wall time: {watch.Elapsed.TotalMilliseconds:F0} ms\n");
        return null;
    }

    private static JsonObject ErrorOutput(CellFailure failure, SubmissionError error)
    {
        var traceback = new JsonArray
        {
            $"{error.Name}: {error.Message}",
            $"   in cell {failure.CellIndex + 1} (id {failure.CellId}){(failure.Line is { } l ? $", line {l}" : "")}",
        };
        foreach (var d in error.Details) traceback.Add(d);
        return new JsonObject
        {
            ["ename"] = error.Name,
            ["evalue"] = error.Message,
            ["output_type"] = "error",
            ["traceback"] = traceback,
        };
    }
}

/// <summary>Collects a cell's outputs in nbformat form, merging consecutive writes to one stream.</summary>
internal sealed class CellOutputCollector(JsonArray outputs) : IOutputSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _displays = new(StringComparer.Ordinal);
    private bool _completed;

    public void Complete()
    {
        lock (_gate) _completed = true;
    }

    public void WriteStream(string name, string text)
    {
        lock (_gate)
        {
            if (_completed)
            {
                // Background work that outlives its cell: keep it off the notebook, but don't lose it.
                NotebookContext.RealStderr.Write(text);
                return;
            }
            if (outputs.Count > 0 && outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
            {
                var merged = NotebookDocument.JoinText(last["text"]) + text;
                last["text"] = NotebookDocument.SplitLines(merged);
                return;
            }
            outputs.Add(new JsonObject { ["name"] = name, ["output_type"] = "stream", ["text"] = NotebookDocument.SplitLines(text) });
        }
    }

    public void Display(MimeBundle bundle, string displayId)
    {
        lock (_gate)
        {
            if (_completed) return;
            var o = new JsonObject { ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject(), ["output_type"] = "display_data" };
            // nbformat keeps no display ids in files (they are transient), so they are remembered here.
            if (!string.IsNullOrEmpty(displayId)) _displays[displayId] = o;
            outputs.Add(o);
        }
    }

    public void UpdateDisplay(string displayId, MimeBundle bundle)
    {
        lock (_gate)
        {
            if (_displays.TryGetValue(displayId, out var o)) o["data"] = bundle.ToJson();
        }
    }

    public void ExecuteResult(MimeBundle bundle, int executionCount)
    {
        lock (_gate)
            outputs.Add(new JsonObject
            {
                ["data"] = bundle.ToJson(),
                ["execution_count"] = executionCount,
                ["metadata"] = new JsonObject(),
                ["output_type"] = "execute_result",
            });
    }
}
