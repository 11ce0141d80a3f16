using System.Collections.Frozen;

namespace PypiKit.Sandbox.Balancer;

/// <summary>One registered target: its address, health state and counters (updated lock-free on the request path).</summary>
internal sealed class TargetEntry(string name, string url, TargetState state)
{
    public string Name { get; } = name;
    public volatile string Url = url;
    public volatile TargetState State = state;
    public long Requests, Outstanding, R2, R3, R4, R5, Failures, HcPassed, HcFailed, Restarts;
    public int ConsecutiveOk, ConsecutiveFail;
    public DateTimeOffset? LastStateChange;

    public TargetStats Snapshot() => new(Name, Url.TrimEnd('/'), State, Interlocked.Read(ref Requests), Interlocked.Read(ref Outstanding),
        Interlocked.Read(ref R2), Interlocked.Read(ref R3), Interlocked.Read(ref R4), Interlocked.Read(ref R5), Interlocked.Read(ref Failures),
        Interlocked.Read(ref HcPassed), Interlocked.Read(ref HcFailed), LastStateChange, Interlocked.Read(ref Restarts));

    public void CountStatus(int status)
    {
        if (status < 300) Interlocked.Increment(ref R2);
        else if (status < 400) Interlocked.Increment(ref R3);
        else if (status < 500) Interlocked.Increment(ref R4);
        else Interlocked.Increment(ref R5);
    }
}

/// <summary>
/// The balancer's own view of its targets: the one place health state lives (YARP asks it which destinations are
/// available). State changes are recorded in order and announced through <see cref="StateChanged"/>.
/// </summary>
internal sealed class TargetRegistry
{
    private readonly object _gate = new();
    private readonly List<TargetEntry> _ordered = [];
    private readonly List<TargetStateChange> _changes = [];
    private FrozenDictionary<string, TargetEntry> _byName = FrozenDictionary<string, TargetEntry>.Empty;

    /// <summary>Raised after a transition, outside the registry's lock.</summary>
    public event Action<TargetStateChange>? StateChanged;

    public TargetEntry? Find(string name) => _byName.GetValueOrDefault(name);

    public IReadOnlyList<TargetEntry> All { get { lock (_gate) return _ordered.ToArray(); } }

    public IReadOnlyList<TargetStateChange> Changes { get { lock (_gate) return _changes.ToArray(); } }

    public void Add(TargetEntry entry)
    {
        lock (_gate)
        {
            if (_byName.ContainsKey(entry.Name)) throw new InvalidInputException("target", $"target: '{entry.Name}' is already registered.");
            _ordered.Add(entry);
            _byName = _ordered.ToFrozenDictionary(t => t.Name);
        }
    }

    public bool Remove(string name)
    {
        lock (_gate)
        {
            if (_ordered.RemoveAll(t => t.Name == name) == 0) return false;
            _byName = _ordered.ToFrozenDictionary(t => t.Name);
            return true;
        }
    }

    /// <summary>Moves <paramref name="entry"/> to <paramref name="to"/>; false when it was already there.</summary>
    public bool SetState(TargetEntry entry, TargetState to, string reason)
    {
        TargetStateChange change;
        lock (_gate)
        {
            var from = entry.State;
            if (from == to) return false;
            entry.State = to;
            entry.LastStateChange = DateTimeOffset.UtcNow;
            change = new TargetStateChange(entry.LastStateChange.Value, entry.Name, from, to, reason);
            _changes.Add(change);
        }
        StateChanged?.Invoke(change);
        return true;
    }

    /// <summary>Applies one active probe result with ALB's thresholds; true when the state changed.</summary>
    public bool RecordProbe(TargetEntry entry, bool ok, string reason, HealthCheckOptions hc)
    {
        TargetState next;
        lock (_gate)
        {
            if (ok) { Interlocked.Increment(ref entry.HcPassed); entry.ConsecutiveOk++; entry.ConsecutiveFail = 0; }
            else { Interlocked.Increment(ref entry.HcFailed); entry.ConsecutiveFail++; entry.ConsecutiveOk = 0; }
            next = TargetHealth.Next(entry.State, entry.ConsecutiveOk, entry.ConsecutiveFail, hc);
        }
        return SetState(entry, next, reason);
    }

    /// <summary>Passive ejection: out of rotation now; back only after <see cref="HealthCheckOptions.HealthyThreshold"/> passing probes.</summary>
    public bool Eject(TargetEntry entry, string reason)
    {
        lock (_gate) entry.ConsecutiveOk = 0;
        return SetState(entry, TargetState.Unhealthy, reason);
    }

    /// <summary>A replacement process at <paramref name="url"/>: registered as a new task is, in the initial state.</summary>
    public void Replace(TargetEntry entry, string url)
    {
        lock (_gate)
        {
            entry.Url = url;
            entry.ConsecutiveOk = entry.ConsecutiveFail = 0;
            Interlocked.Increment(ref entry.Restarts);
        }
        SetState(entry, TargetState.Initial, "Target.Replaced (a new process took the dead one's place)");
    }
}
