using PypiKit.Telemetry;

namespace PypiKit.Tests.Telemetry;

/// <summary><see cref="TaskLogs"/> against moto: windows read across pages, tails, filters, stream prefixes, following.</summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public sealed class TaskLogsMotoTests(MotoFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_are_read_across_pages_tailed_filtered_and_followed()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var group = "/ecs/pypiserver/" + Guid.NewGuid().ToString("N")[..8];
        await aws.Logs.CreateLogGroupAsync(group, Ct);
        string[] streams = ["pypiserver/pypiserver/task-a", "pypiserver/pypiserver/task-b", "sidecar/agent/task-a"];
        foreach (var s in streams) await aws.Logs.CreateLogStreamAsync(group, s, Ct);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        for (var k = 0; k < streams.Length; k++)
            await aws.Logs.PutLogEventsAsync(group, streams[k], Enumerable.Range(0, 10).Select(i =>
                (t0.AddSeconds(i * 3 + k), i == 4 ? $"[CRITICAL] WORKER TIMEOUT (pid:{k}{i})" : $"GET /simple/p{k}{i}/ 200")), Ct);

        var logs = new TaskLogs(aws.Logs);
        var window = new TaskLogQuery(group, t0.AddMinutes(-1), DateTimeOffset.UtcNow) { PageSize = 4 };
        var all = await logs.ReadAsync(window, Ct);
        Assert.Equal(30, all.Count); // eight pages of four
        Assert.Equal(all.OrderBy(e => e.Timestamp).Select(e => e.Message), all.Select(e => e.Message));

        var tail = await logs.ReadAsync(window with { Tail = 5 }, Ct);
        Assert.Equal(all.TakeLast(5).Select(e => e.Message), tail.Select(e => e.Message));

        var timeouts = await logs.ReadAsync(window with { FilterPattern = "\"WORKER TIMEOUT\"" }, Ct);
        Assert.Equal(3, timeouts.Count);

        var pypiserver = await logs.ReadAsync(window with { StreamPrefix = "pypiserver/" }, Ct);
        Assert.Equal(20, pypiserver.Count);
        Assert.All(pypiserver, e => Assert.StartsWith("pypiserver/", e.LogStreamName));
        Assert.Empty(await logs.ReadAsync(window with { StreamPrefix = "nothing-here/" }, Ct));

        var streamsListed = await aws.Logs.DescribeLogStreamsAsync(group, pageSize: 2, ct: Ct);
        Assert.Equal(streams.Order(), streamsListed.Select(s => s.Name).Order());

        var follower = logs.Follow(window);
        Assert.Equal(30, (await follower.NextAsync(Ct)).Count);
        Assert.Empty(await follower.NextAsync(Ct));
        var t1 = t0.AddMinutes(5);
        await aws.Logs.PutLogEventsAsync(group, streams[0], [(t1, "GET /simple/new/ 200"), (t1, "GET /simple/same-ms/ 200")], Ct);
        var fresh = await follower.NextAsync(Ct);
        Assert.Equal(["GET /simple/new/ 200", "GET /simple/same-ms/ 200"], fresh.Select(e => e.Message).Order());
        Assert.Empty(await follower.NextAsync(Ct));
    }

    [Fact]
    public void A_query_without_a_log_group_is_bad_input_naming_the_flag()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new TaskLogQuery("", DateTimeOffset.UtcNow.AddHours(-1)).Validate());
        Assert.Equal("--log-group", ex.Input);
        Assert.Equal("--tail", Assert.Throws<InvalidInputException>(() => new TaskLogQuery("g", DateTimeOffset.UtcNow) { Tail = 0 }.Validate()).Input);
    }
}
