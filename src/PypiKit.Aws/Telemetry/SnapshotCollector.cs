using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>
/// Takes <see cref="StackSnapshot"/>s of one stack: call <see cref="CollectBaselineAsync"/> before a burst and
/// <see cref="CollectAsync"/> during it. Failures are data: a failing part (network, timeout, malformed reply,
/// AccessDenied, throttling after the session's retries) is recorded as a <see cref="TelemetryFailure"/> in the
/// snapshot and the rest still runs; only the caller's cancellation ends a snapshot early. The API part of a snapshot
/// is bounded by <see cref="SnapshotOptions.Timeout"/>. Thread-safe.
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

    public SnapshotOptions Options => _options;

    public Task<StackSnapshot> CollectBaselineAsync(CancellationToken ct = default) => CollectAsync(-1, "baseline", ct);

    public async Task<StackSnapshot> CollectAsync(int iteration, string? label = null, CancellationToken ct = default)
    {
        var t = _options.Target;
        var cluster = t.ClusterName!;
        var errors = new List<TelemetryFailure>();
        var warnings = new List<string>();
        var timestamp = DateTimeOffset.UtcNow;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        var dt = deadline.Token;

        async Task<T?> Try<T>(string what, Func<Task<T>> f) where T : class
        {
            if (dt.IsCancellationRequested)
            {
                ct.ThrowIfCancellationRequested();
                errors.Add(new TelemetryFailure(DateTimeOffset.UtcNow, what, TelemetryFailureKind.Timeout,
                    $"not tried: the snapshot's {_options.Timeout.TotalSeconds:0.#} s limit had passed"));
                return null;
            }
            try { return await f().ConfigureAwait(false); }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                errors.Add(TelemetryFailure.From(what, ex));
                return null;
            }
        }

        // ECS service counts and its latest events.
        EcsServiceCounts? counts = null;
        if (t.ServiceName is { } serviceName)
        {
            var described = await Try("ecs describe-services", () => aws.Ecs.DescribeServicesAsync(cluster, [serviceName], dt)).ConfigureAwait(false);
            if (described?.Items.FirstOrDefault() is { } s)
            {
                var primary = s.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY") ?? s.Deployments?.FirstOrDefault();
                var events = (s.Events ?? []).OrderByDescending(e => e.CreatedAt).Take(_options.ServiceEvents).ToList();
                counts = new EcsServiceCounts(s.ServiceName, s.Status, s.DesiredCount, s.RunningCount, s.PendingCount, primary?.RolloutState,
                    events.FirstOrDefault()?.Message)
                { LatestEvents = events };
                if (s.RunningCount != s.DesiredCount) warnings.Add($"running tasks ({s.RunningCount}) != desired ({s.DesiredCount})");
                if (s.PendingCount > 0) warnings.Add($"{s.PendingCount} task(s) pending");
            }
            else if (described is not null)
                errors.Add(new TelemetryFailure(DateTimeOffset.UtcNow, "ecs describe-services", TelemetryFailureKind.AwsError,
                    $"service '{serviceName}' not found in cluster '{cluster}'"));
        }

        // Tasks, running and recently stopped (ListTasks answers RUNNING only unless asked), and where they run.
        var tasks = new List<TaskSummary>();
        var perInstance = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var instanceIds = new List<string>(t.InstanceIds);
        var running = await Try("ecs list-tasks RUNNING", () => aws.Ecs.ListTasksAsync(cluster, t.ServiceName, desiredStatus: "RUNNING", ct: dt)).ConfigureAwait(false);
        var stopped = await Try("ecs list-tasks STOPPED", () => aws.Ecs.ListTasksAsync(cluster, t.ServiceName, desiredStatus: "STOPPED", ct: dt)).ConfigureAwait(false);
        var arns = (running ?? []).Concat(stopped ?? []).Distinct(StringComparer.Ordinal).ToList();
        var ciArns = await Try("ecs list-container-instances", () => aws.Ecs.ListContainerInstancesAsync(cluster, ct: dt)).ConfigureAwait(false);
        var ciToInstance = new Dictionary<string, string>();
        if (ciArns is { Count: > 0 })
        {
            var cis = await Try("ecs describe-container-instances", () => aws.Ecs.DescribeContainerInstancesAsync(cluster, ciArns, dt)).ConfigureAwait(false);
            foreach (var ci in cis?.Items ?? [])
                if (ci.Ec2InstanceId is { } id) ciToInstance[ci.ContainerInstanceArn] = id;
            if (instanceIds.Count == 0) instanceIds.AddRange(ciToInstance.Values.Distinct().Order(StringComparer.Ordinal));
        }
        if (instanceIds.Count == 0 && t.AutoScalingGroupName is { } asg)
        {
            var instances = await Try("ec2 describe-instances", () => aws.Ec2.InstancesOfAutoScalingGroupAsync(asg, dt)).ConfigureAwait(false);
            instanceIds.AddRange((instances ?? []).Select(i => i.InstanceId));
        }
        if (arns.Count > 0)
        {
            var described = await Try("ecs describe-tasks", () => aws.Ecs.DescribeTasksAsync(cluster, arns, dt)).ConfigureAwait(false);
            // ListTasks(serviceName) is exact on AWS; the group filter also keeps moto (which ignores serviceName) honest.
            foreach (var task in (described?.Items ?? []).Where(x => t.ServiceName is null || x.Group is null || x.Group == "service:" + t.ServiceName))
            {
                var instance = task.ContainerInstanceArn is { } ci && ciToInstance.TryGetValue(ci, out var iid) ? iid : null;
                tasks.Add(new TaskSummary(task.TaskArn, task.LastStatus, task.DesiredStatus, task.HealthStatus, instance, task.Cpu, task.Memory,
                    task.StartedAt, task.StoppedReason)
                {
                    StopCode = task.StopCode,
                    StoppedAt = task.StoppedAt,
                    Containers = (task.Containers ?? []).Select(c => new ContainerSummary(c.Name, c.LastStatus, c.ExitCode, c.Reason)).ToList(),
                });
                if (task.DesiredStatus == "STOPPED" || task.LastStatus == "STOPPED") continue;
                var key = instance ?? "(unplaced)";
                perInstance[key] = perInstance.GetValueOrDefault(key) + 1;
            }
        }
        var oom = tasks.Count(x => x.OomKilled);
        if (oom > 0) warnings.Add($"{oom} task(s) killed for memory (OutOfMemoryError)");

        // Target group: which one, its attributes, target health.
        var targets = new List<TargetHealthEntry>();
        IReadOnlyDictionary<string, string> attributes = new Dictionary<string, string>();
        var tgArn = t.TargetGroupArn;
        if (tgArn is null && t.LoadBalancerArn is { } lbArn)
        {
            var groups = await Try("elbv2 describe-target-groups", () => aws.Elbv2.DescribeTargetGroupsAsync(loadBalancerArn: lbArn, ct: dt)).ConfigureAwait(false);
            tgArn = groups?.FirstOrDefault()?.TargetGroupArn;
        }
        if (tgArn is not null)
        {
            attributes = await Try("elbv2 describe-target-group-attributes", () => aws.Elbv2.DescribeTargetGroupAttributesAsync(tgArn, dt)).ConfigureAwait(false)
                         ?? attributes;
            targets.AddRange(await Try("elbv2 describe-target-health", () => aws.Elbv2.DescribeTargetHealthAsync(tgArn, dt)).ConfigureAwait(false) ?? []);
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

    /// <summary>Every host command at once (one SendCommand each), each bounded by its own timeout + 15 s.</summary>
    private async Task<IReadOnlyList<HostSnapshot>> CollectHostsAsync(IReadOnlyList<string> instances, CancellationToken ct)
    {
        var results = instances.ToDictionary(i => i, _ => (Commands: new SortedDictionary<string, HostCommandResult>(StringComparer.Ordinal), Errors: new List<TelemetryFailure>()));
        void Fail(string id, string part, Exception ex)
        {
            lock (results) results[id].Errors.Add(TelemetryFailure.From(part, ex));
        }
        await Task.WhenAll(_options.HostCommands.Select(async command =>
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(command.TimeoutSeconds + 15));
            string commandId;
            try
            {
                commandId = await aws.Ssm.SendShellCommandAsync(instances, [command.Command], TimeSpan.FromSeconds(command.TimeoutSeconds),
                    "pypikit snapshot: " + command.Name, limit.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                foreach (var id in instances) Fail(id, $"ssm send-command {command.Name}", ex);
                return;
            }
            await Task.WhenAll(instances.Select(async id =>
            {
                try
                {
                    var inv = await aws.Ssm.WaitForInvocationAsync(commandId, id, TimeSpan.FromSeconds(command.TimeoutSeconds + 15), limit.Token).ConfigureAwait(false);
                    lock (results) results[id].Commands[command.Name] = new HostCommandResult(inv.Status, inv.ResponseCode, inv.StandardOutput, inv.StandardError);
                    if (!inv.Succeeded)
                        lock (results) results[id].Errors.Add(new TelemetryFailure(DateTimeOffset.UtcNow, $"ssm {command.Name} on {id}",
                            TelemetryFailureKind.AwsError, $"command ended {inv.Status} (exit {inv.ResponseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})"));
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    Fail(id, $"ssm get-command-invocation {command.Name} on {id}", ex);
                }
            })).ConfigureAwait(false);
        })).ConfigureAwait(false);
        return instances.Select(i => new HostSnapshot(i, results[i].Commands, results[i].Errors)).ToList();
    }
}
