using Amazon.Runtime;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary><c>pypikit telemetry logs</c> against moto: the group from the stack outputs, a tail, a filter, Logs Insights.</summary>
[Collection("telemetry-cli")]
[Trait("Category", "Slow")]
public sealed class TelemetryLogsCliTests(TelemetryCliFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_of_the_stack_are_tailed_filtered_and_queried()
    {
        fx.RequireMoto();
        var group = "/ecs/pypiserver/cli-" + Guid.NewGuid().ToString("N")[..6];
        using (var aws = AwsClients.Create(new AwsOptions
        {
            EndpointUrl = fx.Url, Region = "us-east-1", Credentials = new BasicAWSCredentials(fx.AccessKeyId, fx.SecretAccessKey),
        }))
        {
            await aws.Logs.CreateLogGroupAsync(group, Ct);
            await aws.Logs.CreateLogStreamAsync(group, "pypiserver/pypiserver/t1", Ct);
            var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
            await aws.Logs.PutLogEventsAsync(group, "pypiserver/pypiserver/t1",
                Enumerable.Range(0, 12).Select(i => (t0.AddSeconds(i), i == 7 ? "[CRITICAL] WORKER TIMEOUT (pid:7)" : $"GET /simple/p{i}/ 200")), Ct);
        }
        var outputs = Path.Combine(fx.Dir, "outputs-logs.json");
        await File.WriteAllTextAsync(outputs, $$"""{"logGroupName": "{{group}}", "clusterName": "pypi"}""", Ct);

        var tail = await CliRunner.RunAsync(["telemetry", "logs", "--stack-outputs", outputs, "--endpoint-url", fx.Url, "--region", "us-east-1",
            "--since", "30m", "--tail", "3"], environment: fx.Env());
        Assert.True(tail.ExitCode == 0, tail.Stderr);
        var lines = tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("GET /simple/p11/ 200", lines[^1]);
        Assert.Contains("pypiserver/pypiserver/t1", lines[0]);

        var filtered = await CliRunner.RunAsync(["telemetry", "logs", "--log-group", group, "--endpoint-url", fx.Url, "--region", "us-east-1",
            "--since", "30m", "--filter", "\"WORKER TIMEOUT\""], environment: fx.Env());
        Assert.True(filtered.ExitCode == 0, filtered.Stderr);
        Assert.Contains("WORKER TIMEOUT (pid:7)", Assert.Single(filtered.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        var insights = await CliRunner.RunAsync(["telemetry", "logs", "--log-group", group, "--endpoint-url", fx.Url, "--region", "us-east-1",
            "--since", "30m", "--insights", "fields @timestamp, @message | sort @timestamp asc | limit 100"], environment: fx.Env());
        Assert.True(insights.ExitCode == 0, insights.Stderr);
        Assert.Contains("Complete, 12 row(s)", insights.Stdout);

        var none = await CliRunner.RunAsync(["telemetry", "logs", "--endpoint-url", fx.Url, "--region", "us-east-1"], environment: fx.Env());
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--log-group", none.Stderr);
    }
}
