using Microsoft.DotNet.Interactive.Documents;

namespace PypiKit.Notebooks.Execution;

/// <summary>One cell's run.</summary>
public sealed record CellRun(int CellIndex, string CellId, CellStatus Status, TimeSpan Duration, int? ExecutionCount);
