using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Notebooks.Repl;

/// <summary>Options of a REPL session. Immutable; <see cref="Validate"/> names the field at fault.</summary>
public sealed record ReplOptions
{
    /// <summary>History file (one JSON string per submission); null: no history is read or written.</summary>
    public string? HistoryPath { get; init; } = DefaultHistoryPath;

    /// <summary>Where charts (Plotly figures shown by a submission) are written as HTML pages.</summary>
    public string ChartsDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, "pypikit-charts");

    /// <summary>Print the <c>&gt;</c> / <c>.</c> prompts (off when input is piped, so output stays clean).</summary>
    public bool ShowPrompts { get; init; } = true;

    /// <summary>Most history entries kept in the file.</summary>
    public int HistoryLimit { get; init; } = 1000;

    /// <summary><c>$PYPIKIT_HISTORY</c>, else <c>~/.pypikit_history</c>.</summary>
    public static string DefaultHistoryPath =>
        Environment.GetEnvironmentVariable("PYPIKIT_HISTORY") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pypikit_history");

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ChartsDirectory)) throw new InvalidInputException("charts_directory", "charts_directory must name a directory.");
        if (HistoryLimit < 1) throw new InvalidInputException("history_limit", $"history_limit must be at least 1 (got {HistoryLimit}).");
    }
}

/// <summary>Reads one line of input; the console line editor adds history recall (↑/↓), the plain one reads a TextReader.</summary>
public interface ILineReader
{
    /// <summary>The next line, or null at end of input.</summary>
    string? ReadLine(string prompt, IReadOnlyList<string> history);
}

/// <summary>
/// The <c>pypikit repl</c> loop on the same .NET Interactive kernel notebooks run on (<see cref="NotebookKernel"/>):
/// PypiKit referenced and its namespaces imported, input read until the C# is complete, values printed as text,
/// Plotly figures written to HTML files whose paths are printed, errors printed without ending the session, history
/// kept in a file. <see cref="Interrupt"/> (Ctrl+C) cancels the running submission, or else drops the current input.
/// </summary>
public sealed class ReplSession : IAsyncDisposable
{
    private readonly ReplOptions _options;
    private readonly ILineReader _reader;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly List<string> _history = [];
    private readonly StringBuilder _buffer = new();
    private readonly Lock _gate = new();
    private CompositeKernel? _kernel;
    private TaskCompletionSource? _interrupted;
    private int _chartCount;

    public ReplSession(ReplOptions options, ILineReader reader, TextWriter output, TextWriter error)
    {
        options.Validate();
        _options = options;
        _reader = reader;
        _out = output;
        _err = error;
        LoadHistory();
    }

    /// <summary>Submissions so far (loaded history first).</summary>
    public IReadOnlyList<string> History => _history;

    /// <summary>Runs until end of input or <c>#exit</c>; returns the exit code (0).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        if (_options.ShowPrompts)
            _out.WriteLine("PypiKit C# REPL (.NET Interactive kernel) — #help lists the entry points, #exit leaves, Ctrl+C cancels the running code or the current input.");
        while (!ct.IsCancellationRequested)
        {
            string prompt;
            lock (_gate) prompt = _options.ShowPrompts ? (_buffer.Length == 0 ? "> " : ". ") : "";
            var line = _reader.ReadLine(prompt, _history);
            string code;
            lock (_gate)
            {
                if (line is null)
                {
                    code = _buffer.ToString();
                    _buffer.Clear();
                }
                else
                {
                    if (_buffer.Length == 0)
                    {
                        var trimmed = line.Trim();
                        if (trimmed.Length == 0) continue;
                        if (IsReplCommand(trimmed)) code = trimmed;
                        else _buffer.Append(line).Append('\n');
                    }
                    else _buffer.Append(line).Append('\n');
                    if (_buffer.Length > 0)
                    {
                        if (!IsComplete(_buffer.ToString())) continue;
                        code = _buffer.ToString();
                        _buffer.Clear();
                    }
                    else code = line.Trim();
                }
            }
            if (line is not null && IsReplCommand(code.Trim()))
            {
                if (!await CommandAsync(code.Trim())) break;
                continue;
            }
            if (code.Trim().Length > 0) await SubmitAsync(code, ct);
            if (line is null) break;
        }
        _out.Flush();
        return 0;
    }

    /// <summary>
    /// Ctrl+C: cancels the submission that is running (the session and its variables stay), or else drops the input
    /// typed so far. Safe to call from a signal handler.
    /// </summary>
    public void Interrupt()
    {
        TaskCompletionSource? running;
        lock (_gate)
        {
            running = _interrupted;
            if (running is null)
            {
                _buffer.Clear();
                _err.WriteLine("^C (input cleared; #exit or Ctrl+D leaves)");
                return;
            }
        }
        running.TrySetResult();
    }

    /// <summary>Whether <paramref name="code"/> is a complete C# submission (else the REPL reads another line).</summary>
    public static bool IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script)));

    private static readonly string[] ReplCommands = ["#exit", "#quit", "#q", "#help", "#?", "#vars", "#whos", "#!whos", "#history", "#reset"];

    private static bool IsReplCommand(string line) =>
        line.StartsWith('#') && ReplCommands.Contains(line.Split(' ', 2)[0].ToLowerInvariant());

    private async Task<CompositeKernel> KernelAsync()
    {
        if (_kernel is not null) return _kernel;
        var kernel = await NotebookKernel.CreateAsync();
        var result = await kernel.SendAsync(new SubmitCode(PypiKitReferences.Prelude()));
        if (result.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            _err.WriteLine($"warning: PypiKit could not be referenced: {failed.Message}");
        return _kernel = kernel;
    }

    /// <summary>Runs one complete submission and prints its outputs, value or error.</summary>
    public async Task SubmitAsync(string code, CancellationToken ct)
    {
        AddHistory(code.TrimEnd('\n'));
        var kernel = await KernelAsync();
        var command = new SubmitCode(code);
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _interrupted = interrupted;
        using var subscription = kernel.KernelEvents.Subscribe(Print);
        try
        {
            var run = kernel.SendAsync(command, CancellationToken.None);
            var first = await Task.WhenAny(run, interrupted.Task, Task.Delay(Timeout.Infinite, ct));
            if (first != run)
            {
                await kernel.SendAsync(new Cancel(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
                _err.WriteLine("cancelled: the submission was stopped; the session and its variables remain.");
                return;
            }
            var result = await run;
            if (result.Events.OfType<CommandFailed>().FirstOrDefault(f => f.Command == command) is { } failed)
                _err.WriteLine(ErrorLine(failed, code));
        }
        finally
        {
            lock (_gate) _interrupted = null;
            _out.Flush();
            _err.Flush();
        }
    }

    private static string ErrorLine(CommandFailed failed, string code)
    {
        var message = (failed.Message ?? failed.Exception?.Message ?? "failed").Trim();
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^\((\d+),\d+\): error (\w+): (.*)");
        if (m.Success)
            return code.TrimEnd('\n').Split('\n').Length > 1
                ? $"error {m.Groups[2].Value} (line {m.Groups[1].Value}): {m.Groups[3].Value}"
                : $"error {m.Groups[2].Value}: {m.Groups[3].Value}";
        var inner = failed.Exception is System.Reflection.TargetInvocationException { InnerException: { } i } ? i : failed.Exception;
        return inner is null or CodeSubmissionCompilationErrorException ? $"error: {message}" : $"error {inner.GetType().Name}: {inner.Message}";
    }

    private void Print(KernelEvent e)
    {
        switch (e)
        {
            case StandardOutputValueProduced o:
                lock (_out) _out.Write(PlainText(o));
                break;
            case StandardErrorValueProduced o:
                lock (_err) _err.Write(PlainText(o));
                break;
            case DisplayedValueProduced or ReturnValueProduced when ((DisplayEvent)e).Value is not Microsoft.DotNet.Interactive.Formatting.DisplayedValue:
                var display = (DisplayEvent)e;
                if (display.FormattedValues.FirstOrDefault(v => v.MimeType == MimeTypes.Plotly) is { } figure)
                {
                    var path = WriteChart(figure.Value);
                    lock (_out) _out.WriteLine($"chart: {path}");
                }
                else if (display.Value is not null || e is ReturnValueProduced)
                {
                    lock (_out) _out.WriteLine(ValueText(display.Value));
                }
                break;
        }
    }

    private static string PlainText(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.Value?.ToString() ?? "";

    /// <summary>A value as the REPL prints it: plain text, as the kernel's text/plain formatter writes it.</summary>
    private static string ValueText(object? value) => value switch
    {
        null => "null",
        string s => s,
        _ => Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, "text/plain"),
    };

    /// <summary>Handles a REPL <c>#command</c>; false ends the session.</summary>
    private async Task<bool> CommandAsync(string line)
    {
        var word = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
        switch (word)
        {
            case "#exit" or "#quit" or "#q":
                return false;
            case "#help" or "#?":
                _out.Write(HelpText());
                return true;
            case "#vars" or "#whos" or "#!whos":
                var kernel = await KernelAsync();
                var result = await kernel.SendAsync(new RequestValueInfos(NotebookKernel.CSharp));
                foreach (var info in result.Events.OfType<ValueInfosProduced>().SelectMany(v => v.ValueInfos))
                    _out.WriteLine($"{info.Name} : {info.TypeName} = {Shorten(info.FormattedValue.Value)}");
                return true;
            case "#history":
                foreach (var (entry, i) in _history.TakeLast(20).Select((e, i) => (e, i)))
                    _out.WriteLine($"{_history.Count - Math.Min(20, _history.Count) + i + 1,4}  {entry.Replace("\n", "\n      ")}");
                return true;
            case "#reset":
                _kernel?.Dispose();
                _kernel = null;
                _out.WriteLine("session reset: variables cleared.");
                return true;
            default:
                return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _kernel?.Dispose();
        _kernel = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>The <c>#help</c> text: REPL commands, imported namespaces and the PypiKit entry points this build has.</summary>
    public static string HelpText()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Commands: #help, #vars (variables), #history, #reset (clear state), #exit.  #r \"path.dll\", #r \"nuget:Package, 1.2.3\" and #i work as in notebooks.");
        sb.AppendLine("Input continues on '.' lines until the C# is complete; the value of a final expression (no ';') is printed.");
        sb.AppendLine("display(x) shows a value; a Plotly figure is written to an HTML file and its path printed.");
        sb.AppendLine();
        sb.AppendLine("Entry points:");
        var any = false;
        foreach (var (type, what) in EntryPoints)
        {
            if (!ExportedTypes.Value.TryGetValue(type, out var t)) continue;
            any = true;
            sb.AppendLine($"  {t.Name,-20} {what}  [{t.Namespace}]");
            var members = t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName).Select(m => m.Name).Distinct().Take(8).ToArray();
            var props = t.GetProperties(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(p => p.Name).Take(4);
            var all = props.Concat(members).ToArray();
            if (all.Length > 0) sb.AppendLine($"  {"",-20}   members: {string.Join(", ", all)}");
        }
        if (!any) sb.AppendLine("  (none of the standard entry points are in this build yet)");
        sb.AppendLine();
        sb.AppendLine("Imported namespaces: " + string.Join(", ", PypiKitReferences.Namespaces));
        return sb.ToString();
    }

    /// <summary>The entry points #help looks for, by type name (listed only when this build has them).</summary>
    public static IReadOnlyList<(string Type, string What)> EntryPoints { get; } =
    [
        ("InstanceCatalog", "EC2 instance types: InstanceCatalog.Default.Get(\"c6a.xlarge\")"),
        ("CapacityPlanner", "tasks per instance, memory/CPU limits: CapacityPlanner.Plan(new SizingInputs { … })"),
        ("LatencyModel", "throughput and latency: LatencyModel.Predict(LatencyModelInputs.FromPlan(plan, clients))"),
        ("SizingSweep", "plans across configurations: SizingSweep.Run(new SweepOptions { … })"),
        ("CostModel", "monthly cost: CostModel.Monthly(CostInputs.Prod(\"c6a.xlarge\", 2))"),
        ("EfsCreditModel", "EFS burst credits: EfsCreditModel.Simulate(inputs)"),
        ("WorkloadProfiles", "named workloads"),
        ("Corpus", "synthetic wheels: await Corpus.GenerateAsync(new CorpusOptions(), dir)"),
        ("SandboxCluster", "local cluster: await SandboxCluster.StartAsync(new SandboxClusterOptions())"),
        ("BurstProfiles", "named burst profiles: BurstProfiles.Get(\"light_load-local\")"),
        ("BurstRunner", "run a burst: await BurstRunner.RunAsync(new BurstOptions { Target = …, Profile = … })"),
        ("SizingCharts", "sizing charts (a Plotly.NET GenericChart is written to an HTML file)"),
        ("EfsCharts", "EFS credit and I/O charts"),
        ("BurstCharts", "burst charts"),
        ("HostCharts", "host swap/memory/CPU charts"),
        ("HtmlReportWriter", "HTML page with figures"),
        ("PngExporter", "PNG of a figure through headless Chromium"),
        ("IncidentAnalyzer", "load + diagnose an incident directory: IncidentAnalyzer.Analyze(\"data/incidents/2025-12-27\")"),
        ("DiagnosisEngine", "ranked verdicts: new DiagnosisEngine().Diagnose(data)"),
        ("StackModel", "the Pulumi stack: StackModel.FromPlan(plan, options)"),
        ("PulumiYamlRenderer", "Pulumi YAML: PulumiYamlRenderer.Render(model, \"dev\")"),
        ("SchemaValidator", "offline validation: SchemaValidator.Default.Validate(yaml)"),
        ("PolicyChecks", "policies: PolicyChecks.Run(rendered)"),
        ("PulumiWorkspace", "preview/up through the Pulumi CLI"),
    ];

    private static readonly Lazy<Dictionary<string, Type>> ExportedTypes = new(() => PypiKitReferences.Assemblies
        .SelectMany(a => a.GetExportedTypes())
        .Where(t => t.Namespace?.StartsWith("PypiKit", StringComparison.Ordinal) == true)
        .GroupBy(t => t.Name)
        .ToDictionary(g => g.Key, g => g.First()));

    private static string TypeName(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>"
        : t.Name;

    private static string Shorten(string s) => s.Length > 100 ? s[..97].Replace('\n', ' ') + "..." : s.Replace('\n', ' ');

    private void LoadHistory()
    {
        if (_options.HistoryPath is not { } path || !File.Exists(path)) return;
        try
        {
            foreach (var line in File.ReadLines(path).TakeLast(_options.HistoryLimit))
            {
                try { if (JsonSerializer.Deserialize<string>(line) is { } entry) _history.Add(entry); }
                catch (JsonException) { _history.Add(line); }
            }
        }
        catch (IOException) { }
    }

    private void AddHistory(string entry)
    {
        if (entry.Length == 0 || (_history.Count > 0 && _history[^1] == entry)) return;
        _history.Add(entry);
        if (_options.HistoryPath is not { } path) return;
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            File.AppendAllText(path, JsonSerializer.Serialize(entry) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _err.WriteLine($"warning: history not saved ({ex.Message}).");
        }
    }

    private string WriteChart(string figureJson)
    {
        Directory.CreateDirectory(_options.ChartsDirectory);
        var path = Path.Combine(_options.ChartsDirectory, $"chart-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{++_chartCount}.html");
        var figure = System.Text.Json.Nodes.JsonNode.Parse(figureJson)!;
        var title = (string?)(figure["layout"]?["title"] as System.Text.Json.Nodes.JsonObject)?["text"] ?? "PypiKit chart";
        var nb = Format.NotebookDocument.CreateCSharp();
        var cell = nb.AddCode("");
        cell.Outputs.Add(new System.Text.Json.Nodes.JsonObject
        {
            ["data"] = new System.Text.Json.Nodes.JsonObject { [MimeTypes.Plotly] = figure },
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["output_type"] = "display_data",
        });
        NotebookHtmlExporter.Export(nb, path, new NotebookHtmlOptions { IncludeCode = false, Title = WebUtility.HtmlDecode(title) });
        return path;
    }
}

/// <summary>Reads lines from a <see cref="TextReader"/> (piped input, tests); prints the prompt when one is given.</summary>
public sealed class TextLineReader(TextReader input, TextWriter? promptWriter = null) : ILineReader
{
    public string? ReadLine(string prompt, IReadOnlyList<string> history)
    {
        if (prompt.Length > 0 && promptWriter is not null) { promptWriter.Write(prompt); promptWriter.Flush(); }
        return input.ReadLine();
    }
}
