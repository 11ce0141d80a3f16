using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace PypiKit.Notebooks.Scripting;

/// <summary>What one submission did: its trailing-expression value, or the error (compile or run time) with its line.</summary>
public sealed record SubmissionResult(bool HasValue, object? Value, SubmissionError? Error);

/// <summary>A failed submission: error name (<c>CS0103</c>, <c>InvalidOperationException</c>), message, 1-based line, details.</summary>
public sealed record SubmissionError(string Name, string Message, int? Line, IReadOnlyList<string> Details, Exception? Exception);

/// <summary>
/// A chain of C# script submissions sharing state (Roslyn <c>ScriptState.ContinueWithAsync</c>): variables, types
/// and usings of one submission are visible to the next. Used by the notebook runner (one submission per cell) and
/// the REPL (one per complete input).
/// </summary>
public sealed class ScriptSession
{
    private readonly NotebookGlobals _globals;
    private readonly string _baseDirectory;
    private ScriptOptions _options;
    private ScriptState<object>? _state;
    private readonly HashSet<string> _added = new(StringComparer.OrdinalIgnoreCase);

    public ScriptSession(string baseDirectory, NotebookGlobals? globals = null)
    {
        _baseDirectory = Path.GetFullPath(baseDirectory);
        _globals = globals ?? new NotebookGlobals();
        _options = ScriptEnvironment.CreateOptions(_baseDirectory);
    }

    /// <summary>Parse options of submissions (script kind, latest language).</summary>
    public static CSharpParseOptions ParseOptions { get; } =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>True when <paramref name="code"/> is a complete submission (the REPL keeps reading lines until it is).</summary>
    public static bool IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(CSharpSyntaxTree.ParseText(code, ParseOptions));

    /// <summary>Adds assembly files to every later submission (what <c>#r "nuget:…"</c> maps to).</summary>
    public void AddReferences(IEnumerable<string> assemblyPaths)
    {
        var fresh = assemblyPaths.Where(p => _added.Add(p)).ToArray();
        if (fresh.Length > 0) _options = _options.AddReferences(fresh.Select(p => MetadataReference.CreateFromFile(p)));
    }

    /// <summary>
    /// Runs <paramref name="code"/> after the previous submissions. <paramref name="filePath"/> names it in stack traces
    /// (lines are the code's own). Compile errors leave the state unchanged; a run-time exception keeps what the
    /// submission defined before it threw.
    /// </summary>
    public async Task<SubmissionResult> RunAsync(string code, string? filePath, CancellationToken ct)
    {
        var path = filePath ?? Path.Combine(_baseDirectory, "submission.csx");
        var options = _options.WithFilePath(path);
        try
        {
            _state ??= await CSharpScript.RunAsync<object>("", options, _globals, typeof(NotebookGlobals), ct);
            var next = await _state.ContinueWithAsync<object>(code, options, e => e is not OperationCanceledException || !ct.IsCancellationRequested, ct);
            var error = next.Exception is { } ex ? RuntimeError(ex, path) : null;
            _state = next;
            if (error is not null) return new SubmissionResult(false, null, error);
            var hasValue = HasTrailingExpression(code);
            return new SubmissionResult(hasValue, hasValue ? next.ReturnValue : null, null);
        }
        catch (CompilationErrorException ex)
        {
            var errors = ex.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            var first = errors.FirstOrDefault() ?? ex.Diagnostics.First();
            var line = first.Location.IsInSource ? first.Location.GetLineSpan().StartLinePosition.Line + 1 : (int?)null;
            var details = errors.Select(d =>
                d.Location.IsInSource
                    ? $"line {d.Location.GetLineSpan().StartLinePosition.Line + 1}, col {d.Location.GetLineSpan().StartLinePosition.Character + 1}: {d.Id}: {d.GetMessage()}"
                    : $"{d.Id}: {d.GetMessage()}").ToArray();
            return new SubmissionResult(false, null, new SubmissionError(first.Id, first.GetMessage(), line, details, ex));
        }
    }

    /// <summary>Compiles and runs an empty first submission, so the compiler's start-up cost is not charged to the first cell.</summary>
    public async Task WarmUpAsync(CancellationToken ct = default)
    {
        var options = _options.WithFilePath(Path.Combine(_baseDirectory, "warmup.csx"));
        _state ??= await CSharpScript.RunAsync<object>("", options, _globals, typeof(NotebookGlobals), ct);
    }

    /// <summary>Names of the variables defined so far with their types and values (for <c>#!whos</c>-style listings).</summary>
    public IReadOnlyList<(string Name, Type Type, object? Value)> Variables =>
        _state is null ? [] : _state.Variables.GroupBy(v => v.Name).Select(g => g.Last())
            .Select(v => (v.Name, v.Type, (object?)v.Value)).ToArray();

    private static bool HasTrailingExpression(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, ParseOptions).GetCompilationUnitRoot();
        return root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax e }
               && e.SemicolonToken.IsMissing;
    }

    private static SubmissionError RuntimeError(Exception ex, string path)
    {
        var root = ex is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerException! : ex;
        int? line = null;
        foreach (var e in Chain(root))
        {
            var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames()
                .FirstOrDefault(f => string.Equals(f.GetFileName(), path, StringComparison.Ordinal) && f.GetFileLineNumber() > 0);
            if (frame is null) continue;
            line = frame.GetFileLineNumber();
            break;
        }
        var details = new List<string>();
        foreach (var e in Chain(root))
        {
            if (!ReferenceEquals(e, root)) details.Add($"---> {e.GetType().FullName}: {e.Message}");
            details.AddRange((e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) &&
                            !l.Contains("System.Runtime.CompilerServices", StringComparison.Ordinal) &&
                            !l.Contains("System.Runtime.ExceptionServices", StringComparison.Ordinal) &&
                            !l.StartsWith("--- End of stack trace", StringComparison.Ordinal))
                .Select(l => "   " + l.Replace(path, Path.GetFileName(path))));
        }
        return new SubmissionError(root.GetType().Name, root.Message, line, details, root);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException) yield return x;
    }
}
