using Microsoft.DotNet.Interactive.Documents;

namespace PypiKit.Notebooks.Execution;

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
