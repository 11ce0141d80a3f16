using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>One alarm of the stack: CloudWatch's own state now and its transitions in the window.</summary>
public sealed record AlarmStateReport(string Name, string State, string? Reason, DateTimeOffset? Since, IReadOnlyList<AlarmTransition> Transitions)
{
    /// <summary>Why the transitions could not be read (then <see cref="Transitions"/> is empty, not "no change").</summary>
    public TelemetryFailure? HistoryFailure { get; init; }

    /// <summary>CloudWatch has no alarm of this name (the outputs name one the account does not hold).</summary>
    public bool Missing => State == "MISSING";
}

/// <summary>
/// The real alarm states of a stack: <c>DescribeAlarms</c> for the alarms its outputs name, and
/// <c>DescribeAlarmHistory</c> for their transitions in a window (e.g. the burst's). Nothing is recomputed here.
/// </summary>
public sealed class AlarmStates(CloudWatchClient cloudWatch)
{
    public async Task<IReadOnlyList<AlarmStateReport>> ReadAsync(IReadOnlyList<string> names, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        if (names.Count == 0) return [];
        var found = (await cloudWatch.DescribeAlarmsAsync(names, ct).ConfigureAwait(false)).ToDictionary(a => a.Name, StringComparer.Ordinal);
        var reports = new List<AlarmStateReport>();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!found.TryGetValue(name, out var a))
            {
                reports.Add(new AlarmStateReport(name, "MISSING", "no alarm of this name in the account and region", null, []));
                continue;
            }
            try
            {
                var history = await cloudWatch.DescribeAlarmHistoryAsync(name, from, to, ct).ConfigureAwait(false);
                reports.Add(new AlarmStateReport(name, a.StateValue, a.StateReason, a.StateUpdated, history));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && ex is AwsServiceException or HttpRequestException or TimeoutException or System.Xml.XmlException)
            {
                reports.Add(new AlarmStateReport(name, a.StateValue, a.StateReason, a.StateUpdated, [])
                {
                    HistoryFailure = TelemetryFailure.From("cloudwatch describe-alarm-history " + name, ex),
                });
            }
        }
        return reports;
    }
}
