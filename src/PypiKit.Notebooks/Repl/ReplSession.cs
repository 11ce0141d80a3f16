using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using PypiKit.Notebooks.Display;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Scripting;

namespace PypiKit.Notebooks.Repl;

/// <summary>Options of a REPL session. Immutable; <see cref="Validate"/> names the field at fault.</summary>
public sealed record ReplOptions
{
    /// <summary>History file (one JSON string per submission); null: no history is read or written.</summary>
    public string? HistoryPath { get; init; } = DefaultHistoryPath;

    /// <summary>Where charts (Plotly figures shown by a submission) are written as HTML pages.</summary>
    public string ChartsDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, "pypikit-charts");

    /// <summary>Directory relative <c>#r</c> paths resolve from.</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

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
        if (!Directory.Exists(BaseDirectory)) throw new InvalidInputException("base_directory", $"base_directory '{BaseDirectory}' does not exist.");
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
/// The <c>pypikit repl</c> loop: C# script submissions with PypiKit referenced and imported, read until complete
/// (<c>SyntaxFactory.IsCompleteSubmission</c>), values printed as text, Plotly figures written to HTML files whose
/// paths are printed, errors printed without ending the session, history kept in a file.
/// </summary>
public sealed class ReplSession
{
    private readonly ReplOptions _options;
    private readonly ILineReader _reader;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly List<string> _history = [];
    private ScriptSession _session;
    private int _chartCount;

    public ReplSession(ReplOptions options, ILineReader reader, TextWriter output, TextWriter error)
    {
        options.Validate();
        _options = options;
        _reader = reader;
        _out = output;
        _err = error;
        _session = new ScriptSession(options.BaseDirectory);
        LoadHistory();
    }

    /// <summary>Submissions so far (loaded history first).</summary>
    public IReadOnlyList<string> History => _history;

    /// <summary>Runs until end of input or <c>#exit</c>; returns the exit code (0).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        if (_options.ShowPrompts)
            _out.WriteLine("PypiKit C# REPL — #help lists the entry points, #exit leaves. Multi-line input continues until the code is complete.");
        var buffer = new StringBuilder();
        while (!ct.IsCancellationRequested)
        {
            var prompt = _options.ShowPrompts ? (buffer.Length == 0 ? "> " : ". ") : "";
            var line = _reader.ReadLine(prompt, _history);
            if (line is null)
            {
                if (buffer.ToString().Trim().Length > 0) await SubmitAsync(buffer.ToString(), ct);
                break;
            }
            if (buffer.Length == 0)
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0) continue;
                if (trimmed.StartsWith('#') && !trimmed.StartsWith("#r", StringComparison.Ordinal) && !trimmed.StartsWith("#load", StringComparison.Ordinal))
                {
                    if (!Command(trimmed)) break;
                    continue;
                }
            }
            buffer.Append(line).Append('\n');
            var code = buffer.ToString();
            if (!ScriptSession.IsComplete(code)) continue;
            buffer.Clear();
            await SubmitAsync(code, ct);
        }
        _out.Flush();
        return 0;
    }

    /// <summary>Runs one complete submission and prints its value or error.</summary>
    public async Task SubmitAsync(string code, CancellationToken ct)
    {
        AddHistory(code.TrimEnd('\n'));
        var sink = new ReplSink(this);
        try
        {
            var parsed = CellParser.Parse(code, "csharp");
            foreach (var reference in parsed.NuGetReferences) _session.AddReferences(ScriptEnvironment.ResolveNuGet(reference.PackageId));
            foreach (var segment in parsed.Segments.Where(s => s.Kernel == "csharp"))
            {
                SubmissionResult result;
                using (NotebookContext.Capture(sink))
                    result = await _session.RunAsync(segment.Code, Path.Combine(_options.BaseDirectory, "repl.csx"), ct);
                if (result.Error is { } e)
                {
                    _err.WriteLine(e.Line is { } l && parsedLines(code) > 1 ? $"error {e.Name} (line {l}): {e.Message}" : $"error {e.Name}: {e.Message}");
                    return;
                }
                if (result.HasValue && result.Value is not DisplayedValue)
                {
                    var value = result.Value;
                    if (value is Task task) { await task; value = null; }
                    if (value is not null || result.HasValue) sink.Display(DisplayFormatter.Format(value), "");
                }
            }
        }
        catch (Exception ex) when (ex is NuGetReferenceException or UnsupportedMagicException)
        {
            _err.WriteLine($"error: {ex.Message}");
        }
        finally
        {
            _out.Flush();
            _err.Flush();
        }

        static int parsedLines(string c) => c.TrimEnd('\n').Split('\n').Length;
    }

    /// <summary>Handles a <c>#command</c>; false ends the session.</summary>
    private bool Command(string line)
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
                foreach (var (name, type, value) in _session.Variables)
                    _out.WriteLine($"{name} : {TypeName(type)} = {Shorten(DisplayFormatter.PlainText(value))}");
                return true;
            case "#history":
                foreach (var (entry, i) in _history.TakeLast(20).Select((e, i) => (e, i)))
                    _out.WriteLine($"{_history.Count - Math.Min(20, _history.Count) + i + 1,4}  {entry.Replace("\n", "\n      ")}");
                return true;
            case "#reset":
                _session = new ScriptSession(_options.BaseDirectory);
                _out.WriteLine("session reset: variables cleared.");
                return true;
            default:
                _err.WriteLine($"error: unknown command '{word}'; #help lists the commands.");
                return true;
        }
    }

    /// <summary>The <c>#help</c> text: REPL commands, imported namespaces and the PypiKit entry points this build has.</summary>
    public static string HelpText()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Commands: #help, #vars (variables), #history, #reset (clear state), #exit.  #r \"path.dll\" and #r \"nuget:PypiKit\" work.");
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
        sb.AppendLine("Imported namespaces: " + string.Join(", ", ScriptEnvironment.DefaultImports));
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
        ("StackModel", "the Pulumi stack: StackModel.FromSizing(sizing, options)"),
        ("PulumiYamlRenderer", "Pulumi YAML: PulumiYamlRenderer.Render(model, \"dev\")"),
        ("SchemaValidator", "offline validation: SchemaValidator.Default.Validate(yaml)"),
        ("PolicyChecks", "policies: PolicyChecks.Run(rendered)"),
        ("PulumiWorkspace", "preview/up through the Pulumi CLI"),
    ];

    private static readonly Lazy<Dictionary<string, Type>> ExportedTypes = new(() => ScriptEnvironment.PypiKitAssemblies
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

    /// <summary>Prints streams as they come and displays as text; figures and HTML-only displays become files.</summary>
    private sealed class ReplSink(ReplSession repl) : IOutputSink
    {
        public void WriteStream(string name, string text)
        {
            var w = name == "stderr" ? repl._err : repl._out;
            lock (w) w.Write(text);
        }

        public void Display(MimeBundle bundle, string displayId)
        {
            if (bundle.Data.TryGetValue(MimeBundle.Plotly, out var figure))
            {
                var path = repl.WriteChart(figure, bundle.Text(MimeBundle.Plain));
                lock (repl._out) repl._out.WriteLine($"chart: {path}");
                return;
            }
            var text = bundle.Text(MimeBundle.Plain) ?? "";
            lock (repl._out) repl._out.WriteLine(text);
        }

        public void UpdateDisplay(string displayId, MimeBundle bundle) => Display(bundle, displayId);
    }

    private string WriteChart(System.Text.Json.Nodes.JsonNode figure, string? title)
    {
        Directory.CreateDirectory(_options.ChartsDirectory);
        var path = Path.Combine(_options.ChartsDirectory, $"chart-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{++_chartCount}.html");
        var nb = Format.NotebookDocument.CreateCSharp();
        var cell = nb.AddCode("");
        cell.Outputs.Add(new System.Text.Json.Nodes.JsonObject
        {
            ["data"] = new System.Text.Json.Nodes.JsonObject { [MimeBundle.Plotly] = figure.DeepClone() },
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["output_type"] = "display_data",
        });
        NotebookHtmlExporter.Export(nb, path, new NotebookHtmlOptions { IncludeCode = false, Title = WebUtility.HtmlDecode(title ?? "PypiKit chart") });
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
