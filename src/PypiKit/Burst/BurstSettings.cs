namespace PypiKit.Burst;

/// <summary>The run's settings as recorded in the result.</summary>
public sealed record BurstSettings(
    string Executor, BurstProfile Profile, double RequestTimeoutSeconds, bool SharedCookieJar, string Shard, int Seed,
    long MaxRequests, int MaxInFlight, string InstanceHeader);
