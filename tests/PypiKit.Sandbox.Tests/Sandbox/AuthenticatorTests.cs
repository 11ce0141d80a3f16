using PypiKit.Sandbox.Auth;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>The work an <see cref="Authenticator"/> does, counted by hash shape (scheme and cost), never timed.</summary>
public sealed class AuthenticatorTests : IDisposable
{
    private readonly TempDir _dir = new("pypikit-authn-");
    private readonly string _path;

    public AuthenticatorTests()
    {
        _path = Path.Combine(_dir.Path, "htpasswd");
        HtpasswdFile.SetUser(_path, "alice", "right", cost: 6);
        File.AppendAllText(_path, "carol:" + Md5Crypt.Compute("apr", Md5Crypt.NewSalt()) + "\n"); // a cheaper hash in the same file
    }

    public void Dispose() => _dir.Dispose();

    private Authenticator New(int failureLimit = 0) =>
        new(new HtpasswdFile(_path), new AuthPolicy(CacheVerified: true, failureLimit, TimeSpan.FromMinutes(1)));

    [Fact]
    public void An_unknown_user_costs_the_same_hash_check_as_a_known_user_with_a_wrong_password()
    {
        var auth = New();
        Assert.Equal(AuthOutcome.Denied, auth.Check("alice", "wrong", "c1"));
        var afterKnown = auth.Stats.HashChecks;
        Assert.Equal(new Dictionary<string, long> { ["$2y$06$"] = 1 }, afterKnown);

        Assert.Equal(AuthOutcome.Denied, auth.Check("mallory", "whatever", "c1"));
        // one more check of the same scheme and cost: the costliest hash of the file, not the cheap apr1 one
        Assert.Equal(new Dictionary<string, long> { ["$2y$06$"] = 2 }, auth.Stats.HashChecks);
        Assert.Equal(2, auth.Stats.Failures);
    }

    [Fact]
    public void Valid_clients_pay_one_hash_check_then_hit_the_cache_until_the_file_changes()
    {
        var auth = New();
        for (int i = 0; i < 10; i++) Assert.Equal(AuthOutcome.Allowed, auth.Check("alice", "right", "c1"));
        Assert.Equal(1, auth.Stats.HashChecks.Values.Sum());
        Assert.Equal(9, auth.Stats.CacheHits);

        // a wrong password is never answered from the cache
        Assert.Equal(AuthOutcome.Denied, auth.Check("alice", "right ", "c1"));
        Assert.Equal(2, auth.Stats.HashChecks.Values.Sum());

        // a changed file (new password) empties the cache: the old password no longer passes
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(-30));
        HtpasswdFile.SetUser(_path, "alice", "changed", cost: 4);
        Thread.Sleep(150); // past the 100 ms stat throttle
        Assert.Equal(AuthOutcome.Denied, auth.Check("alice", "right", "c1"));
        Assert.Equal(AuthOutcome.Allowed, auth.Check("alice", "changed", "c1"));
    }

    [Fact]
    public void The_cache_key_is_a_keyed_hash_that_differs_between_processes_and_holds_no_password()
    {
        var a = new CredentialCache();
        var b = new CredentialCache();
        var key = a.KeyOf("alice", "right");
        Assert.Equal(key, a.KeyOf("alice", "right"));
        Assert.NotEqual(key, b.KeyOf("alice", "right")); // per-instance random HMAC key
        Assert.NotEqual(key, a.KeyOf("alicer", "ight")); // user and password are separated
        Assert.DoesNotContain("right", key);
    }

    [Fact]
    public void After_the_failure_limit_a_client_is_throttled_without_any_hash_check()
    {
        var auth = New(failureLimit: 5);
        for (int i = 0; i < 5; i++) Assert.Equal(AuthOutcome.Denied, auth.Check("alice", "guess" + i, "attacker"));
        var work = auth.Stats.HashChecks.Values.Sum();
        for (int i = 0; i < 100; i++) Assert.Equal(AuthOutcome.Throttled, auth.Check("alice", "guess" + i, "attacker"));
        Assert.Equal(work, auth.Stats.HashChecks.Values.Sum());
        Assert.Equal(100, auth.Stats.Throttled);
        Assert.Equal(AuthOutcome.Throttled, auth.Check("alice", "right", "attacker"));
        Assert.Equal(AuthOutcome.Allowed, auth.Check("alice", "right", "someone-else"));
    }

    [Fact]
    public void The_limit_lifts_when_the_window_ends()
    {
        var time = new ManualTime();
        var limiter = new FailureLimiter(2, TimeSpan.FromSeconds(60), time);
        limiter.RecordFailure("c");
        Assert.Null(limiter.RetryAfter("c"));
        limiter.RecordFailure("c");
        Assert.Equal(TimeSpan.FromSeconds(60), limiter.RetryAfter("c"));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.RetryAfter("c"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limiter.RetryAfter("c"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
