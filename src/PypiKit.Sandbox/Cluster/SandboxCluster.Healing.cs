using PypiKit.Sandbox.Balancer;

namespace PypiKit.Sandbox;

/// <summary>Self-healing: a dead instance is replaced after the balancer marks it unhealthy (an ECS service replacing a stopped task).</summary>
public sealed partial class SandboxCluster
{
    private const int ReplacementAttempts = 3;
    private readonly object _healGate = new();
    private readonly HashSet<string> _replacing = [];
    private readonly List<Task> _replacements = [];
    private readonly List<string> _replacementErrors = [];
    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>Raised after a replacement instance took a dead one's place (its process id differs; a state file should be rewritten).</summary>
    public event Action<SandboxInstance>? InstanceReplaced;

    /// <summary>Replacements that failed all their attempts (one line each); empty when every dead instance came back.</summary>
    public IReadOnlyList<string> ReplacementErrors { get { lock (_healGate) return _replacementErrors.ToArray(); } }

    private void OnTargetStateChanged(TargetStateChange change)
    {
        if (change.To != TargetState.Unhealthy || !Options.ReplaceDeadInstances || Volatile.Read(ref _disposed) != 0) return;
        lock (_healGate)
        {
            if (!_replacing.Add(change.Target)) return;
            _replacements.RemoveAll(t => t.IsCompleted);
            _replacements.Add(Task.Run(() => ReplaceIfDeadAsync(change.Target)));
        }
    }

    private async Task ReplaceIfDeadAsync(string name)
    {
        var ct = _lifetime.Token;
        try
        {
            if (!await WaitDeadAsync(name, ct)) return;
            int index = _instances.FindIndex(i => i.Name == name);
            await _instances[index].DisposeAsync(); // reaps the exited process
            var io = Options.InstanceOptions(name, PackagesDirectory, PasswordFile);
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var inst = Options.Hosting == InstanceHosting.ChildProcess
                        ? await SandboxInstance.StartChildAsync(io, Options.ChildCommand, StateDirectory, Options.StartTimeout, ct)
                        : await SandboxInstance.StartInProcessAsync(io, ct);
                    lock (_healGate) _instances[index] = inst;
                    using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) }) await WarmUpAsync(http, inst.Url, Credentials, ct);
                    Balancer.ReplaceTarget(name, inst.Url);
                    InstanceReplaced?.Invoke(inst);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && attempt < ReplacementAttempts)
                {
                    await Task.Delay(Options.Balancer.HealthCheck.Interval, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception ex)
        {
            lock (_healGate) _replacementErrors.Add($"{name}: not replaced after {ReplacementAttempts} attempts: {ex.Message}");
        }
        finally
        {
            lock (_healGate) _replacing.Remove(name);
        }
    }

    /// <summary>
    /// True once the instance's process is gone. A connection failure can eject a target a moment before its process is
    /// seen to exit, so this waits up to the time active checks take to judge it; an instance still running then is left
    /// to the health checks (it is failing, not dead).
    /// </summary>
    private async Task<bool> WaitDeadAsync(string name, CancellationToken ct)
    {
        var hc = Options.Balancer.HealthCheck;
        var deadline = DateTime.UtcNow + hc.Interval * hc.UnhealthyThreshold + hc.Timeout;
        while (true)
        {
            var inst = _instances.FirstOrDefault(i => i.Name == name);
            if (inst is null) return false;
            if (!inst.IsRunning) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50, ct);
        }
    }

    private async Task StopReplacingAsync()
    {
        _lifetime.Cancel();
        Task[] pending;
        lock (_healGate) pending = _replacements.ToArray();
        await Task.WhenAll(pending);
        _lifetime.Dispose();
    }
}
