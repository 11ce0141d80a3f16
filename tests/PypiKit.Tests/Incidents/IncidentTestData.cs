using PypiKit.Incidents.Datasets;

namespace PypiKit.Tests.Incidents;

/// <summary>Finds the repository's data files from the test assembly, and makes scratch directories.</summary>
internal static class IncidentTestData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Dataset20251227 => Path.Combine(RepoRoot, "data", "incidents", "2025-12-27");

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "PypiKit.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root (PypiKit.slnx) not found above " + AppContext.BaseDirectory);
    }

    public static TempDir Generate(IncidentScenario scenario)
    {
        var dir = new TempDir("pypikit-incidents-");
        IncidentDatasetGenerator.Write(scenario, dir.Path);
        return dir;
    }
}

