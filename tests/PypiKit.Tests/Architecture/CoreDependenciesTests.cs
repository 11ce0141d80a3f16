using System.Reflection;
using System.Text.Json;
using PypiKit.Charts;

namespace PypiKit.Tests.Architecture;

/// <summary>
/// The core library (units, sizing, packages, burst, incidents, chart building, HTML) pulls in neither a browser driver
/// nor the AWS SDK: PNG export lives in PypiKit.Browser and the AWS clients in their own project, so a notebook or a
/// program that only wants <c>CapacityPlanner</c> gets neither. Checked twice: the assemblies the core's metadata
/// references, and the package graph the build resolved for it (what its NuGet package would bring along).
/// </summary>
public class CoreDependenciesTests
{
    private static readonly Assembly Core = typeof(HtmlReportWriter).Assembly;

    [Fact]
    public void The_core_references_no_browser_automation()
    {
        Assert.Empty(Forbidden(ReferencedAssemblies(), "Microsoft.Playwright", "PypiKit.Browser"));
        Assert.Empty(Forbidden(PackageClosure(), "Microsoft.Playwright", "PypiKit.Browser"));
    }

    [Fact]
    public void The_core_references_no_aws_sdk()
    {
        Assert.Empty(Forbidden(ReferencedAssemblies(), "AWSSDK."));
        Assert.Empty(Forbidden(PackageClosure(), "AWSSDK.", "PypiKit.Aws"));
        Assert.Empty(Forbidden(ReferencedAssemblies(), "PypiKit.Aws"));
    }

    [Fact]
    public void The_checks_see_what_the_core_does_use()
    {
        // Plotly.NET (chart building) is a real dependency of the core: both views must list it, or the checks above prove nothing.
        Assert.Contains("Plotly.NET", ReferencedAssemblies());
        Assert.Contains("Plotly.NET", PackageClosure());
        Assert.Contains("FSharp.Core", PackageClosure()); // a transitive package: the closure is followed
    }

    private static string[] Forbidden(IEnumerable<string> names, params string[] prefixes) =>
        names.Where(n => prefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToArray();

    private static string[] ReferencedAssemblies() => Core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    /// <summary>Every package and project the core depends on, directly or not, from this test's deps.json.</summary>
    private static string[] PackageClosure()
    {
        var depsFile = Path.Combine(AppContext.BaseDirectory, typeof(CoreDependenciesTests).Assembly.GetName().Name + ".deps.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(depsFile));
        var libraries = doc.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var byName = libraries.EnumerateObject().ToDictionary(p => p.Name[..p.Name.IndexOf('/', StringComparison.Ordinal)], p => p.Value);
        var core = Core.GetName().Name!;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([core]);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!byName.TryGetValue(name, out var lib) || !lib.TryGetProperty("dependencies", out var deps)) continue;
            foreach (var d in deps.EnumerateObject())
                if (seen.Add(d.Name)) stack.Push(d.Name);
        }
        return seen.ToArray();
    }
}
