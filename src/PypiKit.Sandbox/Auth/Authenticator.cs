using System.Collections.Concurrent;

namespace PypiKit.Sandbox.Auth;

/// <summary>What a credential check decided.</summary>
public enum AuthOutcome { Allowed, Denied, Throttled }

/// <summary>Counters of an <see cref="Authenticator"/>.</summary>
/// <param name="HashChecks">Password hashes checked, by <see cref="HtpasswdHash.Shape"/> (e.g. <c>$2y$10$</c>): the work done.</param>
/// <param name="CacheHits">Requests allowed from the cache of verified credentials, without a hash check.</param>
/// <param name="Throttled">Requests refused by the failure limiter, without a hash check.</param>
/// <param name="Failures">Checks that failed (wrong password or unknown user).</param>
public sealed record AuthStats(IReadOnlyDictionary<string, long> HashChecks, long CacheHits, long Throttled, long Failures);

/// <summary>How an <see cref="Authenticator"/> trades cost for fidelity.</summary>
/// <param name="CacheVerified">Remember verified credentials (keyed hash) so valid clients pay the hash check once.</param>
/// <param name="FailureLimit">Failed logins a client may have per window before it gets 429; 0 turns the limiter off.</param>
/// <param name="FailureWindow">Length of the limiter's window.</param>
public sealed record AuthPolicy(bool CacheVerified, int FailureLimit, TimeSpan FailureWindow);

/// <summary>
/// Basic-auth checks against an htpasswd file that do the same work whoever asks: an unknown user is checked against a
/// dummy hash shaped like the file's costliest one; a client that failed too often is refused before any hash is
/// checked; verified credentials are remembered by keyed hash (<see cref="CredentialCache"/>) so they cost no bcrypt
/// afterwards. Concurrent checks of the same credentials share one hash check.
/// </summary>
public sealed class Authenticator
{
    private readonly HtpasswdFile _file;
    private readonly CredentialCache _cache = new();
    private readonly FailureLimiter? _limiter;
    private readonly ConcurrentDictionary<string, Lazy<bool>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _hashChecks = new(StringComparer.Ordinal);
    private HtpasswdUsers? _cachedFor;
    private long _cacheHits, _throttled, _failures;

    public Authenticator(HtpasswdFile file, AuthPolicy policy, TimeProvider? time = null)
    {
        _file = file;
        Policy = policy;
        _limiter = policy.FailureLimit > 0 ? new FailureLimiter(policy.FailureLimit, policy.FailureWindow, time) : null;
    }

    public AuthPolicy Policy { get; }

    public AuthStats Stats => new(_hashChecks.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        Interlocked.Read(ref _cacheHits), Interlocked.Read(ref _throttled), Interlocked.Read(ref _failures));

    /// <summary>When <paramref name="client"/> is being refused, how long until it may try again.</summary>
    public TimeSpan? RetryAfter(string client) => _limiter?.RetryAfter(client);

    /// <summary>Checks <paramref name="user"/>:<paramref name="password"/> sent by <paramref name="client"/> (its address).</summary>
    public AuthOutcome Check(string user, string password, string client)
    {
        if (_limiter?.RetryAfter(client) is not null)
        {
            Interlocked.Increment(ref _throttled);
            return AuthOutcome.Throttled;
        }
        var users = _file.Current;
        if (!ReferenceEquals(users, Volatile.Read(ref _cachedFor)))
        {
            _cache.Clear(); // the file changed: passwords may have been changed or removed
            Volatile.Write(ref _cachedFor, users);
        }
        var key = _cache.KeyOf(user, password);
        if (Policy.CacheVerified && _cache.Contains(key))
        {
            Interlocked.Increment(ref _cacheHits);
            return AuthOutcome.Allowed;
        }
        bool ok;
        if (!Policy.CacheVerified) ok = CheckHash(users, user, password); // fidelity: every request pays its own check
        else
        {
            var check = _inFlight.GetOrAdd(key, _ => new Lazy<bool>(() => CheckHash(users, user, password)));
            try { ok = check.Value; }
            finally { _inFlight.TryRemove(new KeyValuePair<string, Lazy<bool>>(key, check)); }
        }
        if (ok)
        {
            if (Policy.CacheVerified) _cache.Add(key);
            return AuthOutcome.Allowed;
        }
        Interlocked.Increment(ref _failures);
        _limiter?.RecordFailure(client);
        return AuthOutcome.Denied;
    }

    private bool CheckHash(HtpasswdUsers users, string user, string password)
    {
        bool known = users.Users.TryGetValue(user, out var hash);
        var against = known ? hash! : users.DummyHash;
        if (against is null) return false; // an empty file: nobody to pretend to be
        _hashChecks.AddOrUpdate(HtpasswdHash.Shape(against), 1, (_, n) => n + 1);
        bool match = HtpasswdHash.Verify(password, against);
        return known && match;
    }
}
