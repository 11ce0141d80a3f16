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
