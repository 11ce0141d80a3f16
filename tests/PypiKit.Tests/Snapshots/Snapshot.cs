using PypiKit.TestConventions;

namespace PypiKit.Tests.Snapshots;

/// <summary>The core's report snapshots, under <c>tests/PypiKit.Tests/Snapshots/expected/</c> (<see cref="SnapshotText"/>).</summary>
internal static class Snapshot
{
    public static string Directory { get; } = Path.Combine(Incidents.IncidentTestData.RepoRoot, "tests", "PypiKit.Tests", "Snapshots", "expected");

    public static void Match(string actual, string name) =>
        SnapshotText.Match(actual, Path.Combine(Directory, name), $"{SnapshotText.UpdateVariable}=1 accepts it.");

    public static string Diff(string expected, string actual) => SnapshotText.Diff(expected, actual);
}
