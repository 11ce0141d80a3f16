using PypiKit.Telemetry;
using PypiKit.Telemetry.Alarms;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>Real alarm states read back from CloudWatch (moto), never recomputed.</summary>
[Collection("moto")]
[Trait("Category", "Slow")]
public sealed class AlarmStatesMotoTests(MotoFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_alarm_without_data_is_reported_insufficient_data_with_its_transition()
    {
        fx.RequireMoto();
        using var aws = fx.Moto.Clients();
        var name = "pypi-" + Guid.NewGuid().ToString("N")[..6] + "-memory-high";
        var def = StackAlarms.Build(StackAlarmInputs.Reference).Single(a => a.NameSuffix == "memory-high");
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        await aws.CloudWatch.PutMetricAlarmAsync(new MetricAlarmRequest(name,
            new MetricIdentity(def.Namespace, def.MetricName, [new("ClusterName", "no-data"), new("ServiceName", "no-data")]),
            def.Statistic, def.PeriodSeconds, def.EvaluationPeriods, def.Threshold, def.ComparisonOperator), Ct);
        // moto creates alarms in OK; CloudWatch creates them in INSUFFICIENT_DATA and keeps them there without data.
        await aws.CloudWatch.SetAlarmStateAsync(name, "INSUFFICIENT_DATA", "no datapoints were received", Ct);

        var states = await new AlarmStates(aws.CloudWatch).ReadAsync([name, "no-such-alarm"], from, DateTimeOffset.UtcNow.AddMinutes(1), Ct);
        var state = Assert.Single(states, s => s.Name == name);
        Assert.Equal("INSUFFICIENT_DATA", state.State);
        Assert.Equal("no datapoints were received", state.Reason);
        // moto has no DescribeAlarmHistory (HTTP 500): the missing transitions are a recorded failure, not "no change".
        if (state.HistoryFailure is { } failure) Assert.Empty(state.Transitions);
        else Assert.Equal(("OK", "INSUFFICIENT_DATA"), (Assert.Single(state.Transitions).From, Assert.Single(state.Transitions).To));
        Assert.True(state.HistoryFailure is null || state.HistoryFailure.Kind == TelemetryFailureKind.AwsError);
        Assert.True(Assert.Single(states, s => s.Name == "no-such-alarm").Missing);

        var described = Assert.Single(await aws.CloudWatch.DescribeAlarmsAsync([name], Ct));
        Assert.Equal(def.Threshold, described.Threshold);
        Assert.Equal("MemoryUtilization", described.MetricName);
    }
}
