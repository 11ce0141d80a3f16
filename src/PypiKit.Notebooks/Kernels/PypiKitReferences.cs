using System.Reflection;

namespace PypiKit.Notebooks.Kernels;

/// <summary>
/// What the REPL starts with: the PypiKit assemblies this process runs (core, Sandbox, Automation, Browser) referenced by path
/// and their namespaces imported. Notebooks reference the same libraries as packages instead (<c>#r "nuget: PypiKit"</c>).
/// </summary>
public static class PypiKitReferences
{
    public static IReadOnlyList<Assembly> Assemblies { get; } =
    [
        typeof(InvalidInputException).Assembly,
        typeof(PypiKit.Sandbox.SandboxCluster).Assembly,
        typeof(PypiKit.Automation.Model.StackModel).Assembly,
        typeof(PypiKit.Browser.PngExporter).Assembly,
    ];

    /// <summary>The public PypiKit namespaces of <see cref="Assemblies"/>, sorted.</summary>
    public static IReadOnlyList<string> Namespaces { get; } = Assemblies
        .SelectMany(a => a.GetExportedTypes())
        .Select(t => t.Namespace)
        .OfType<string>()
        .Where(n => n == "PypiKit" || n.StartsWith("PypiKit.", StringComparison.Ordinal))
        .Where(n => !n.EndsWith(".Internal", StringComparison.Ordinal))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The first submission of a REPL session: <c>#r</c> lines and <c>using</c> directives.</summary>
    public static string Prelude() =>
        string.Concat(Assemblies.Select(a => $"#r \"{a.Location}\"\n")) +
        string.Concat(new[] { "System.IO", "System.Threading" }.Concat(Namespaces).Select(n => $"using {n};\n"));
}
