using System.Collections.Concurrent;

namespace PypiKit.Sandbox.Auth;

/// <summary>
/// Counts failed logins per client in fixed windows: once a client has failed <c>limit</c> times within one
/// <c>window</c>, it is refused (429) until the window ends, without any hash being checked for it.
/// </summary>
internal sealed class FailureLimiter(int limit, TimeSpan window, TimeProvider? time = null)
{
    private const int MaxClients = 10_000;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Window> _clients = new(StringComparer.Ordinal);

    private sealed class Window(long start)
    {
        public long Start = start;
        public int Failures;
    }

    public int Limit { get; } = limit;
    public TimeSpan WindowLength { get; } = window;

    /// <summary>Time left before <paramref name="client"/> may try again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!_clients.TryGetValue(client, out var w)) return null;
        var now = _time.GetTimestamp();
        lock (w)
        {
            var elapsed = _time.GetElapsedTime(w.Start, now);
            if (elapsed >= WindowLength) return null;
            return w.Failures >= Limit ? WindowLength - elapsed : null;
        }
    }

    public void RecordFailure(string client)
    {
        var now = _time.GetTimestamp();
        if (_clients.Count >= MaxClients) Prune(now);
        var w = _clients.GetOrAdd(client, _ => new Window(now));
        lock (w)
        {
            if (_time.GetElapsedTime(w.Start, now) >= WindowLength) { w.Start = now; w.Failures = 0; }
            w.Failures++;
        }
    }

    private void Prune(long now)
    {
        foreach (var (k, w) in _clients)
            if (_time.GetElapsedTime(w.Start, now) >= WindowLength) _clients.TryRemove(k, out _);
        if (_clients.Count >= MaxClients) _clients.Clear();
    }
}
