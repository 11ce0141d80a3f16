using Microsoft.DotNet.Interactive.Documents;

namespace PypiKit.Notebooks.Execution;

/// <summary>The first failing cell: which cell (0-based index in the executed notebook, its id), the line, the error.</summary>
public sealed record CellFailure(int CellIndex, string CellId, int? Line, string ErrorName, string Message)
{
    /// <summary>One line for a console: <c>cell 4 (id 1a2b…), line 3: CS0103: The name 'x' does not exist…</c>.</summary>
    public override string ToString() => $"{Where}: {ErrorName}: {Message}";

    /// <summary><c>cell 4 (id 1a2b…), line 3</c>.</summary>
    public string Where => $"cell {CellIndex + 1} (id {CellId}){(Line is { } l ? $", line {l}" : "")}";
}
