using System.Text.Json;

namespace PypiKit.Telemetry;

/// <summary>
/// What to observe: the names and ARNs of one pypiserver stack. Built from options, or from a stack-outputs file
/// (<c>pulumi stack output --json</c> or <c>terraform output -json</c>, keys as in the reference module's outputs such as
/// <c>ecs_cluster_name</c>, <c>ecs_service_name</c>, <c>pypi_load_balancer_arn</c>). Secrets in that file are never read.
/// </summary>
public sealed record StackTarget
{
    public string? ClusterName { get; init; }
    public string? ServiceName { get; init; }
    public string? LoadBalancerArn { get; init; }
    public string? TargetGroupArn { get; init; }
    public string? FileSystemId { get; init; }
    public string? AutoScalingGroupName { get; init; }

    /// <summary>The CloudWatch Logs group of the service's task logs (<c>logGroupName</c> in the stack outputs).</summary>
    public string? LogGroupName { get; init; }

    /// <summary>The stack's alarms as its outputs carry them (<c>alarms</c>); empty for stacks that do not.</summary>
    public IReadOnlyList<StackAlarm> Alarms { get; init; } = [];
    public IReadOnlyList<string> InstanceIds { get; init; } = [];

    /// <summary>How the service's tasks run: <c>EC2</c> or <c>FARGATE</c> (<c>launchType</c> in the stack outputs).</summary>
    public string? LaunchType { get; init; }

    /// <summary>Fargate: the stack has no host, so task memory and CPU come from Container Insights per task.</summary>
    public bool IsFargate => string.Equals(LaunchType, "FARGATE", StringComparison.OrdinalIgnoreCase);

    /// <summary>Task ids whose Container Insights task-level series are read (see <see cref="ContainerInsightsTasks"/>).</summary>
    public IReadOnlyList<string> TaskIds { get; init; } = [];

    /// <summary>Container CPU reservation (1024 = 1 vCPU), drawn as a line on the CPU-utilized panel.</summary>
    public int? ContainerCpuUnits { get; init; }
    public int? ContainerMemoryMb { get; init; }
    public int? ContainerMemoryReservationMb { get; init; }

    /// <summary>CloudWatch's <c>LoadBalancer</c> dimension (<c>app/name/id</c>) from the ARN.</summary>
    public string? LoadBalancerDimension => After(LoadBalancerArn, ":loadbalancer/");

    /// <summary>CloudWatch's <c>TargetGroup</c> dimension (<c>targetgroup/name/id</c>) from the ARN.</summary>
    public string? TargetGroupDimension => TargetGroupArn is { } a && a.LastIndexOf(':') is var i and >= 0 && a[(i + 1)..].StartsWith("targetgroup/", StringComparison.Ordinal) ? a[(i + 1)..] : null;

    /// <summary>The regions named by the target's ARNs (empty when it has none).</summary>
    public IReadOnlyList<string> ArnRegions =>
        new[] { LoadBalancerArn, TargetGroupArn }.Select(RegionOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The region field of an ARN (<c>arn:partition:service:region:account:resource</c>), or null.</summary>
    public static string? RegionOf(string? arn) =>
        arn is not null && arn.Split(':') is { Length: >= 6 } parts && parts[0] == "arn" && parts[3].Length > 0 ? parts[3] : null;

    /// <summary>
    /// Throws (naming <c>--region</c>) when the session's <paramref name="region"/> differs from the region of the
    /// target's ARNs: every call would otherwise answer "not found" or empty series that look like a quiet stack.
    /// </summary>
    public void CheckRegion(string region)
    {
        var other = ArnRegions.FirstOrDefault(r => !string.Equals(r, region, StringComparison.Ordinal));
        if (other is not null)
            throw new InvalidInputException("--region",
                $"--region '{region}' does not match the stack, whose ARNs are in '{other}': pass --region {other} (or set AWS_REGION).");
    }

    /// <summary>Fields of <paramref name="overrides"/> that are set win over this target's.</summary>
    public StackTarget With(StackTarget overrides) => new()
    {
        ClusterName = overrides.ClusterName ?? ClusterName,
        ServiceName = overrides.ServiceName ?? ServiceName,
        LoadBalancerArn = overrides.LoadBalancerArn ?? LoadBalancerArn,
        TargetGroupArn = overrides.TargetGroupArn ?? TargetGroupArn,
        FileSystemId = overrides.FileSystemId ?? FileSystemId,
        AutoScalingGroupName = overrides.AutoScalingGroupName ?? AutoScalingGroupName,
        LogGroupName = overrides.LogGroupName ?? LogGroupName,
        Alarms = overrides.Alarms.Count > 0 ? overrides.Alarms : Alarms,
        InstanceIds = overrides.InstanceIds.Count > 0 ? overrides.InstanceIds : InstanceIds,
        LaunchType = overrides.LaunchType ?? LaunchType,
        TaskIds = overrides.TaskIds.Count > 0 ? overrides.TaskIds : TaskIds,
        ContainerCpuUnits = overrides.ContainerCpuUnits ?? ContainerCpuUnits,
        ContainerMemoryMb = overrides.ContainerMemoryMb ?? ContainerMemoryMb,
        ContainerMemoryReservationMb = overrides.ContainerMemoryReservationMb ?? ContainerMemoryReservationMb,
    };

    /// <summary>Reads a stack-outputs JSON file (flat values or Terraform's <c>{"value": …}</c> wrappers).</summary>
    public static StackTarget FromOutputsFile(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("stack-outputs", $"stack outputs file '{path}' does not exist.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return FromOutputs(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException("stack-outputs", $"stack outputs file '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    public static StackTarget FromOutputs(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidInputException("stack-outputs", "stack outputs must be a JSON object of output name → value.");
        var map = new Dictionary<string, JsonElement>();
        foreach (var p in root.EnumerateObject())
        {
            var v = p.Value;
            if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("value", out var inner)) v = inner;
            map[Normalize(p.Name)] = v;
        }
        string? S(params string[] keys)
        {
            foreach (var k in keys)
                if (map.TryGetValue(k, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s) return s;
            return null;
        }
        int? CapacityInt(string key) =>
            map.TryGetValue("capacityinfo", out var ci) && ci.ValueKind == JsonValueKind.Object && ci.TryGetProperty(key, out var v) &&
            v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
        var instances = map.TryGetValue("instanceids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : new List<string>();
        return new StackTarget
        {
            ClusterName = S("ecsclustername", "clustername", "cluster"),
            ServiceName = S("ecsservicename", "servicename", "service"),
            LoadBalancerArn = S("pypiloadbalancerarn", "loadbalancerarn", "albarn"),
            TargetGroupArn = S("targetgrouparn", "pypitargetgrouparn"),
            FileSystemId = S("efsfilesystemid", "filesystemid", "efsid"),
            AutoScalingGroupName = S("asgname", "autoscalinggroupname"),
            LogGroupName = S("loggroupname", "ecsloggroupname", "loggroup"),
            Alarms = map.TryGetValue("alarms", out var alarms) && alarms.ValueKind == JsonValueKind.Array
                ? alarms.EnumerateArray().Select(StackAlarm.FromOutput).OfType<StackAlarm>().ToList()
                : [],
            InstanceIds = instances,
            LaunchType = S("launchtype", "ecslaunchtype"),
            ContainerCpuUnits = CapacityInt("container_cpu_units"),
            ContainerMemoryMb = CapacityInt("container_memory_mb"),
            ContainerMemoryReservationMb = CapacityInt("container_memory_reservation_mb"),
        };
    }

    private static string Normalize(string key) => new(key.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string? After(string? s, string marker) =>
        s is not null && s.IndexOf(marker, StringComparison.Ordinal) is var i and >= 0 ? s[(i + marker.Length)..] : null;
}

/// <summary>One alarm of a deployed stack as its outputs describe it (dimension values resolved).</summary>
public sealed record StackAlarm(string Name, string Namespace, string MetricName, IReadOnlyDictionary<string, string> Dimensions, string Statistic,
    int PeriodSeconds, int EvaluationPeriods, double Threshold, string ComparisonOperator, string? Expression)
{
    /// <summary>Reads one entry of the <c>alarms</c> output; null when it lacks a name.</summary>
    public static StackAlarm? FromOutput(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("name", out var n) || n.GetString() is not { Length: > 0 } name) return null;
        string S(string k) => e.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        double D(string k) => e.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        var dims = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("dimensions", out var d) && d.ValueKind == JsonValueKind.Object)
            foreach (var p in d.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.String) dims[p.Name] = p.Value.GetString()!;
        return new StackAlarm(name, S("namespace"), S("metric_name"), dims, S("statistic"), (int)D("period"), (int)D("evaluation_periods"),
            D("threshold"), S("comparison_operator"), S("expression") is { Length: > 0 } x ? x : null);
    }
}

