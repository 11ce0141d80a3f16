using Microsoft.DotNet.Interactive.Documents;

namespace PypiKit.Notebooks.Execution;

/// <summary>Where a run is: a cell started or finished.</summary>
public sealed record NotebookProgress(int CellIndex, int CellCount, string CellId, CellStatus Status, TimeSpan Elapsed, string FirstLine);
