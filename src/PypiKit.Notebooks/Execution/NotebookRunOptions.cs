using Microsoft.DotNet.Interactive.Documents;

namespace PypiKit.Notebooks.Execution;

/// <summary>How to run a notebook. Immutable; <see cref="Validate"/> names the field at fault.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Values for the <c>parameters</c> cell (papermill's <c>-p name value</c>), as text.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest a single cell may run; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    public void Validate()
    {
        if (CellTimeout is { } t && t <= TimeSpan.Zero)
            throw new InvalidInputException("cell_timeout", $"cell_timeout must be positive (got {t}).");
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
    public override string ToString() => $"{Where}: {ErrorName}: {Message}";

    /// <summary><c>cell 4 (id 1a2b…), line 3</c>.</summary>
    public string Where => $"cell {CellIndex + 1} (id {CellId}){(Line is { } l ? $", line {l}" : "")}";
}

/// <summary>The executed notebook and what happened.</summary>
public sealed record NotebookRunResult(
    InteractiveDocument Notebook,
    IReadOnlyList<CellRun> Cells,
    CellFailure? Failure,
    TimeSpan Duration,
    IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Failure is null;

    /// <summary>The run was stopped by cancellation (Ctrl+C): the notebook holds the cells that ran.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The executed notebook as nbformat JSON (what <see cref="Format.NotebookFile.Write"/> saves).</summary>
    public string ToJson() => Format.NotebookFile.ToJson(Notebook);
}
