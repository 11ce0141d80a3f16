using PypiKit.Telemetry.Aws;

namespace PypiKit.Telemetry;

/// <summary>What to read from the task logs.</summary>
public sealed record TaskLogQuery(string LogGroupName, DateTimeOffset From, DateTimeOffset? To = null)
{
    /// <summary>CloudWatch Logs filter pattern (<c>"WORKER TIMEOUT"</c>, <c>?ERROR ?CRITICAL</c>); null: every event.</summary>
    public string? FilterPattern { get; init; }

    /// <summary>Only streams whose names start with this (e.g. <c>pypiserver/pypiserver/</c> for one container).</summary>
    public string? StreamPrefix { get; init; }

    /// <summary>Keep the last this many events (a tail); null: all in the window.</summary>
    public int? Tail { get; init; }

    /// <summary>Events per FilterLogEvents page (1..10,000; null: the service's default).</summary>
    public int? PageSize { get; init; }

    public TaskLogQuery Validate()
    {
        if (string.IsNullOrWhiteSpace(LogGroupName))
            throw new InvalidInputException("--log-group", "no log group: pass --log-group or --stack-outputs with logGroupName.");
        if (To is { } to && to <= From) throw new InvalidInputException("--since", "the log window is empty: its end must be after its start.");
        if (Tail is < 1 or > 100_000) throw new InvalidInputException("--tail", $"--tail must be between 1 and 100000 (was {Tail}).");
        if (PageSize is < 1 or > 10_000) throw new InvalidInputException("page_size", $"page size must be between 1 and 10000 (was {PageSize}).");
        return this;
    }
}

/// <summary>
/// The stack's task logs in CloudWatch Logs: a window of events (every page of FilterLogEvents, filtered, tailed),
/// a follower that returns only what is new on each call, and Logs Insights queries.
/// </summary>
public sealed class TaskLogs(LogsClient logs)
{
    /// <summary>Events of the window, oldest first; with <see cref="TaskLogQuery.Tail"/> only the newest N.</summary>
    public async Task<IReadOnlyList<LogEvent>> ReadAsync(TaskLogQuery query, CancellationToken ct = default)
    {
        query = query.Validate();
        var streams = await StreamsAsync(query, ct).ConfigureAwait(false);
        if (streams is { Count: 0 }) return [];
        var events = await logs.FilterLogEventsAsync(new LogFilter(query.LogGroupName)
        {
            Start = query.From, End = query.To, FilterPattern = query.FilterPattern, PageSize = query.PageSize, LogStreamNames = streams,
        }, ct).ConfigureAwait(false);
        var ordered = events.OrderBy(e => e.Timestamp).ToList();
        return query.Tail is { } n && ordered.Count > n ? ordered.Skip(ordered.Count - n).ToList() : ordered;
    }

    /// <summary>
    /// A follower: each <see cref="LogFollower.NextAsync"/> returns the events that arrived since the previous call
    /// (events sharing the last timestamp are told apart by their ids, so none repeats and none is lost).
    /// </summary>
    public LogFollower Follow(TaskLogQuery query) => new(this, query.Validate());

    /// <summary>Runs a Logs Insights query over the group for the window and waits for its rows.</summary>
    public Task<LogsQueryResult> InsightsAsync(TaskLogQuery query, string queryString, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        query = query.Validate();
        if (string.IsNullOrWhiteSpace(queryString)) throw new InvalidInputException("--insights", "--insights needs a query, e.g. 'fields @timestamp, @message | limit 20'.");
        return logs.QueryAsync([query.LogGroupName], queryString, query.From, query.To ?? DateTimeOffset.UtcNow, timeout: timeout, ct: ct);
    }

    /// <summary>Stream names under the prefix (null when no prefix: every stream).</summary>
    private async Task<IReadOnlyList<string>?> StreamsAsync(TaskLogQuery query, CancellationToken ct)
    {
        if (query.StreamPrefix is null) return null;
        var streams = await logs.DescribeLogStreamsAsync(query.LogGroupName, query.StreamPrefix, ct: ct).ConfigureAwait(false);
        // FilterLogEvents takes at most 100 stream names: the most recently written ones.
        return streams.Take(100).Select(s => s.Name).ToList();
    }

    /// <summary>Reads new events on each call; see <see cref="TaskLogs.Follow"/>.</summary>
    public sealed class LogFollower
    {
        private readonly TaskLogs _owner;
        private TaskLogQuery _query;
        private readonly HashSet<string> _seenAtLast = new(StringComparer.Ordinal);

        internal LogFollower(TaskLogs owner, TaskLogQuery query)
        {
            _owner = owner;
            _query = query with { To = null, Tail = null };
        }

        public async Task<IReadOnlyList<LogEvent>> NextAsync(CancellationToken ct = default)
        {
            var events = await _owner.ReadAsync(_query, ct).ConfigureAwait(false);
            var fresh = events.Where(e => e.Timestamp > _query.From || (e.EventId is { } id ? !_seenAtLast.Contains(id) : !_seenAtLast.Contains(Key(e)))).ToList();
            if (fresh.Count == 0) return fresh;
            var last = fresh[^1].Timestamp;
            if (last > _query.From) _seenAtLast.Clear();
            foreach (var e in events.Where(e => e.Timestamp == last)) _seenAtLast.Add(e.EventId ?? Key(e));
            _query = _query with { From = last };
            return fresh;
        }

        private static string Key(LogEvent e) => $"{e.LogStreamName}\u0001{e.Timestamp.ToUnixTimeMilliseconds()}\u0001{e.Message}";
    }
}
