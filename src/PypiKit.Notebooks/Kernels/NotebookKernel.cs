using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace PypiKit.Notebooks.Kernels;

/// <summary>
/// The kernel notebooks and the REPL run on: .NET Interactive's <see cref="CSharpKernel"/> inside a
/// <see cref="CompositeKernel"/>, set up as the <c>dotnet-interactive</c> Jupyter kernel sets it up — <c>#r "nuget:…"</c>
/// and <c>#i</c> through package restore, the Polyglot helpers (<c>display</c>, <c>HTML</c>, …), <c>#!set</c>/<c>#!share</c>,
/// <c>#!import</c>, an <c>#!html</c> kernel, and the extensions a package carries in <c>interactive-extensions/dotnet</c>
/// (PypiKit's chart formatter, Plotly.NET.Interactive's) — so a cell behaves the same here, in Jupyter and in VS Code.
/// </summary>
public static class NotebookKernel
{
    /// <summary>The name of the C# kernel (Polyglot's <c>kernelName</c>).</summary>
    public const string CSharp = "csharp";

    /// <summary>A new kernel; dispose it when the notebook or REPL session ends.</summary>
    public static async Task<CompositeKernel> CreateAsync()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseValueSharing();
        var root = new CompositeKernel { csharp, new HtmlKernel() }
            .UseImportMagicCommand();
        root.DefaultKernelName = CSharp;
        PackageExtensions.Use(root);
        // Plotly.NET's formatter, as `#r "nuget: Plotly.NET.Interactive"` would load it: a GenericChart displays natively.
        await ((IKernelExtension)new Plotly.NET.Interactive.FormatterKernelExtension()).OnLoadAsync(root);
        return root;
    }
}
