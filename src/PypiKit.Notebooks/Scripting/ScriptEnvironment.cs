using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PypiKit.Notebooks.Scripting;

/// <summary>
/// What every notebook cell and REPL submission compiles against: PypiKit's assemblies referenced, the usual
/// <c>System</c> namespaces and every public <c>PypiKit.*</c> namespace imported, <c>#r</c> paths resolved from a base
/// directory, and <c>#r "nuget:…"</c> mapped to the assemblies this process already has (there is no NuGet access).
/// </summary>
public static class ScriptEnvironment
{
    /// <summary>The System namespaces imported by default (Polyglot's list plus System.IO).</summary>
    public static IReadOnlyList<string> SystemImports { get; } =
    [
        "System", "System.Collections", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text",
        "System.Threading", "System.Threading.Tasks",
    ];

    /// <summary>PypiKit's own assemblies (core, Sandbox, Automation, Notebooks).</summary>
    public static IReadOnlyList<Assembly> PypiKitAssemblies { get; } =
        new[] { typeof(InvalidInputException).Assembly }
            .Concat(new[] { "PypiKit.Sandbox", "PypiKit.Automation" }.Select(n => TryLoad(new AssemblyName(n))).OfType<Assembly>())
            .Append(typeof(NotebookGlobals).Assembly)
            .ToArray();

    /// <summary>Every public <c>PypiKit.*</c> namespace of <see cref="PypiKitAssemblies"/>, sorted.</summary>
    public static IReadOnlyList<string> PypiKitNamespaces { get; } = PypiKitAssemblies
        .SelectMany(a => a.GetExportedTypes())
        .Select(t => t.Namespace)
        .OfType<string>()
        .Where(n => n == "PypiKit" || n.StartsWith("PypiKit.", StringComparison.Ordinal))
        .Where(n => !n.EndsWith(".Internal", StringComparison.Ordinal))
        // The notebook host's own namespaces stay out (only its display helpers are for cells).
        .Where(n => !n.StartsWith("PypiKit.Notebooks.", StringComparison.Ordinal) || n == "PypiKit.Notebooks.Display")
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>All default imports: <see cref="SystemImports"/> then <see cref="PypiKitNamespaces"/>.</summary>
    public static IReadOnlyList<string> DefaultImports => [.. SystemImports, .. PypiKitNamespaces];

    /// <summary>
    /// Script options for code whose relative <c>#r</c>/<c>#load</c> paths resolve from <paramref name="baseDirectory"/>;
    /// <paramref name="filePath"/> names the code in stack traces and diagnostics.
    /// </summary>
    public static ScriptOptions CreateOptions(string baseDirectory, string? filePath = null)
    {
        var references = PypiKitAssemblies
            .Concat([typeof(System.Text.Json.JsonSerializer).Assembly, typeof(System.Net.Http.HttpClient).Assembly,
                typeof(System.Text.RegularExpressions.Regex).Assembly, typeof(System.Diagnostics.Process).Assembly])
            .Distinct();
        return ScriptOptions.Default
            .WithReferences(references)
            .AddReferences(PypiKitAssemblies.SelectMany(a => a.GetReferencedAssemblies())
                .Select(TryLoad).OfType<Assembly>().Where(a => !a.IsDynamic && a.Location.Length > 0))
            .WithImports(DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8)
            .WithFilePath(filePath ?? Path.Combine(baseDirectory, "submission.csx"))
            .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)
            .WithAllowUnsafe(false)
            .WithCheckOverflow(false)
            .WithOptimizationLevel(OptimizationLevel.Debug);
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try { return Assembly.Load(name); }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
    }

    /// <summary>
    /// Maps <c>#r "nuget:Id[, version]"</c> to assembly files this process already has: <c>PypiKit</c> (all of
    /// PypiKit's assemblies), <c>PypiKit.*</c>, and any package PypiKit itself uses (found among the application's
    /// trusted assemblies by name). Anything else throws <see cref="NuGetReferenceException"/>.
    /// </summary>
    public static IReadOnlyList<string> ResolveNuGet(string packageId)
    {
        var id = packageId.Trim();
        if (id.Equals("PypiKit", StringComparison.OrdinalIgnoreCase))
            return PypiKitAssemblies.Select(a => a.Location).ToArray();
        var own = PypiKitAssemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, id, StringComparison.OrdinalIgnoreCase));
        if (own is not null) return [own.Location];
        if (id.Equals("PypiKit.Charts", StringComparison.OrdinalIgnoreCase) ||
            id.Equals("PypiKit.Core", StringComparison.OrdinalIgnoreCase))
            return [typeof(InvalidInputException).Assembly.Location];
        var file = TrustedAssemblies().FirstOrDefault(p =>
            string.Equals(Path.GetFileNameWithoutExtension(p), id, StringComparison.OrdinalIgnoreCase));
        if (file is not null) return [file];
        throw new NuGetReferenceException(id,
            $"package '{id}' is not available: the PypiKit runner has no NuGet access and maps #r \"nuget:…\" only to " +
            "PypiKit and the packages it ships with; reference a local assembly with #r \"path/to/{id}.dll\" instead.");
    }

    private static IEnumerable<string> TrustedAssemblies() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"));
}

/// <summary>A <c>#r "nuget:…"</c> the runner cannot satisfy from the assemblies it has.</summary>
public sealed class NuGetReferenceException(string packageId, string message) : Exception(message)
{
    public string PackageId { get; } = packageId;
}
