using System.Globalization;
using System.Text.Json;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>
/// The telemetry files beside a burst result, read from their JSON (the types that write them live in PypiKit.Aws and
/// PypiKit.Automation, which the core does not reference): the burst window's CloudWatch series, the ECS/target
/// snapshots and a campaign's stack outputs. A missing field throws, and <see cref="BurstFolderSource"/> names the file.
/// </summary>
internal static class RunTelemetryFiles
{
    /// <summary>
    /// <c>telemetry_metrics.json</c> (MetricsReport, snake_case): each line as <c>cloudwatch.&lt;MetricName&gt;.&lt;Stat&gt;</c>
    /// (plus the InstanceId of a per-instance line); a line without its metric (a math expression, or a file written
    /// before the metric was recorded) as <c>cloudwatch.&lt;panel&gt;.&lt;line&gt;</c>.
    /// </summary>
    public static IReadOnlyList<TimeSeries> Metrics(JsonElement root)
    {
        var list = new List<TimeSeries>();
        foreach (var line in root.GetProperty("series").EnumerateArray())
        {
            var s = line.GetProperty("series");
            var points = ReadPoints(s.GetProperty("points"));
            var unit = s.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
            string name;
            if (line.TryGetProperty("metric", out var m) && m.ValueKind == JsonValueKind.Object)
            {
                var stat = line.TryGetProperty("stat", out var st) && st.ValueKind == JsonValueKind.String ? "." + st.GetString() : "";
                var instance = m.TryGetProperty("dimensions", out var dims) && dims.ValueKind == JsonValueKind.Array
                    ? dims.EnumerateArray().Where(d => d.GetProperty("name").GetString() == "InstanceId").Select(d => "." + d.GetProperty("value").GetString()).FirstOrDefault()
                    : null;
                name = $"cloudwatch.{m.GetProperty("metric_name").GetString()}{stat}{instance}";
            }
            else name = $"cloudwatch.{line.GetProperty("panel").GetString()}.{line.GetProperty("line_id").GetString()}";
            list.Add(new TimeSeries(name, unit, points));
        }
        return list;
    }

    private static TimePoint[] ReadPoints(JsonElement points) =>
        points.EnumerateArray().Select(p => new TimePoint(
            DateTimeOffset.Parse(p.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), p.GetProperty("value").GetDouble())).ToArray();

    /// <summary>
    /// The deployed stack's facts from its outputs' <c>capacityInfo</c> (the capacity plan it was built from): instance
    /// type, vCPUs, RAM, tasks per instance and container memory; a file without it leaves <paramref name="facts"/> as they are.
    /// </summary>
    public static HostFacts StackFacts(JsonElement root, HostFacts facts)
    {
        if (!root.TryGetProperty("capacityInfo", out var c) || c.ValueKind != JsonValueKind.Object) return facts;
        string? Str(string n) => c.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? Num(string n) => c.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return facts with
        {
            InstanceType = Str("instance_type"),
            Vcpus = (int?)Num("instance_vcpu_count"),
            MemoryMib = Num("instance_ram_mb"),
            Containers = (int?)Num("tasks_per_instance"),
            ContainerMemoryMib = Num("container_memory_mb"),
        };
    }

    /// <summary><c>telemetry_snapshots.json</c> (StackSnapshotSet): ECS task counts and target health per snapshot.</summary>
    public static (IReadOnlyList<TimeSeries> Series, int Snapshots) Snapshots(JsonElement root)
    {
        var snaps = root.GetProperty("snapshots").EnumerateArray()
            .Select(s => (Time: DateTimeOffset.Parse(s.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), S: s))
            .OrderBy(x => x.Time).ToArray();
        TimeSeries S(string name, Func<JsonElement, double?> f) =>
            new(name, "Count", snaps.Select(x => (x.Time, V: f(x.S))).Where(x => x.V.HasValue).Select(x => new TimePoint(x.Time, x.V!.Value)).ToArray());
        static double? Int(JsonElement e, string obj, string field) =>
            e.TryGetProperty(obj, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return ([
            S("ecs.desired_tasks", e => Int(e, "service", "desired")),
            S("ecs.running_tasks", e => Int(e, "service", "running")),
            S("targets.healthy", e => Int(e, "target_counts", "healthy")),
            S("targets.unhealthy", e => Int(e, "target_counts", "unhealthy")),
        ], snaps.Length);
    }
}
