using System.Text.Json;
using System.Text.Json.Nodes;

namespace PypiKit.Telemetry.Aws;

/// <summary>One CloudWatch Logs event (timestamps converted from epoch milliseconds).</summary>
public sealed record LogEvent(DateTimeOffset Timestamp, string Message, string? LogStreamName, DateTimeOffset? IngestionTime, string? EventId);

/// <summary>A Logs Insights answer: status (<c>Complete</c>, <c>Running</c>…) and rows of field → value.</summary>
public sealed record LogsQueryResult(string Status, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows, double? RecordsMatched, double? RecordsScanned);

/// <summary>Options of <see cref="LogsClient.FilterLogEventsAsync"/>.</summary>
public sealed record LogFilter(string LogGroupName)
{
    public IReadOnlyList<string>? LogStreamNames { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }

    /// <summary>CloudWatch Logs filter pattern (moto only understands plain terms and quoted phrases).</summary>
    public string? FilterPattern { get; init; }

    /// <summary>Events per page (≤ 10,000); all pages are read.</summary>
    public int? PageSize { get; init; }

    /// <summary>Stop after this many events in total.</summary>
    public int? MaxEvents { get; init; }
}

/// <summary>One log stream: its name and the times of its first and last events.</summary>
public sealed record LogStreamInfo(string Name, DateTimeOffset? FirstEventTime, DateTimeOffset? LastEventTime, long? StoredBytes);

/// <summary>CloudWatch Logs (JSON 1.1, <c>Logs_20140328</c>).</summary>
public sealed class LogsClient(AwsSession session)
{
    private readonly JsonProtocolClient _json = new(session, AwsService.Logs, "Logs_20140328");

    /// <summary>All matching events across pages (follows <c>nextToken</c>).</summary>
    public async Task<IReadOnlyList<LogEvent>> FilterLogEventsAsync(LogFilter filter, CancellationToken ct = default)
    {
        var events = new List<LogEvent>();
        string? token = null;
        do
        {
            var request = new JsonObject
            {
                ["logGroupName"] = filter.LogGroupName,
                ["startTime"] = filter.Start?.ToUnixTimeMilliseconds(), ["endTime"] = filter.End?.ToUnixTimeMilliseconds(),
                ["filterPattern"] = filter.FilterPattern, ["limit"] = filter.PageSize, ["nextToken"] = token,
            };
            if (filter.LogStreamNames is { Count: > 0 } streams)
                request["logStreamNames"] = new JsonArray(streams.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            var page = await _json.CallAsync<EventsPage>("FilterLogEvents", request, ct).ConfigureAwait(false);
            events.AddRange((page.Events ?? []).Select(e => e.ToEvent(null)));
            token = page.NextToken;
            if (filter.MaxEvents is { } max && events.Count >= max) return events.Take(max).ToList();
        } while (!string.IsNullOrEmpty(token));
        return events;
    }

    /// <summary>
    /// The group's streams, newest event first (every page; <paramref name="prefix"/> narrows them by name, and then
    /// CloudWatch Logs orders by name instead, so they are sorted here).
    /// </summary>
    public async Task<IReadOnlyList<LogStreamInfo>> DescribeLogStreamsAsync(string logGroupName, string? prefix = null, int? pageSize = null,
        CancellationToken ct = default)
    {
        var streams = new List<LogStreamInfo>();
        string? token = null;
        do
        {
            var page = await _json.CallAsync<StreamsPage>("DescribeLogStreams", new JsonObject
            {
                ["logGroupName"] = logGroupName, ["logStreamNamePrefix"] = prefix,
                ["orderBy"] = prefix is null ? "LastEventTime" : null, ["descending"] = prefix is null ? true : null,
                ["limit"] = pageSize, ["nextToken"] = token,
            }, ct).ConfigureAwait(false);
            streams.AddRange((page.LogStreams ?? []).Select(x => new LogStreamInfo(x.LogStreamName ?? "",
                x.FirstEventTimestamp is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
                x.LastEventTimestamp is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null, x.StoredBytes)));
            token = page.NextToken;
        } while (!string.IsNullOrEmpty(token));
        return streams.OrderByDescending(x => x.LastEventTime ?? DateTimeOffset.MinValue).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Events of one stream, oldest first, across pages (stops when the forward token repeats).</summary>
    public async Task<IReadOnlyList<LogEvent>> GetLogEventsAsync(string logGroupName, string logStreamName, DateTimeOffset? start = null,
        DateTimeOffset? end = null, int? pageSize = null, CancellationToken ct = default)
    {
        var events = new List<LogEvent>();
        string? token = null;
        while (true)
        {
            var page = await _json.CallAsync<StreamPage>("GetLogEvents", new JsonObject
            {
                ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName,
                ["startTime"] = start?.ToUnixTimeMilliseconds(), ["endTime"] = end?.ToUnixTimeMilliseconds(),
                ["startFromHead"] = true, ["limit"] = pageSize, ["nextToken"] = token,
            }, ct).ConfigureAwait(false);
            var got = page.Events ?? [];
            events.AddRange(got.Select(e => e.ToEvent(logStreamName)));
            if (got.Count == 0 || string.IsNullOrEmpty(page.NextForwardToken) || page.NextForwardToken == token) break;
            token = page.NextForwardToken;
        }
        return events;
    }

    /// <summary>Starts a Logs Insights query; returns its id.</summary>
    public async Task<string> StartQueryAsync(IReadOnlyList<string> logGroupNames, string queryString, DateTimeOffset start, DateTimeOffset end,
        int? limit = null, CancellationToken ct = default)
    {
        var r = await _json.CallAsync("StartQuery", new JsonObject
        {
            ["logGroupNames"] = new JsonArray(logGroupNames.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["queryString"] = queryString, ["startTime"] = start.ToUnixTimeSeconds(), ["endTime"] = end.ToUnixTimeSeconds(),
            ["limit"] = limit,
        }, ct).ConfigureAwait(false);
        return r.GetProperty("queryId").GetString()!;
    }

    public async Task<LogsQueryResult> GetQueryResultsAsync(string queryId, CancellationToken ct = default)
    {
        var r = await _json.CallAsync("GetQueryResults", new JsonObject { ["queryId"] = queryId }, ct).ConfigureAwait(false);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        if (r.TryGetProperty("results", out var results))
            foreach (var row in results.EnumerateArray())
            {
                var d = new Dictionary<string, string>();
                foreach (var cell in row.EnumerateArray())
                    if (cell.TryGetProperty("field", out var f) && cell.TryGetProperty("value", out var v))
                        d[f.GetString()!] = v.GetString() ?? "";
                rows.Add(d);
            }
        double? Stat(string name) => r.TryGetProperty("statistics", out var s) && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new LogsQueryResult(r.TryGetProperty("status", out var st) ? st.GetString() ?? "" : "", rows, Stat("recordsMatched"), Stat("recordsScanned"));
    }

    /// <summary>Starts a query and polls until it is no longer Scheduled/Running (or <paramref name="timeout"/>).</summary>
    public async Task<LogsQueryResult> QueryAsync(IReadOnlyList<string> logGroupNames, string queryString, DateTimeOffset start, DateTimeOffset end,
        int? limit = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var id = await StartQueryAsync(logGroupNames, queryString, start, end, limit, ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var result = await GetQueryResultsAsync(id, ct).ConfigureAwait(false);
            if (result.Status is not ("Scheduled" or "Running") || DateTime.UtcNow > deadline) return result;
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>Creates a log group; an existing group is not an error.</summary>
    public Task CreateLogGroupAsync(string logGroupName, CancellationToken ct = default) =>
        IgnoreExists(_json.CallAsync("CreateLogGroup", new JsonObject { ["logGroupName"] = logGroupName }, ct));

    /// <summary>Creates a log stream; an existing stream is not an error.</summary>
    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken ct = default) =>
        IgnoreExists(_json.CallAsync("CreateLogStream", new JsonObject { ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName }, ct));

    /// <summary>Writes events (sorted by time, sent in batches of ≤ 10,000 events and ≤ 1 MB).</summary>
    public async Task PutLogEventsAsync(string logGroupName, string logStreamName, IEnumerable<(DateTimeOffset Time, string Message)> events,
        CancellationToken ct = default)
    {
        var sorted = events.OrderBy(e => e.Time).ToList();
        var batch = new List<(DateTimeOffset, string)>();
        var bytes = 0;
        async Task Flush()
        {
            if (batch.Count == 0) return;
            var arr = new JsonArray(batch.Select(e => (JsonNode?)new JsonObject
            {
                ["timestamp"] = e.Item1.ToUnixTimeMilliseconds(), ["message"] = e.Item2,
            }).ToArray());
            await _json.CallAsync("PutLogEvents", new JsonObject
            {
                ["logGroupName"] = logGroupName, ["logStreamName"] = logStreamName, ["logEvents"] = arr,
            }, ct).ConfigureAwait(false);
            batch.Clear();
            bytes = 0;
        }
        foreach (var e in sorted)
        {
            var size = System.Text.Encoding.UTF8.GetByteCount(e.Message) + 26;
            if (batch.Count == 10_000 || bytes + size > 1_000_000) await Flush().ConfigureAwait(false);
            batch.Add(e);
            bytes += size;
        }
        await Flush().ConfigureAwait(false);
    }

    private static async Task IgnoreExists(Task<JsonElement> call)
    {
        try { await call.ConfigureAwait(false); }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceAlreadyExistsException") { }
    }

    private sealed record RawEvent(long Timestamp, string? Message, string? LogStreamName, long? IngestionTime, string? EventId)
    {
        public LogEvent ToEvent(string? stream) => new(DateTimeOffset.FromUnixTimeMilliseconds(Timestamp), Message ?? "",
            LogStreamName ?? stream, IngestionTime is { } i ? DateTimeOffset.FromUnixTimeMilliseconds(i) : null, EventId);
    }

    private sealed record RawStream(string? LogStreamName, long? FirstEventTimestamp, long? LastEventTimestamp, long? StoredBytes);
    private sealed record StreamsPage(List<RawStream>? LogStreams, string? NextToken);
    private sealed record EventsPage(List<RawEvent>? Events, string? NextToken);
    private sealed record StreamPage(List<RawEvent>? Events, string? NextForwardToken, string? NextBackwardToken);
}
