using Amazon.EC2;
using Amazon.EC2.Model;

namespace PypiKit.Telemetry.Aws;

/// <summary>One EC2 instance as telemetry needs it: id, type, state and launch time.</summary>
public sealed record Ec2InstanceInfo(string InstanceId, string? InstanceType, string? State, DateTimeOffset? LaunchTime);

/// <summary>
/// EC2 through AWSSDK.EC2: the instances of an Auto Scaling group (by the <c>aws:autoscaling:groupName</c> tag EC2 Auto
/// Scaling puts on them), for host metrics and host commands when the target names no instances.
/// </summary>
public sealed class Ec2Client : IDisposable
{
    private readonly AmazonEC2Client _ec2;

    public Ec2Client(AwsSession session)
    {
        var config = new AmazonEC2Config();
        SdkClientConfig.Apply(config, session, AwsService.Ec2);
        _ec2 = new AmazonEC2Client(session.Credentials, config);
    }

    /// <summary>Pending and running instances tagged with the group's name (every page), ordered by id.</summary>
    public async Task<IReadOnlyList<Ec2InstanceInfo>> InstancesOfAutoScalingGroupAsync(string groupName, CancellationToken ct = default)
    {
        var list = new List<Ec2InstanceInfo>();
        string? token = null;
        do
        {
            var request = new DescribeInstancesRequest
            {
                Filters =
                [
                    new Filter("tag:aws:autoscaling:groupName", [groupName]),
                    new Filter("instance-state-name", ["pending", "running"]),
                ],
                NextToken = token,
            };
            var r = await SdkClientConfig.CallAsync(AwsService.Ec2, "DescribeInstances", () => _ec2.DescribeInstancesAsync(request, ct), ct)
                .ConfigureAwait(false);
            foreach (var i in (r.Reservations ?? []).SelectMany(x => x.Instances ?? []))
                list.Add(new Ec2InstanceInfo(i.InstanceId, i.InstanceType?.Value, i.State?.Name?.Value,
                    i.LaunchTime is { } t ? new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero) : null));
            token = r.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return list.OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _ec2.Dispose();
}
