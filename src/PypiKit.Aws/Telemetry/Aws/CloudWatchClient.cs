using System.Globalization;
using System.Text.RegularExpressions;
using PypiKit.Series;

namespace PypiKit.Telemetry.Aws;

public sealed record MetricDimension(string Name, string Value);

/// <summary>A CloudWatch metric identity: namespace, name, dimensions.</summary>
public sealed record MetricIdentity(string Namespace, string MetricName, IReadOnlyList<MetricDimension> Dimensions)
{
    public override string ToString() =>
        $"{Namespace}/{MetricName}" + (Dimensions.Count == 0 ? "" : "{" + string.Join(",", Dimensions.Select(d => d.Name + "=" + d.Value)) + "}");
}

/// <summary>
/// One GetMetricData query: either a metric + statistic (<c>Average</c>, <c>Sum</c>, <c>p95</c>…) or a metric-math
/// <see cref="Expression"/> over other queries' ids. <see cref="Id"/> must start with a lower-case letter.
/// </summary>
public sealed record MetricDataQuery(string Id)
{
    public MetricIdentity? Metric { get; init; }
    public string? Stat { get; init; }
    public int? PeriodSeconds { get; init; }
    public string? Unit { get; init; }
    public string? Expression { get; init; }
    public string? Label { get; init; }
    public bool ReturnData { get; init; } = true;
}

/// <summary>Values of one query, oldest first.</summary>
public sealed record MetricDataResult(string Id, string? Label, string StatusCode, IReadOnlyList<TimePoint> Points, IReadOnlyList<string> Messages);

/// <summary>One value to publish with PutMetricData.</summary>
public sealed record MetricDatum(string MetricName, IReadOnlyList<MetricDimension> Dimensions, DateTimeOffset Timestamp, double Value, string? Unit = null);

/// <summary>One alarm as CloudWatch reports it: its state (<c>OK</c>, <c>ALARM</c>, <c>INSUFFICIENT_DATA</c>) and rule.</summary>
public sealed record CloudWatchAlarm(string Name, string StateValue, string? StateReason, DateTimeOffset? StateUpdated, string? Namespace,
    string? MetricName, string? Statistic, int? PeriodSeconds, int? EvaluationPeriods, double? Threshold, string? ComparisonOperator);

/// <summary>One state change of an alarm (DescribeAlarmHistory, <c>StateUpdate</c>).</summary>
public sealed record AlarmTransition(string AlarmName, DateTimeOffset Time, string Summary, string? From, string? To);

/// <summary>The definition of a metric alarm to create (PutMetricAlarm).</summary>
public sealed record MetricAlarmRequest(string Name, MetricIdentity Metric, string Statistic, int PeriodSeconds, int EvaluationPeriods,
    double Threshold, string ComparisonOperator, string TreatMissingData = "missing");

/// <summary>CloudWatch (Query protocol, <c>monitoring</c> 2010-08-01): GetMetricData, ListMetrics, PutMetricData.</summary>
public sealed class CloudWatchClient(AwsSession session)
{
    /// <summary>GetMetricData's limit of queries per call.</summary>
    public const int MaxQueriesPerCall = 500;

    private readonly QueryProtocolClient _query = new(session, AwsService.CloudWatch, "2010-08-01");

    /// <summary>
    /// Runs the queries in as few calls as possible (≤ 500 per call; a math expression stays in the same call as the
    /// queries it names), follows NextToken, and returns every ReturnData query's points sorted by time.
    /// </summary>
    public async Task<IReadOnlyList<MetricDataResult>> GetMetricDataAsync(IReadOnlyList<MetricDataQuery> queries, DateTimeOffset start,
        DateTimeOffset end, CancellationToken ct = default)
    {
        Validate(queries);
        var results = new List<MetricDataResult>();
        foreach (var batch in Batch(queries, MaxQueriesPerCall))
            results.AddRange(await GetMetricDataBatchAsync(batch, start, end, ct).ConfigureAwait(false));
        return results;
    }

    private async Task<IReadOnlyList<MetricDataResult>> GetMetricDataBatchAsync(IReadOnlyList<MetricDataQuery> batch, DateTimeOffset start,
        DateTimeOffset end, CancellationToken ct)
    {
        var byId = new Dictionary<string, (string? Label, string Status, List<TimePoint> Points, List<string> Messages)>();
        string? token = null;
        do
        {
            var p = EncodeQueries(batch);
            p.Add(new("StartTime", QueryProtocolClient.Timestamp(start)));
            p.Add(new("EndTime", QueryProtocolClient.Timestamp(end)));
            p.Add(new("ScanBy", "TimestampAscending"));
            if (token is not null) p.Add(new("NextToken", token));
            var result = await _query.CallAsync("GetMetricData", p, ct).ConfigureAwait(false);
            foreach (var m in result.Members("MetricDataResults"))
            {
                var id = m.Text("Id") ?? "";
                if (!byId.TryGetValue(id, out var acc))
                    byId[id] = acc = (m.Text("Label"), m.Text("StatusCode") ?? "", new List<TimePoint>(), new List<string>());
                var times = m.Members("Timestamps").Select(t => DateTimeOffset.Parse(t.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)).ToList();
                var values = m.Members("Values").Select(v => QueryXml.ParseDouble(v.Value)).ToList();
                for (var i = 0; i < Math.Min(times.Count, values.Count); i++) acc.Points.Add(new TimePoint(times[i], values[i]));
                acc.Messages.AddRange(m.Members("Messages").Select(x => (x.Text("Code") + ": " + x.Text("Value")).Trim(' ', ':')));
                byId[id] = acc with { Status = m.Text("StatusCode") ?? acc.Status };
            }
            token = result.Text("NextToken");
        } while (!string.IsNullOrEmpty(token));

        return batch.Where(q => q.ReturnData).Select(q => byId.TryGetValue(q.Id, out var a)
                ? new MetricDataResult(q.Id, a.Label ?? q.Label, a.Status, a.Points.OrderBy(x => x.Time).ToList(), a.Messages)
                : new MetricDataResult(q.Id, q.Label, "Missing", [], []))
            .ToList();
    }

    /// <summary>All metrics matching the filter (follows NextToken; CloudWatch pages at 500).</summary>
    public async Task<IReadOnlyList<MetricIdentity>> ListMetricsAsync(string? @namespace = null, string? metricName = null,
        IReadOnlyList<MetricDimension>? dimensions = null, CancellationToken ct = default)
    {
        var metrics = new List<MetricIdentity>();
        string? token = null;
        do
        {
            var p = new List<KeyValuePair<string, string>>();
            if (@namespace is not null) p.Add(new("Namespace", @namespace));
            if (metricName is not null) p.Add(new("MetricName", metricName));
            var i = 1;
            foreach (var d in dimensions ?? [])
            {
                p.Add(new($"Dimensions.member.{i}.Name", d.Name));
                p.Add(new($"Dimensions.member.{i}.Value", d.Value));
                i++;
            }
            if (token is not null) p.Add(new("NextToken", token));
            var result = await _query.CallAsync("ListMetrics", p, ct).ConfigureAwait(false);
            metrics.AddRange(result.Members("Metrics").Select(m => new MetricIdentity(m.Text("Namespace") ?? "", m.Text("MetricName") ?? "",
                m.Members("Dimensions").Select(d => new MetricDimension(d.Text("Name") ?? "", d.Text("Value") ?? "")).ToList())));
            token = result.Text("NextToken");
        } while (!string.IsNullOrEmpty(token));
        return metrics;
    }

    /// <summary>Publishes values (batches of 1,000). Real AWS refuses the <c>AWS/*</c> namespaces; moto accepts them.</summary>
    public async Task PutMetricDataAsync(string @namespace, IEnumerable<MetricDatum> data, CancellationToken ct = default)
    {
        foreach (var chunk in data.Chunk(1000))
        {
            var p = new List<KeyValuePair<string, string>> { new("Namespace", @namespace) };
            for (var i = 0; i < chunk.Length; i++)
            {
                var d = chunk[i];
                var prefix = $"MetricData.member.{i + 1}.";
                p.Add(new(prefix + "MetricName", d.MetricName));
                p.Add(new(prefix + "Timestamp", QueryProtocolClient.Timestamp(d.Timestamp)));
                p.Add(new(prefix + "Value", d.Value.ToString("R", CultureInfo.InvariantCulture)));
                if (d.Unit is not null) p.Add(new(prefix + "Unit", d.Unit));
                var dims = d.Dimensions.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
                for (var j = 0; j < dims.Count; j++)
                {
                    p.Add(new($"{prefix}Dimensions.member.{j + 1}.Name", dims[j].Name));
                    p.Add(new($"{prefix}Dimensions.member.{j + 1}.Value", dims[j].Value));
                }
            }
            await _query.CallAsync("PutMetricData", p, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Metric alarms by name (every page; at most 100 names per call, batched here).</summary>
    public async Task<IReadOnlyList<CloudWatchAlarm>> DescribeAlarmsAsync(IReadOnlyList<string> names, CancellationToken ct = default)
    {
        var alarms = new List<CloudWatchAlarm>();
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            string? token = null;
            do
            {
                var p = new List<KeyValuePair<string, string>> { new("AlarmTypes.member.1", "MetricAlarm") };
                for (var i = 0; i < chunk.Length; i++) p.Add(new($"AlarmNames.member.{i + 1}", chunk[i]));
                if (token is not null) p.Add(new("NextToken", token));
                var result = await _query.CallAsync("DescribeAlarms", p, ct).ConfigureAwait(false);
                alarms.AddRange(result.Members("MetricAlarms").Select(m => new CloudWatchAlarm(m.Text("AlarmName") ?? "", m.Text("StateValue") ?? "",
                    m.Text("StateReason"), Time(m.Text("StateUpdatedTimestamp")), m.Text("Namespace"), m.Text("MetricName"), m.Text("Statistic"),
                    m.Int("Period"), m.Int("EvaluationPeriods"), m.Text("Threshold") is { } th ? QueryXml.ParseDouble(th) : null, m.Text("ComparisonOperator"))));
                token = result.Text("NextToken");
            } while (!string.IsNullOrEmpty(token));
        }
        return alarms;
    }

    /// <summary>State changes of one alarm in [from, to), oldest first (every page).</summary>
    public async Task<IReadOnlyList<AlarmTransition>> DescribeAlarmHistoryAsync(string alarmName, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var items = new List<AlarmTransition>();
        string? token = null;
        do
        {
            var p = new List<KeyValuePair<string, string>>
            {
                new("AlarmName", alarmName), new("HistoryItemType", "StateUpdate"),
                new("StartDate", QueryProtocolClient.Timestamp(from)), new("EndDate", QueryProtocolClient.Timestamp(to)),
            };
            if (token is not null) p.Add(new("NextToken", token));
            var result = await _query.CallAsync("DescribeAlarmHistory", p, ct).ConfigureAwait(false);
            foreach (var m in result.Members("AlarmHistoryItems"))
            {
                string? fromState = null, toState = null;
                if (m.Text("HistoryData") is { Length: > 0 } data)
                    try
                    {
                        using var doc = System.Text.Json.JsonDocument.Parse(data);
                        string? State(string k) => doc.RootElement.TryGetProperty(k, out var v) && v.TryGetProperty("stateValue", out var sv) ? sv.GetString() : null;
                        (fromState, toState) = (State("oldState"), State("newState"));
                    }
                    catch (System.Text.Json.JsonException) { }
                items.Add(new AlarmTransition(m.Text("AlarmName") ?? alarmName, Time(m.Text("Timestamp")) ?? from, m.Text("HistorySummary") ?? "", fromState, toState));
            }
            token = result.Text("NextToken");
        } while (!string.IsNullOrEmpty(token));
        return items.OrderBy(i => i.Time).ToList();
    }

    /// <summary>Creates or replaces a metric alarm (used by tests and by stacks PypiKit does not render).</summary>
    public Task PutMetricAlarmAsync(MetricAlarmRequest a, CancellationToken ct = default)
    {
        var p = new List<KeyValuePair<string, string>>
        {
            new("AlarmName", a.Name), new("Namespace", a.Metric.Namespace), new("MetricName", a.Metric.MetricName), new("Statistic", a.Statistic),
            new("Period", a.PeriodSeconds.ToString(CultureInfo.InvariantCulture)), new("EvaluationPeriods", a.EvaluationPeriods.ToString(CultureInfo.InvariantCulture)),
            new("Threshold", a.Threshold.ToString("R", CultureInfo.InvariantCulture)), new("ComparisonOperator", a.ComparisonOperator),
            new("TreatMissingData", a.TreatMissingData),
        };
        var dims = a.Metric.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        for (var j = 0; j < dims.Count; j++)
        {
            p.Add(new($"Dimensions.member.{j + 1}.Name", dims[j].Name));
            p.Add(new($"Dimensions.member.{j + 1}.Value", dims[j].Value));
        }
        return _query.CallAsync("PutMetricAlarm", p, ct);
    }

    /// <summary>Sets an alarm's state by hand (SetAlarmState), as CloudWatch's own evaluation would.</summary>
    public Task SetAlarmStateAsync(string name, string state, string reason, CancellationToken ct = default) =>
        _query.CallAsync("SetAlarmState", [new("AlarmName", name), new("StateValue", state), new("StateReason", reason)], ct);

    private static DateTimeOffset? Time(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>The Query-protocol form of the queries (<c>MetricDataQueries.member.N.…</c>).</summary>
    public static List<KeyValuePair<string, string>> EncodeQueries(IReadOnlyList<MetricDataQuery> queries)
    {
        var p = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            var prefix = $"MetricDataQueries.member.{i + 1}.";
            p.Add(new(prefix + "Id", q.Id));
            if (q.Label is not null) p.Add(new(prefix + "Label", q.Label));
            p.Add(new(prefix + "ReturnData", q.ReturnData ? "true" : "false"));
            if (q.Expression is not null)
            {
                p.Add(new(prefix + "Expression", q.Expression));
                if (q.PeriodSeconds is { } ep) p.Add(new(prefix + "Period", ep.ToString(CultureInfo.InvariantCulture)));
                continue;
            }
            var m = q.Metric!;
            // Dimensions go out sorted by name: CloudWatch ignores their order, moto 5.2 compares them in order.
            var dims = m.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            p.Add(new(prefix + "MetricStat.Metric.Namespace", m.Namespace));
            p.Add(new(prefix + "MetricStat.Metric.MetricName", m.MetricName));
            for (var j = 0; j < dims.Count; j++)
            {
                p.Add(new($"{prefix}MetricStat.Metric.Dimensions.member.{j + 1}.Name", dims[j].Name));
                p.Add(new($"{prefix}MetricStat.Metric.Dimensions.member.{j + 1}.Value", dims[j].Value));
            }
            p.Add(new(prefix + "MetricStat.Period", (q.PeriodSeconds ?? 300).ToString(CultureInfo.InvariantCulture)));
            p.Add(new(prefix + "MetricStat.Stat", q.Stat ?? "Average"));
            if (q.Unit is not null) p.Add(new(prefix + "MetricStat.Unit", q.Unit));
        }
        return p;
    }

    /// <summary>
    /// Splits queries into batches of at most <paramref name="max"/>, keeping every expression with the queries it
    /// references (connected groups are never split; a group larger than the limit is an error).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<MetricDataQuery>> Batch(IReadOnlyList<MetricDataQuery> queries, int max)
    {
        var index = queries.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var parent = Enumerable.Range(0, queries.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        for (var i = 0; i < queries.Count; i++)
        {
            if (queries[i].Expression is not { } expr) continue;
            foreach (Match token in Identifier.Matches(expr))
                if (index.TryGetValue(token.Value, out var j)) parent[Find(i)] = Find(j);
        }
        var groups = Enumerable.Range(0, queries.Count).GroupBy(Find).Select(g => g.Select(i => queries[i]).ToList()).ToList();
        var batches = new List<IReadOnlyList<MetricDataQuery>>();
        var current = new List<MetricDataQuery>();
        foreach (var g in groups)
        {
            if (g.Count > max) throw new InvalidInputException("metric_data_queries", $"a metric-math group of {g.Count} queries exceeds the {max}-query limit of one GetMetricData call.");
            if (current.Count + g.Count > max) { batches.Add(current); current = []; }
            current.AddRange(g);
        }
        if (current.Count > 0) batches.Add(current);
        return batches;
    }

    private static readonly Regex Identifier = new("[a-z][A-Za-z0-9_]*", RegexOptions.Compiled);
    private static readonly Regex IdPattern = new("^[a-z][A-Za-z0-9_]*$", RegexOptions.Compiled);

    private static void Validate(IReadOnlyList<MetricDataQuery> queries)
    {
        var seen = new HashSet<string>();
        foreach (var q in queries)
        {
            if (!IdPattern.IsMatch(q.Id)) throw new InvalidInputException("id", $"metric query id '{q.Id}' must start with a lower-case letter and hold only letters, digits and '_'.");
            if (!seen.Add(q.Id)) throw new InvalidInputException("id", $"metric query id '{q.Id}' is used twice.");
            if ((q.Expression is null) == (q.Metric is null)) throw new InvalidInputException("id", $"metric query '{q.Id}' needs exactly one of a metric or an expression.");
        }
    }
}
