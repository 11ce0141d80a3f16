using PypiKit.Telemetry.Aws;

namespace PypiKit.Burst.Distributed.Ecs;

/// <summary>
/// Watches every task of a run with one DescribeTasks round per interval (the client batches ≤ 100 ARNs a call), so N
/// shards cost N/100 calls per round, not N. Each waiter hears every change of its task's last status and gets the task
/// once it is STOPPED. After <see cref="EcsLaunchOptions.MaxPollFailures"/> failed rounds in a row the waiters get the error.
/// </summary>
internal sealed class EcsTaskWatcher(EcsClient ecs, EcsLaunchOptions options)
{
    private sealed class Waiter(Action<EcsTask> onChange)
    {
        public readonly TaskCompletionSource<EcsTask> Stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly Action<EcsTask> OnChange = onChange;
        public string? LastStatus;
    }

    private readonly object _gate = new();
    private readonly Dictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);
    private Task? _loop;

    /// <summary>The task once STOPPED; <paramref name="onChange"/> hears each new last status (first call wins for an ARN).</summary>
    public Task<EcsTask> WaitStoppedAsync(string taskArn, Action<EcsTask> onChange, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(taskArn, out var w)) _waiters[taskArn] = w = new Waiter(onChange);
            if (_loop is null) _loop = Task.Run(LoopAsync, CancellationToken.None);
            return w.Stopped.Task.WaitAsync(ct);
        }
    }

    private async Task LoopAsync()
    {
        var failures = 0;
        while (true)
        {
            List<KeyValuePair<string, Waiter>> pending;
            lock (_gate)
            {
                pending = _waiters.Where(kv => !kv.Value.Stopped.Task.IsCompleted).ToList();
                if (pending.Count == 0) { _loop = null; return; }
            }
            try
            {
                var described = await ecs.DescribeTasksAsync(options.Cluster, pending.Select(p => p.Key)).ConfigureAwait(false);
                failures = 0;
                var byArn = described.Items.ToDictionary(t => t.TaskArn, StringComparer.Ordinal);
                foreach (var (arn, w) in pending)
                {
                    if (byArn.TryGetValue(arn, out var task)) Observe(w, task);
                    else if (described.Failures.FirstOrDefault(f => f.Arn == arn) is { } f)
                        w.Stopped.TrySetException(new InvalidOperationException($"DescribeTasks: {f.Reason} {f.Detail}".Trim()));
                }
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or AwsConfigurationException)
            {
                if (++failures >= options.MaxPollFailures)
                    foreach (var (_, w) in pending) w.Stopped.TrySetException(e);
            }
            await Task.Delay(options.PollInterval).ConfigureAwait(false);
        }
    }

    private static void Observe(Waiter w, EcsTask task)
    {
        if (task.LastStatus != w.LastStatus)
        {
            w.LastStatus = task.LastStatus;
            w.OnChange(task);
        }
        if (task.LastStatus == "STOPPED") w.Stopped.TrySetResult(task);
    }
}
