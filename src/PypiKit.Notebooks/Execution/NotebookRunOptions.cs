using PypiKit.Notebooks.Format;

namespace PypiKit.Notebooks.Execution;

/// <summary>How to run a notebook. Immutable; <see cref="Validate"/> names the field at fault.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Values for the <c>parameters</c> cell (papermill's <c>-p name value</c>), as text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Directory relative <c>#r</c> paths resolve from; defaults to the notebook's directory (as Jupyter and Polyglot do).
    /// The process working directory is not changed by the runner (the CLI changes it).
    /// </summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Longest a single cell may run; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    public void Validate()
    {
        if (CellTimeout is { } t && t <= TimeSpan.Zero)
            throw new InvalidInputException("cell_timeout", $"cell_timeout must be positive (got {t}).");
        if (BaseDirectory is { } d && !Directory.Exists(d))
            throw new InvalidInputException("base_directory", $"base_directory '{d}' does not exist.");
        foreach (var name in Parameters.Keys)
            if (string.IsNullOrWhiteSpace(name))
                throw new InvalidInputException("parameters", "a parameter has an empty name.");
    }
}

/// <summary>Where a run is: a cell started or finished.</summary>
public sealed record NotebookProgress(int CellIndex, int CellCount, string CellId, CellStatus Status, TimeSpan Elapsed, string FirstLine);

public enum CellStatus { Running, Succeeded, Failed, Skipped }

/// <summary>One cell's run.</summary>
public sealed record CellRun(int CellIndex, string CellId, CellStatus Status, TimeSpan Duration, int? ExecutionCount);

/// <summary>The first failing cell: which cell (0-based index in the executed notebook, its id), the line, the error.</summary>
public sealed record CellFailure(int CellIndex, string CellId, int? Line, string ErrorName, string Message)
{
    /// <summary>One line for a console: <c>cell 4 (id 1a2b…), line 3: CS0103: The name 'x' does not exist…</c>.</summary>
    public override string ToString() =>
        $"cell {CellIndex + 1} (id {CellId}){(Line is { } l ? $", line {l}" : "")}: {ErrorName}: {Message}";
}

/// <summary>The executed notebook and what happened.</summary>
public sealed record NotebookRunResult(
    NotebookDocument Notebook,
    IReadOnlyList<CellRun> Cells,
    CellFailure? Failure,
    TimeSpan Duration,
    IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Failure is null;
}
