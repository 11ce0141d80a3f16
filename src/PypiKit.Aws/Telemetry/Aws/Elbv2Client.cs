using System.Xml.Linq;

namespace PypiKit.Telemetry.Aws;

public sealed record TargetGroupInfo(string TargetGroupArn, string TargetGroupName, string? Protocol, int? Port, string? TargetType,
    string? HealthCheckPath, int? HealthCheckIntervalSeconds, int? HealthyThresholdCount, int? UnhealthyThresholdCount,
    IReadOnlyList<string> LoadBalancerArns);

/// <summary>One registered target and its health (<c>healthy</c>, <c>unhealthy</c>, <c>draining</c>, <c>unused</c>, <c>initial</c>…).</summary>
public sealed record TargetHealthEntry(string Id, int? Port, string? AvailabilityZone, string State, string? Reason, string? Description);

/// <summary>Elastic Load Balancing v2 (Query protocol, 2015-12-01): target groups, their attributes, target health.</summary>
public sealed class Elbv2Client(AwsSession session)
{
    private readonly QueryProtocolClient _query = new(session, AwsService.Elbv2, "2015-12-01");

    /// <summary>Target groups by load balancer, by ARN or by name (follows <c>NextMarker</c>).</summary>
    public async Task<IReadOnlyList<TargetGroupInfo>> DescribeTargetGroupsAsync(string? loadBalancerArn = null,
        IReadOnlyList<string>? targetGroupArns = null, IReadOnlyList<string>? names = null, int? pageSize = null, CancellationToken ct = default)
    {
        var groups = new List<TargetGroupInfo>();
        string? marker = null;
        do
        {
            var p = new List<KeyValuePair<string, string>>();
            if (loadBalancerArn is not null) p.Add(new("LoadBalancerArn", loadBalancerArn));
            AddList(p, "TargetGroupArns", targetGroupArns);
            AddList(p, "Names", names);
            if (pageSize is { } ps) p.Add(new("PageSize", ps.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (marker is not null) p.Add(new("Marker", marker));
            var r = await _query.CallAsync("DescribeTargetGroups", p, ct).ConfigureAwait(false);
            groups.AddRange(r.Members("TargetGroups").Select(ParseGroup));
            marker = r.Text("NextMarker");
        } while (!string.IsNullOrEmpty(marker));
        return groups;
    }

    /// <summary>Attributes such as <c>deregistration_delay.timeout_seconds</c>, <c>load_balancing.algorithm.type</c>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken ct = default)
    {
        var r = await _query.CallAsync("DescribeTargetGroupAttributes", [new("TargetGroupArn", targetGroupArn)], ct).ConfigureAwait(false);
        return r.Members("Attributes").ToDictionary(a => a.Text("Key") ?? "", a => a.Text("Value") ?? "");
    }

    public async Task<IReadOnlyList<TargetHealthEntry>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken ct = default)
    {
        var r = await _query.CallAsync("DescribeTargetHealth", [new("TargetGroupArn", targetGroupArn)], ct).ConfigureAwait(false);
        return r.Members("TargetHealthDescriptions").Select(d =>
        {
            var target = d.Child("Target");
            var health = d.Child("TargetHealth");
            return new TargetHealthEntry(target?.Text("Id") ?? "", target?.Int("Port"), target?.Text("AvailabilityZone"),
                health?.Text("State") ?? "unknown", health?.Text("Reason"), health?.Text("Description"));
        }).ToList();
    }

    private static TargetGroupInfo ParseGroup(XElement g) => new(
        g.Text("TargetGroupArn") ?? "", g.Text("TargetGroupName") ?? "", g.Text("Protocol"), g.Int("Port"), g.Text("TargetType"),
        g.Text("HealthCheckPath"), g.Int("HealthCheckIntervalSeconds"), g.Int("HealthyThresholdCount"), g.Int("UnhealthyThresholdCount"),
        g.Members("LoadBalancerArns").Select(x => x.Value).ToList());

    private static void AddList(List<KeyValuePair<string, string>> p, string name, IReadOnlyList<string>? values)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++) p.Add(new($"{name}.member.{i + 1}", values![i]));
    }
}
