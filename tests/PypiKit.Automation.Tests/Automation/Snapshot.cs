using System.Runtime.CompilerServices;
using PypiKit.TestConventions;

namespace PypiKit.Automation.Tests.Automation;

/// <summary>The rendered stacks' snapshots, under <c>Snapshots/</c> beside this source file (<see cref="SnapshotText"/>).</summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string source = "") =>
        SnapshotText.Match(actual, Path.Combine(Path.GetDirectoryName(source)!, "Snapshots", name),
            $"If the change is intended: {SnapshotText.UpdateVariable}=1 dotnet test tests/PypiKit.Automation.Tests --filter FullyQualifiedName~SnapshotTests, then review and commit the files.");

    internal static string Diff(string expected, string actual) => SnapshotText.Diff(expected, actual);
}
