using System.Text.Json;

namespace PypiKit.Tests.Telemetry;

/// <summary>One moto server for the whole "moto" collection, seeded once with a pypiserver-like stack.</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public MotoServer? Server { get; private set; }
    public string? SkipReason { get; private set; }
    public JsonElement Seed { get; private set; }

    public MotoServer Moto => Server ?? throw new InvalidOperationException("moto is not running");
    public string Cluster => Seed.GetProperty("cluster").GetString()!;
    public string Service => Seed.GetProperty("service").GetString()!;
    public string TargetGroupArn => Seed.GetProperty("target_group_arn").GetString()!;
    public string LoadBalancerArn => Seed.GetProperty("load_balancer_arn").GetString()!;
    public string FileSystemId => Seed.GetProperty("file_system_id").GetString()!;
    public IReadOnlyList<string> InstanceIds => Seed.GetProperty("instance_ids").EnumerateArray().Select(e => e.GetString()!).ToList();
    public IReadOnlyList<string> TaskArns => Seed.GetProperty("task_arns").EnumerateArray().Select(e => e.GetString()!).ToList();

    public async ValueTask InitializeAsync()
    {
        TelemetryTestEnvironment.Apply();
        SkipReason = MotoServer.UnavailableReason();
        if (SkipReason is not null) return;
        Server = await MotoServer.StartAsync();
        Seed = await Server.SeedAsync("data");
    }

    /// <summary>Skips the calling test (outside CI) when moto is unavailable.</summary>
    public void RequireMoto()
    {
        TelemetryTestEnvironment.Apply();
        if (SkipReason is not null) Assert.Skip(SkipReason);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }
}

[CollectionDefinition("moto")]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>;
