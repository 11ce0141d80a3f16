using PypiKit.Sizing;
using PypiKit.Automation.Model;
using PypiKit.Automation.Yaml;
using PypiKit.Telemetry.Alarms;
using static PypiKit.Automation.Yaml.Y;

namespace PypiKit.Automation.Rendering;

/// <summary>
/// The stack's alarms, rendered from the one definition in <see cref="StackAlarms"/> (thresholds from the model's
/// <see cref="ObservabilitySpec"/>), and the outputs telemetry needs to read them back: the log group and every alarm as
/// data (name, metric, namespace, dimensions, statistic, period, threshold, comparison).
/// </summary>
public sealed partial class PulumiYamlRenderer
{
    /// <summary>The alarm definitions of <paramref name="m"/>: what the renderer writes and the outputs carry.</summary>
    public static IReadOnlyList<AlarmDefinition> AlarmsOf(StackModel m)
    {
        var o = m.Observability;
        return StackAlarms.Build(new StackAlarmInputs(new AlarmThresholds
        {
            EfsBurstCreditBytes = o.EfsBurstCreditThresholdBytes,
            EfsPercentIoLimit = o.EfsPercentIoLimitThreshold,
            HighLatencySeconds = o.HighLatencySeconds,
            SuccessRatePercent = o.SuccessRateThresholdPercent,
            HighCpuPercent = o.HighCpuPercent,
        }, EfsBursting: m.Storage.Throughput == EfsThroughputMode.Bursting, UsesEc2: m.Cluster.UsesEc2, TaskMinCount: m.Service.TaskMinCount));
    }

    /// <summary>One <c>aws:cloudwatch:MetricAlarm</c> per definition, notifying the alarm topic.</summary>
    private void StackAlarmResources()
    {
        foreach (var a in AlarmsOf(_m))
        {
            var props = Map(("name", Str(N(a.NameSuffix))), ("alarmDescription", Str(a.Title[7..])),
                ("comparisonOperator", Str(a.ComparisonOperator)), ("evaluationPeriods", Int(a.EvaluationPeriods)), ("threshold", Num(a.Threshold)),
                ("treatMissingData", Str(a.TreatMissingData)));
            if (a.Expression is null)
            {
                props.Set("namespace", Str(a.Namespace));
                props.Set("metricName", Str(a.MetricName));
                props.Set("dimensions", AlarmDims(a.Dimensions));
                props.Set("statistic", Str(a.Statistic));
                props.Set("period", Int(a.PeriodSeconds));
            }
            else
                props.Set("metricQueries", Seq([
                    Map(("id", Str("expression")), ("label", Str(a.Description)), ("returnData", Bool(true)), ("expression", Str(a.Expression))),
                    .. a.Queries.Select(q => (YNode)Map(("id", Str(q.Id)), ("returnData", Bool(false)),
                        ("metric", Map(("namespace", Str(q.Namespace)), ("metricName", Str(q.MetricName)), ("period", Int(q.PeriodSeconds)),
                            ("stat", Str(q.Statistic)), ("dimensions", AlarmDims(q.Dimensions))))))]));
            props.Set("alarmActions", Seq(Ref("alarmTopic.arn")));
            props.Set("okActions", Seq(Ref("alarmTopic.arn")));
            Res(a.Key, "aws:cloudwatch:MetricAlarm", props);
        }
    }

    /// <summary>Outputs telemetry reads: the task log group and the alarms as data (dimension values resolved by Pulumi).</summary>
    private void TelemetryOutputs()
    {
        _outputs.Set("logGroupName", Ref("logGroup.name"));
        _outputs.Set("launchType", Str(_m.Cluster.UsesEc2 ? "EC2" : "FARGATE"));
        _outputs.Set("alarms", Seq(AlarmsOf(_m).Select(a => (YNode)Map(
            ("name", Ref(a.Key + ".name")), ("namespace", Str(a.Namespace)), ("metric_name", Str(a.MetricName)),
            ("dimensions", AlarmDims(a.Dimensions)), ("statistic", Str(a.Statistic)), ("period", Int(a.PeriodSeconds)),
            ("evaluation_periods", Int(a.EvaluationPeriods)), ("threshold", Num(a.Threshold)), ("comparison_operator", Str(a.ComparisonOperator)),
            ("expression", a.Expression is null ? null : Str(a.Expression))))));
    }

    private YMap AlarmDims(AlarmDimensions d) => d switch
    {
        AlarmDimensions.Service => Map(("ClusterName", Ref("cluster.name")), ("ServiceName", Ref("service.name"))),
        AlarmDimensions.LoadBalancer => Map(("LoadBalancer", Ref("alb.arnSuffix"))),
        AlarmDimensions.TargetGroup => Map(("LoadBalancer", Ref("alb.arnSuffix")), ("TargetGroup", Ref("targetGroup.arnSuffix"))),
        AlarmDimensions.FileSystem => Map(("FileSystemId", Ref("efsFileSystem.id"))),
        AlarmDimensions.AutoScalingGroup => Map(("AutoScalingGroupName", Ref("autoScalingGroup.name"))),
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };
}
