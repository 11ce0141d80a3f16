using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace PypiKit.Notebooks.Kernels;

/// <summary>
/// Loads what a NuGet package brings for notebooks, as the <c>dotnet-interactive</c> tool does: after a command that
/// added packages, each new package's <c>interactive-extensions/dotnet</c> folder — its <see cref="IKernelExtension"/>
/// assemblies, then its <c>extension.dib</c> script (cells run in the kernel; PypiKit registers its formatters this way).
/// </summary>
public static class PackageExtensions
{
    /// <summary>The folder inside a package that holds its notebook extensions.</summary>
    public static readonly string ExtensionFolder = Path.Combine("interactive-extensions", "dotnet");

    /// <summary>The script an extension folder may hold.</summary>
    public const string ScriptName = "extension.dib";

    public static void Use(CompositeKernel kernel)
    {
        var pending = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        kernel.RegisterForDisposal(kernel.KernelEvents.Subscribe(e =>
        {
            if (e is PackageAdded { PackageReference.PackageRoot: { } root } && seen.TryAdd(root, true)) pending.Enqueue(root);
        }));
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (pending.TryDequeue(out var root))
            {
                var folder = new DirectoryInfo(Path.Combine(root, ExtensionFolder));
                if (!folder.Exists) continue;
                foreach (var dll in folder.GetFiles("*.dll")) await LoadAssemblyAsync(kernel, dll.FullName);
                var script = new FileInfo(Path.Combine(folder.FullName, ScriptName));
                if (script.Exists) await kernel.LoadAndRunInteractiveDocument(script, command);
            }
        });
    }

    private static async Task LoadAssemblyAsync(Kernel kernel, string path)
    {
        var name = AssemblyName.GetAssemblyName(path);
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name))
                       ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        foreach (var type in assembly.ExportedTypes.Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IKernelExtension).IsAssignableFrom(t)))
            if (Activator.CreateInstance(type) is IKernelExtension extension) await extension.OnLoadAsync(kernel);
    }
}
