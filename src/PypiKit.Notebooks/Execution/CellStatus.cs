using Microsoft.DotNet.Interactive.Documents;

namespace PypiKit.Notebooks.Execution;

public enum CellStatus { Running, Succeeded, Failed, Skipped }
