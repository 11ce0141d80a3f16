using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>
/// Takes <see cref="StackSnapshot"/>s of one stack: call <see cref="CollectBaselineAsync"/> before a burst and
/// <see cref="CollectAsync"/> once per burst iteration. A failing part (e.g. SSM access denied) is recorded in the
/// snapshot's <c>errors</c> and does not stop the rest. Thread-safe for sequential use by one burst.
/// </summary>
public sealed class SnapshotCollector(AwsClients aws, SnapshotOptions options)
{
    private readonly SnapshotOptions _options = options.Validate();
    private readonly List<StackSnapshot> _snapshots = [];
    private readonly object _gate = new();

    /// <summary>Snapshots taken so far, in order.</summary>
    public IReadOnlyList<StackSnapshot> Snapshots
    {
        get { lock (_gate) return _snapshots.ToList(); }
    }

    public Task<StackSnapshot> CollectBaselineAsync(CancellationToken ct = default) => CollectAsync(-1, "baseline", ct);

    public async Task<StackSnapshot> CollectAsync(int iteration, string? label = null, CancellationToken ct = default)
    {
        var t = _options.Target;
        var cluster = t.ClusterName!;
        var errors = new List<string>();
        var warnings = new List<string>();
        var timestamp = DateTimeOffset.UtcNow;

        async Task<T?> Try<T>(string what, Func<Task<T>> f) where T : class
        {
            try { return await f().ConfigureAwait(false); }
            catch (AwsServiceException ex) { errors.Add($"{what}: {ex.ErrorCode}: {ex.AwsMessage}"); }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or AwsConfigurationException) { errors.Add($"{what}: {ex.Message}"); }
            return null;
        }

        // ECS service counts.
        EcsServiceCounts? counts = null;
        if (t.ServiceName is { } serviceName)
        {
            var described = await Try("ecs describe-services", () => aws.Ecs.DescribeServicesAsync(cluster, [serviceName], ct)).ConfigureAwait(false);
            if (described?.Items.FirstOrDefault() is { } s)
            {
                var primary = s.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY") ?? s.Deployments?.FirstOrDefault();
                counts = new EcsServiceCounts(s.ServiceName, s.Status, s.DesiredCount, s.RunningCount, s.PendingCount, primary?.RolloutState,
                    s.Events?.FirstOrDefault()?.Message);
                if (s.RunningCount != s.DesiredCount) warnings.Add($"running tasks ({s.RunningCount}) != desired ({s.DesiredCount})");
                if (s.PendingCount > 0) warnings.Add($"{s.PendingCount} task(s) pending");
            }
            else if (described is not null) errors.Add($"ecs describe-services: service '{serviceName}' not found in cluster '{cluster}'");
        }

        // Tasks and where they run.
        var tasks = new List<TaskSummary>();
        var perInstance = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var instanceIds = new List<string>(t.InstanceIds);
        var arns = await Try("ecs list-tasks", () => aws.Ecs.ListTasksAsync(cluster, t.ServiceName, ct: ct)).ConfigureAwait(false);
        var ciArns = await Try("ecs list-container-instances", () => aws.Ecs.ListContainerInstancesAsync(cluster, ct: ct)).ConfigureAwait(false);
        var ciToInstance = new Dictionary<string, string>();
        if (ciArns is { Count: > 0 })
        {
            var cis = await Try("ecs describe-container-instances", () => aws.Ecs.DescribeContainerInstancesAsync(cluster, ciArns, ct)).ConfigureAwait(false);
            foreach (var ci in cis?.Items ?? [])
                if (ci.Ec2InstanceId is { } id) ciToInstance[ci.ContainerInstanceArn] = id;
            if (instanceIds.Count == 0) instanceIds.AddRange(ciToInstance.Values.Distinct().Order(StringComparer.Ordinal));
        }
        if (arns is { Count: > 0 })
        {
            var described = await Try("ecs describe-tasks", () => aws.Ecs.DescribeTasksAsync(cluster, arns, ct)).ConfigureAwait(false);
            // ListTasks(serviceName) is exact on AWS; the group filter also keeps moto (which ignores serviceName) honest.
            foreach (var task in (described?.Items ?? []).Where(x => t.ServiceName is null || x.Group is null || x.Group == "service:" + t.ServiceName))
            {
                var instance = task.ContainerInstanceArn is { } ci && ciToInstance.TryGetValue(ci, out var iid) ? iid : null;
                tasks.Add(new TaskSummary(task.TaskArn, task.LastStatus, task.DesiredStatus, task.HealthStatus, instance, task.Cpu, task.Memory,
                    task.StartedAt, task.StoppedReason));
                var key = instance ?? "(unplaced)";
                perInstance[key] = perInstance.GetValueOrDefault(key) + 1;
            }
        }

        // Target group: which one, its attributes, target health.
        var targets = new List<TargetHealthEntry>();
        IReadOnlyDictionary<string, string> attributes = new Dictionary<string, string>();
        var tgArn = t.TargetGroupArn;
        if (tgArn is null && t.LoadBalancerArn is { } lbArn)
        {
            var groups = await Try("elbv2 describe-target-groups", () => aws.Elbv2.DescribeTargetGroupsAsync(loadBalancerArn: lbArn, ct: ct)).ConfigureAwait(false);
            tgArn = groups?.FirstOrDefault()?.TargetGroupArn;
        }
        if (tgArn is not null)
        {
            attributes = await Try("elbv2 describe-target-group-attributes", () => aws.Elbv2.DescribeTargetGroupAttributesAsync(tgArn, ct)).ConfigureAwait(false)
                         ?? attributes;
            targets.AddRange(await Try("elbv2 describe-target-health", () => aws.Elbv2.DescribeTargetHealthAsync(tgArn, ct)).ConfigureAwait(false) ?? []);
        }
        var targetCounts = TargetHealthCounts.From(targets);
        if (targetCounts.Unhealthy > 0) warnings.Add($"{targetCounts.Unhealthy} unhealthy target(s)");

        // Host commands through SSM.
        var hosts = new List<HostSnapshot>();
        if (_options.CollectHostCommands && instanceIds.Count > 0)
            hosts.AddRange(await CollectHostsAsync(instanceIds.Take(_options.MaxHosts).ToList(), ct).ConfigureAwait(false));

        var snapshot = new StackSnapshot(timestamp, iteration, iteration < 0, label, counts, targets, targetCounts, attributes,
            perInstance, tasks, hosts, warnings, errors);
        lock (_gate) _snapshots.Add(snapshot);
        return snapshot;
    }

    private async Task<IReadOnlyList<HostSnapshot>> CollectHostsAsync(IReadOnlyList<string> instances, CancellationToken ct)
    {
        var results = instances.ToDictionary(i => i, _ => (Commands: new SortedDictionary<string, HostCommandResult>(StringComparer.Ordinal), Errors: new List<string>()));
        foreach (var command in _options.HostCommands)
        {
            string commandId;
            try
            {
                commandId = await aws.Ssm.SendShellCommandAsync(instances, [command.Command], TimeSpan.FromSeconds(command.TimeoutSeconds),
                    "pypikit snapshot: " + command.Name, ct).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                foreach (var r in results.Values) r.Errors.Add($"{command.Name}: ssm send-command: {ex.ErrorCode}: {ex.AwsMessage}");
                continue;
            }
            var waits = instances.Select(async id =>
            {
                try
                {
                    var inv = await aws.Ssm.WaitForInvocationAsync(commandId, id, TimeSpan.FromSeconds(command.TimeoutSeconds + 15), ct).ConfigureAwait(false);
                    lock (results) results[id].Commands[command.Name] = new HostCommandResult(inv.Status, inv.ResponseCode, inv.StandardOutput, inv.StandardError);
                }
                catch (AwsServiceException ex)
                {
                    lock (results) results[id].Errors.Add($"{command.Name}: ssm get-command-invocation: {ex.ErrorCode}: {ex.AwsMessage}");
                }
            });
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        return instances.Select(i => new HostSnapshot(i, results[i].Commands, results[i].Errors)).ToList();
    }
}
