using System.Text.RegularExpressions;
using PypiKit.Series;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>One line of one panel, read back: the series plus CloudWatch's status for it.</summary>
public sealed record MetricSeries(string Panel, string LineId, MetricPanelKind Kind, string Status, TimeSeries Series)
{
    /// <summary>For alarm panels: whether the alarm's rule breaches on this series (null for other lines).</summary>
    public bool? AlarmBreaching => LocalAlarmState is { } s ? s == AlarmStateValue.Alarm : null;

    /// <summary>
    /// For alarm panels: the rule evaluated here on the points read (a local evaluation, not CloudWatch's state: that
    /// comes from <c>DescribeAlarms</c>). Insufficient data when there are fewer points than evaluation periods.
    /// </summary>
    public AlarmStateValue? LocalAlarmState { get; init; }

    /// <summary>The panel's title (its dashboard widget or alarm title).</summary>
    public string? Title { get; init; }

    /// <summary>The CloudWatch metric and statistic behind the line (null for a math expression), so a reader of the saved file knows what it charts.</summary>
    public MetricIdentity? Metric { get; init; }

    /// <summary>The statistic of <see cref="Metric"/> (Average, Sum, p95, …); null for a math expression.</summary>
    public string? Stat { get; init; }
}

/// <summary>Everything read for a time window.</summary>
public sealed record MetricsReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<MetricSeries> Series, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads catalogue panels with GetMetricData (all panels in as few calls as possible, ≤ 500 queries each) and
/// returns one <see cref="TimeSeries"/> per visible line. Where an endpoint cannot compute percentiles (moto answers
/// HTTP 500), the batch is retried without them and a warning says which lines are missing.
/// </summary>
public sealed class MetricsReader(CloudWatchClient cloudWatch)
{
    private static readonly Regex Percentile = new(@"^(p\d|tm|tc|ts|wm|IQM|PR\()", RegexOptions.Compiled);
    private static readonly Regex Token = new("[a-z][A-Za-z0-9_]*", RegexOptions.Compiled);

    /// <summary>
    /// Reads <c>panels</c> over [from, to); <c>periodSeconds</c> overrides every panel's period (see
    /// <see cref="CloudWatchPeriods"/>). Periods finer than CloudWatch still keeps for the window's start are raised,
    /// with a warning; <paramref name="now"/> (default: the clock) is when retention is judged.
    /// </summary>
    public async Task<MetricsReport> ReadAsync(IReadOnlyList<MetricPanel> panels, DateTimeOffset from, DateTimeOffset to,
        int? periodSeconds = null, DateTimeOffset? now = null, CancellationToken ct = default)
    {
        if (to <= from) throw new InvalidInputException("since", "the metrics window is empty: its end must be after its start.");
        if (periodSeconds is { } ps) CloudWatchPeriods.Validate(ps);
        var at = now ?? DateTimeOffset.UtcNow;
        var warnings = new List<string>();

        var queries = new List<MetricDataQuery>();
        var owners = new Dictionary<string, (MetricPanel Panel, MetricLine Line)>();
        for (var i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            var prefix = $"q{i}_";
            var requested = periodSeconds ?? panel.PeriodSeconds;
            var period = CloudWatchPeriods.Effective(requested, from, at);
            if (period != requested)
                warnings.Add($"{panel.Name}: period raised from {requested} s to {period} s (CloudWatch keeps no finer data from {from.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            foreach (var line in panel.Lines)
            {
                var id = prefix + line.Id;
                owners[id] = (panel, line);
                queries.Add(new MetricDataQuery(id)
                {
                    Metric = line.Metric,
                    Stat = line.Metric is null ? null : line.Stat,
                    PeriodSeconds = period,
                    Expression = line.Expression is { } e ? Token.Replace(e, m => panel.Lines.Any(l => l.Id == m.Value) ? prefix + m.Value : m.Value) : null,
                    Label = line.Label,
                    ReturnData = line.ReturnData,
                });
            }
        }

        var results = new List<MetricDataResult>();
        foreach (var batch in CloudWatchClient.Batch(queries, CloudWatchClient.MaxQueriesPerCall))
        {
            try
            {
                results.AddRange(await cloudWatch.GetMetricDataAsync(batch, from, to, ct).ConfigureAwait(false));
            }
            catch (AwsServiceException ex) when (ex.StatusCode >= 500 && batch.Any(IsPercentile))
            {
                var dropped = batch.Where(IsPercentile).Select(q => q.Id).ToHashSet();
                var kept = batch.Where(q => !dropped.Contains(q.Id) && !(q.Expression is { } e && Token.Matches(e).Any(m => dropped.Contains(m.Value)))).ToList();
                warnings.Add($"the endpoint failed on percentile statistics ({ex.ErrorCode}); left out: " +
                             string.Join(", ", batch.Except(kept).Select(q => $"{owners[q.Id].Panel.Name}/{owners[q.Id].Line.Id}")));
                if (kept.Count > 0) results.AddRange(await cloudWatch.GetMetricDataAsync(kept, from, to, ct).ConfigureAwait(false));
                results.AddRange(batch.Except(kept).Where(q => q.ReturnData).Select(q => new MetricDataResult(q.Id, q.Label, "Unsupported", [], [])));
            }
        }

        var series = new List<MetricSeries>();
        foreach (var r in results)
        {
            var (panel, line) = owners[r.Id];
            var ts = new TimeSeries(line.Label, line.Unit, r.Points);
            AlarmStateValue? local = panel.Alarm is { } rule && rule.LineId == line.Id ? rule.Evaluate(ts) : null;
            series.Add(new MetricSeries(panel.Name, line.Id, panel.Kind, r.StatusCode, ts) { LocalAlarmState = local, Title = panel.Title, Metric = line.Metric, Stat = line.Metric is null ? null : line.Stat });
            foreach (var m in r.Messages) warnings.Add($"{panel.Name}/{line.Id}: {m}");
        }
        var order = panels.SelectMany(p => p.Lines.Select(l => (p.Name, l.Id))).Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        return new MetricsReport(from, to, series.OrderBy(s => order[(s.Panel, s.LineId)]).ToList(), warnings);
    }

    private static bool IsPercentile(MetricDataQuery q) => q.Stat is { } s && Percentile.IsMatch(s);
}
