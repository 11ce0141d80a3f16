using System.Globalization;
using PypiKit.Json;
using PypiKit.Series;

namespace PypiKit.Telemetry;

/// <summary>
/// Writes snapshots beside a burst report: one <c>telemetry_snapshot_&lt;iteration&gt;_&lt;utc&gt;.json</c> per snapshot
/// and the consolidated <c>telemetry_snapshots.json</c> (PypiKitJson, snake_case).
/// </summary>
public static class SnapshotFiles
{
    public const string ConsolidatedFileName = "telemetry_snapshots.json";

    /// <summary>Writes one snapshot; returns its path.</summary>
    public static string Write(string directory, StackSnapshot snapshot)
    {
        Directory.CreateDirectory(directory);
        var name = $"telemetry_snapshot_{(snapshot.IsBaseline ? "baseline" : "iter" + snapshot.Iteration.ToString(CultureInfo.InvariantCulture))}_" +
                   $"{snapshot.Timestamp.UtcDateTime:yyyyMMdd_HHmmss}.json";
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, PypiKitJson.Serialize(snapshot));
        return path;
    }

    /// <summary>Writes the consolidated file of every snapshot; returns its path.</summary>
    public static string WriteAll(string directory, IReadOnlyList<StackSnapshot> snapshots, IReadOnlyList<TelemetryFailureSummary>? failures = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, ConsolidatedFileName);
        File.WriteAllText(path, PypiKitJson.Serialize(new StackSnapshotSet(DateTimeOffset.UtcNow, snapshots.Count, snapshots)
        {
            Failures = failures ?? TelemetryFailureSummary.From(snapshots.SelectMany(s => s.AllFailures)),
        }));
        return path;
    }

    public static StackSnapshotSet Read(string path) => PypiKitJson.Deserialize<StackSnapshotSet>(File.ReadAllText(path));
}

/// <summary>Snapshots as time series, for charts and the incident timeline.</summary>
public static class SnapshotSeries
{
    /// <summary>ECS desired/running/pending tasks and healthy/unhealthy/draining targets over the snapshots' timestamps.</summary>
    public static IReadOnlyList<TimeSeries> From(IReadOnlyList<StackSnapshot> snapshots)
    {
        var ordered = snapshots.OrderBy(s => s.Timestamp).ToList();
        TimeSeries S(string name, Func<StackSnapshot, double?> f) =>
            new(name, "Count", ordered.Select(s => (s.Timestamp, V: f(s))).Where(x => x.V.HasValue).Select(x => new TimePoint(x.Timestamp, x.V!.Value)).ToList());
        return
        [
            S("ecs_desired_tasks", s => s.Service?.Desired),
            S("ecs_running_tasks", s => s.Service?.Running),
            S("ecs_pending_tasks", s => s.Service?.Pending),
            S("targets_healthy", s => s.TargetCounts.Healthy),
            S("targets_unhealthy", s => s.TargetCounts.Unhealthy),
            S("targets_draining", s => s.TargetCounts.Draining),
            S("tasks_listed", s => s.Tasks.Count),
        ];
    }
}
