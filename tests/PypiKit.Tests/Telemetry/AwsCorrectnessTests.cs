using System.Text.Json.Nodes;
using PypiKit.Series;
using PypiKit.Telemetry;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>What CloudWatch and the other services accept: periods, retention, regions, request bodies, alarm states.</summary>
public sealed class AwsCorrectnessTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(10, true)]
    [InlineData(20, true)]
    [InlineData(30, true)]
    [InlineData(60, true)]
    [InlineData(300, true)]
    [InlineData(7, false)]
    [InlineData(45, false)]
    [InlineData(90, false)]
    [InlineData(0, false)]
    [InlineData(-60, false)]
    public void Periods_are_the_ones_cloudwatch_accepts(int seconds, bool valid)
    {
        Assert.Equal(valid, CloudWatchPeriods.IsValid(seconds));
        if (!valid) Assert.Contains("--period", Assert.Throws<InvalidInputException>(() => CloudWatchPeriods.Validate(seconds)).Message);
    }

    [Fact]
    public void Periods_are_raised_to_what_retention_keeps_for_the_window_start()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(10, CloudWatchPeriods.Effective(10, now.AddHours(-2), now));      // high resolution: 3 hours
        Assert.Equal(60, CloudWatchPeriods.Effective(10, now.AddHours(-4), now));
        Assert.Equal(120, CloudWatchPeriods.Effective(120, now.AddDays(-14), now));     // 1-minute data: 15 days
        Assert.Equal(300, CloudWatchPeriods.Effective(60, now.AddDays(-16), now));      // 5-minute data: 63 days
        Assert.Equal(600, CloudWatchPeriods.Effective(420, now.AddDays(-16), now));     // next multiple of 300
        Assert.Equal(3600, CloudWatchPeriods.Effective(300, now.AddDays(-64), now));    // 1-hour data
    }

    [Fact]
    public async Task The_reader_raises_a_fine_period_over_an_old_window_and_says_so()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        using var aws = AwsClients.Create(new AwsOptions
        {
            EndpointUrl = "http://127.0.0.1:9", Region = "us-east-1", MaxAttempts = 1,
            Credentials = new Amazon.Runtime.BasicAWSCredentials("a", "b")
        });
        var panel = MetricCatalog.Get("efs-client-connections", new StackTarget { FileSystemId = "fs-1" });
        // The request fails (nothing listens on port 9), but the validation before it must not.
        var bad = await Assert.ThrowsAsync<InvalidInputException>(() => new MetricsReader(aws.CloudWatch).ReadAsync([panel], now.AddDays(-20), now, 45, now, TestContext.Current.CancellationToken));
        Assert.Contains("--period 45", bad.Message);
    }

    [Fact]
    public void A_region_that_differs_from_the_stacks_arns_is_bad_input_naming_the_flag()
    {
        var t = new StackTarget
        {
            ClusterName = "c",
            LoadBalancerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/pypi/abc",
        };
        Assert.Equal(["eu-west-1"], t.ArnRegions);
        t.CheckRegion("eu-west-1");
        var ex = Assert.Throws<InvalidInputException>(() => t.CheckRegion("us-east-1"));
        Assert.Equal("--region", ex.Input);
        Assert.Contains("eu-west-1", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        new StackTarget { ClusterName = "c" }.CheckRegion("us-east-1"); // nothing to compare with
    }

    [Fact]
    public void Json_requests_leave_out_null_members_at_every_depth()
    {
        var request = new JsonObject
        {
            ["cluster"] = "c", ["serviceName"] = null, ["nested"] = new JsonObject { ["a"] = null, ["b"] = 1 },
            ["list"] = new JsonArray(JsonValue.Create("x"), new JsonObject { ["z"] = null }),
        };
        Assert.Equal("""{"cluster":"c","nested":{"b":1},"list":["x",{}]}""", JsonProtocolClient.WithoutNulls(request)!.ToJsonString());
        Assert.Null(request["serviceName"]); // the caller's object is left as it was
        Assert.True(request.ContainsKey("serviceName"));
    }

    [Fact]
    public void A_local_alarm_evaluation_without_enough_data_is_insufficient_data_never_ok()
    {
        var rule = new AlarmRule("x", "GreaterThanThreshold", 80, 2);
        TimeSeries S(params double[] v) => new("x", "Percent", v.Select((y, i) => new TimePoint(DateTimeOffset.UnixEpoch.AddMinutes(i), y)).ToList());
        Assert.Equal(AlarmStateValue.InsufficientData, rule.Evaluate(S()));
        Assert.Equal(AlarmStateValue.InsufficientData, rule.Evaluate(S(10)));
        Assert.Equal(AlarmStateValue.Ok, rule.Evaluate(S(10, 20)));
        Assert.Equal(AlarmStateValue.Alarm, rule.Evaluate(S(81, 90)));
        Assert.Throws<InvalidInputException>(() => new AlarmRule("x", "Sideways", 1, 1).Evaluate(S(1)));
    }

    [Fact]
    public void Failures_are_classified_by_what_went_wrong()
    {
        Assert.Equal(TelemetryFailureKind.AccessDenied, TelemetryFailure.Classify(new AwsServiceException("SSM", "SendCommand", 400, "AccessDeniedException", "no", null)));
        Assert.Equal(TelemetryFailureKind.Throttled, TelemetryFailure.Classify(new AwsServiceException("ECS", "ListTasks", 400, "ThrottlingException", "slow down", null)));
        Assert.Equal(TelemetryFailureKind.AwsError, TelemetryFailure.Classify(new AwsServiceException("ECS", "ListTasks", 400, "ClusterNotFoundException", "", null)));
        Assert.Equal(TelemetryFailureKind.Network, TelemetryFailure.Classify(new HttpRequestException("Connection refused")));
        Assert.Equal(TelemetryFailureKind.Timeout, TelemetryFailure.Classify(new TimeoutException()));
        Assert.Equal(TelemetryFailureKind.MalformedReply, TelemetryFailure.Classify(new System.Text.Json.JsonException("'<' is invalid")));
        Assert.Equal("ssm send-command free_m: access_denied: AccessDeniedException: no",
            TelemetryFailure.From("ssm send-command free_m", new AwsServiceException("SSM", "SendCommand", 400, "AccessDeniedException", "no", null)).ToString());
    }

    [Fact]
    public void Oom_kills_are_read_from_the_task_or_its_containers()
    {
        var byContainer = new TaskSummary("arn:t/1", "STOPPED", "STOPPED", null, null, null, null, null, "Essential container in task exited")
        {
            StopCode = "EssentialContainerExited",
            Containers = [new ContainerSummary("pypiserver", "STOPPED", 137, "OutOfMemoryError: Container killed due to memory usage")],
        };
        Assert.True(byContainer.OomKilled);
        Assert.Equal("EssentialContainerExited; Essential container in task exited; pypiserver: exit 137, OutOfMemoryError: Container killed due to memory usage",
            byContainer.StopSummary);
        Assert.False((byContainer with { Containers = [new ContainerSummary("pypiserver", "STOPPED", 0, null)] }).OomKilled);
    }
}
