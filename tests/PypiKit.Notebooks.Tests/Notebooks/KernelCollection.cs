namespace PypiKit.Notebooks.Tests.Notebooks;

/// <summary>
/// Tests that run cells on the .NET Interactive kernel run one after another: the kernel's formatters are process-wide
/// (each notebook's PypiKit extension registers its own), and two kernels restoring packages at once only compete for CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelCollection
{
    public const string Name = "kernel";
}
