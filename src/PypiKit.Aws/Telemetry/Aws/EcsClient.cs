using System.Text.Json.Nodes;

namespace PypiKit.Telemetry.Aws;

public sealed record EcsContainer(string? Name, string? LastStatus, int? ExitCode, string? HealthStatus, string? Reason);

public sealed record EcsTask(
    string TaskArn, string? TaskDefinitionArn, string? ClusterArn, string? ContainerInstanceArn,
    string? LastStatus, string? DesiredStatus, string? HealthStatus, string? Group, string? StartedBy, string? LaunchType,
    string? Cpu, string? Memory, DateTimeOffset? StartedAt, DateTimeOffset? StoppedAt, string? StoppedReason, string? StopCode,
    IReadOnlyList<EcsContainer>? Containers);

public sealed record EcsLoadBalancer(string? TargetGroupArn, string? LoadBalancerName, string? ContainerName, int? ContainerPort);

public sealed record EcsDeployment(string? Id, string? Status, string? TaskDefinition, int DesiredCount, int RunningCount,
    int PendingCount, int? FailedTasks, string? RolloutState, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);

public sealed record EcsServiceEvent(string? Id, DateTimeOffset? CreatedAt, string? Message);

public sealed record EcsService(
    string ServiceName, string? ServiceArn, string? ClusterArn, string? Status, int DesiredCount, int RunningCount, int PendingCount,
    string? LaunchType, string? TaskDefinition, IReadOnlyList<EcsLoadBalancer>? LoadBalancers,
    IReadOnlyList<EcsDeployment>? Deployments, IReadOnlyList<EcsServiceEvent>? Events);

public sealed record EcsResource(string Name, string? Type, int? IntegerValue, double? DoubleValue, long? LongValue);

public sealed record EcsContainerInstance(
    string ContainerInstanceArn, string? Ec2InstanceId, string? Status, bool? AgentConnected, int RunningTasksCount,
    int PendingTasksCount, IReadOnlyList<EcsResource>? RegisteredResources, IReadOnlyList<EcsResource>? RemainingResources);

public sealed record EcsFailure(string? Arn, string? Reason, string? Detail);

/// <summary>A described batch: what was found and what ECS reported missing.</summary>
public sealed record EcsDescribed<T>(IReadOnlyList<T> Items, IReadOnlyList<EcsFailure> Failures);

/// <summary>Options of <see cref="EcsClient.RunTaskAsync"/>.</summary>
public sealed record EcsRunTaskRequest(string Cluster, string TaskDefinition)
{
    public int Count { get; init; } = 1;
    public string? LaunchType { get; init; }
    public string? Group { get; init; }
    public string? StartedBy { get; init; }
}

/// <summary>ECS (JSON 1.1, <c>AmazonEC2ContainerServiceV20141113</c>): the read operations a snapshot needs plus RunTask/StopTask.</summary>
public sealed partial class EcsClient(AwsSession session)
{
    private readonly JsonProtocolClient _json = new(session, AwsService.Ecs, "AmazonEC2ContainerServiceV20141113");

    /// <summary>All task ARNs (follows <c>nextToken</c>). Note: moto ignores <paramref name="serviceName"/>.</summary>
    public async Task<IReadOnlyList<string>> ListTasksAsync(string cluster, string? serviceName = null, string? desiredStatus = null,
        string? startedBy = null, string? family = null, int? pageSize = null, CancellationToken ct = default)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await _json.CallAsync<TaskArnsPage>("ListTasks", new JsonObject
            {
                ["cluster"] = cluster, ["serviceName"] = serviceName, ["desiredStatus"] = desiredStatus,
                ["startedBy"] = startedBy, ["family"] = family, ["maxResults"] = pageSize, ["nextToken"] = token,
            }, ct).ConfigureAwait(false);
            arns.AddRange(page.TaskArns ?? []);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return arns;
    }

    /// <summary>Describes tasks in batches of 100.</summary>
    public async Task<EcsDescribed<EcsTask>> DescribeTasksAsync(string cluster, IEnumerable<string> taskArns, CancellationToken ct = default)
    {
        var items = new List<EcsTask>();
        var failures = new List<EcsFailure>();
        foreach (var chunk in taskArns.Chunk(100))
        {
            var page = await _json.CallAsync<TasksPage>("DescribeTasks", new JsonObject
            {
                ["cluster"] = cluster, ["tasks"] = ToArray(chunk),
            }, ct).ConfigureAwait(false);
            items.AddRange(page.Tasks ?? []);
            failures.AddRange(page.Failures ?? []);
        }
        return new(items, failures);
    }

    /// <summary>Describes services in batches of 10.</summary>
    public async Task<EcsDescribed<EcsService>> DescribeServicesAsync(string cluster, IEnumerable<string> services, CancellationToken ct = default)
    {
        var items = new List<EcsService>();
        var failures = new List<EcsFailure>();
        foreach (var chunk in services.Chunk(10))
        {
            var page = await _json.CallAsync<ServicesPage>("DescribeServices", new JsonObject
            {
                ["cluster"] = cluster, ["services"] = ToArray(chunk),
            }, ct).ConfigureAwait(false);
            items.AddRange(page.Services ?? []);
            failures.AddRange(page.Failures ?? []);
        }
        return new(items, failures);
    }

    public async Task<IReadOnlyList<string>> ListContainerInstancesAsync(string cluster, int? pageSize = null, CancellationToken ct = default)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await _json.CallAsync<ContainerInstanceArnsPage>("ListContainerInstances", new JsonObject
            {
                ["cluster"] = cluster, ["maxResults"] = pageSize, ["nextToken"] = token,
            }, ct).ConfigureAwait(false);
            arns.AddRange(page.ContainerInstanceArns ?? []);
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return arns;
    }

    public async Task<EcsDescribed<EcsContainerInstance>> DescribeContainerInstancesAsync(string cluster, IEnumerable<string> arns, CancellationToken ct = default)
    {
        var items = new List<EcsContainerInstance>();
        var failures = new List<EcsFailure>();
        foreach (var chunk in arns.Chunk(100))
        {
            var page = await _json.CallAsync<ContainerInstancesPage>("DescribeContainerInstances", new JsonObject
            {
                ["cluster"] = cluster, ["containerInstances"] = ToArray(chunk),
            }, ct).ConfigureAwait(false);
            items.AddRange(page.ContainerInstances ?? []);
            failures.AddRange(page.Failures ?? []);
        }
        return new(items, failures);
    }

    public async Task<EcsDescribed<EcsTask>> RunTaskAsync(EcsRunTaskRequest request, CancellationToken ct = default)
    {
        var page = await _json.CallAsync<TasksPage>("RunTask", new JsonObject
        {
            ["cluster"] = request.Cluster, ["taskDefinition"] = request.TaskDefinition, ["count"] = request.Count,
            ["launchType"] = request.LaunchType, ["group"] = request.Group, ["startedBy"] = request.StartedBy,
        }, ct).ConfigureAwait(false);
        return new(page.Tasks ?? [], page.Failures ?? []);
    }

    public async Task<EcsTask> StopTaskAsync(string cluster, string task, string? reason = null, CancellationToken ct = default)
    {
        var page = await _json.CallAsync<StoppedTask>("StopTask", new JsonObject
        {
            ["cluster"] = cluster, ["task"] = task, ["reason"] = reason,
        }, ct).ConfigureAwait(false);
        return page.Task ?? throw new AwsServiceException("ECS", "StopTask", 200, "EmptyResponse", "StopTask returned no task.", null);
    }

    private static JsonArray ToArray(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private sealed record TaskArnsPage(List<string>? TaskArns, string? NextToken);
    private sealed record ContainerInstanceArnsPage(List<string>? ContainerInstanceArns, string? NextToken);
    private sealed record TasksPage(List<EcsTask>? Tasks, List<EcsFailure>? Failures);
    private sealed record ServicesPage(List<EcsService>? Services, List<EcsFailure>? Failures);
    private sealed record ContainerInstancesPage(List<EcsContainerInstance>? ContainerInstances, List<EcsFailure>? Failures);
    private sealed record StoppedTask(EcsTask? Task);
}
