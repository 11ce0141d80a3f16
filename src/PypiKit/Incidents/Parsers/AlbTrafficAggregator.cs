using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using PypiKit.Burst;
using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>What <see cref="AlbTrafficAggregator"/> keeps beyond the always-on counts.</summary>
public sealed record AlbAggregationOptions
{
    /// <summary>Requests per client IP per minute and per user agent per minute (needed for the client-burst rule).</summary>
    public bool PerClientPerMinute { get; init; } = true;
    /// <summary>A latency histogram per minute (p50/p95 per minute on the timeline).</summary>
    public bool PerMinuteLatency { get; init; } = true;
    /// <summary>Requests, 5xx, bytes and latency per path class (<see cref="AlbPathClass"/>), and each client IP's pip-chain shape.</summary>
    public bool PathClasses { get; init; } = true;
    /// <summary>Only requests at or after this time count (valid lines outside the window are counted, not rejected).</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Only requests before this time count.</summary>
    public DateTimeOffset? To { get; init; }

    public static AlbAggregationOptions Full { get; } = new();
    /// <summary>Requests per minute, per IP, per target, status codes and latency percentiles only: the benchmark's work.</summary>
    public static AlbAggregationOptions Counts { get; } = new() { PerClientPerMinute = false, PerMinuteLatency = false, PathClasses = false };
}

/// <summary>
/// Streaming aggregation of ALB access logs without building entries: one pass over the bytes, the first twelve fields
/// found from a bit mask of spaces (<see cref="AlbSpaceScanner"/>), addresses looked up by their text as logged,
/// durations into HdrHistograms (<see cref="LatencyHistogram"/>: 3 significant digits for the whole log and each path
/// class, 2 for each target and each minute).
/// Lines are validated through the user-agent field (fields 1-12 parsed, 13-14 must be quoted).
/// Feed it lines (<see cref="AddLine"/>) or whole streams (<see cref="AddStream"/>), then call <see cref="ToSummary"/>.
/// The per-line methods are compiled optimized from their first call (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// with tiered compilation a CLI run spent its first few hundred MB in tier-0 and instrumented code (bench/results/incidents.md).
/// </summary>
public sealed class AlbTrafficAggregator
{
    private readonly AlbAggregationOptions _options;
    private readonly Dictionary<long, int> _minuteSlots = new();
    private readonly List<long> _slotMinute = new(), _slotRequests = new(), _slot5xx = new();
    private readonly List<LatencyHistogram?> _slotLatency = new();
    private long _lastMinute = long.MinValue;
    private int _lastSlot = -1;
    private readonly AlbLongKeyMap _ipv4Ids = new();
    private readonly AlbLongKeyMap _ipTextIds = new();
    private readonly AlbLongKeyMap _targetTextIds = new(64);
    private readonly Dictionary<string, int> _otherIpIds = new();
    private readonly List<string?> _ipNames = new();
    private readonly List<long> _ipCounts = new();
    private readonly AlbLongKeyMap _targetIds = new(64);
    private readonly Dictionary<string, int> _otherTargetIds = new();
    private readonly List<string> _targetNames = new();
    private readonly List<long> _targetCounts = new();
    private readonly List<LatencyHistogram> _targetLatency = new();
    private readonly Dictionary<string, int> _uaIds = new();
    private readonly AlbByteKeyMap _uaBytes = new();
    private readonly List<string> _uaNames = new();
    private readonly List<long> _uaCounts = new();
    private readonly AlbKeyMinuteCounts _ipMinute = new();
    private readonly AlbKeyMinuteCounts _uaMinute = new();
    private readonly long[] _elbStatus = new long[1000];
    private readonly long[] _targetStatus = new long[1000];
    private readonly LatencyHistogram _latency = new();
    private long _noTarget, _incompleteTimes, _elbGenerated5xx, _target5xx, _receivedBytes, _sentBytes;
    private long _first = long.MaxValue, _last = long.MinValue;
    private ulong _cachedMinutePrefix0, _cachedMinutePrefix1;
    private long _cachedMinuteTicks = -1;
    private readonly long _fromTicks, _toTicks;
    private readonly long[] _classRequests = new long[ClassCount], _class5xx = new long[ClassCount], _classSent = new long[ClassCount];
    // With path classes the whole log's latency is not recorded on its own: each request goes to its class's histogram
    // (3 digits, as the whole log's), and the whole is their exact merge at the end, one record per line fewer.
    private readonly LatencyHistogram[] _classLatency = Enumerable.Range(0, ClassCount).Select(_ => new LatencyHistogram()).ToArray();
    private readonly List<long> _ipSimple = new(), _ipPackages = new();
    // requests per path class in each minute slot (the traffic chart's stacks)
    private readonly List<long[]?> _slotClass = new();
    // Each client's user agents: the current run of one agent per IP, added to _ipUa only when the agent changes
    // (an address mostly sends one agent, so the dictionary is rarely touched).
    private readonly List<int> _ipLastUa = new();
    private readonly List<long> _ipUaRun = new();
    // Requests per (client, agent). The first DenseAgents agents of the log (ids 0-7: the common ones appear early) of
    // the first DenseClients clients are counted in a dense table, one increment per line; any other pair through runs
    // of one agent per client and a map whose key packs both ids in 64 bits (one probe per change of agent).
    private const int DenseAgents = 8, DenseClients = 1 << 17;
    private long[] _ipUaDense = new long[64 * DenseAgents];
    // (client, agent) → index into _ipUaCounts
    private readonly AlbLongKeyMap _ipUaIds = new();
    private readonly List<long> _ipUaCounts = new();
    private const int ClassCount = (int)AlbPathClass.Other + 1;

    public AlbTrafficAggregator(AlbAggregationOptions? options = null)
    {
        _options = options ?? AlbAggregationOptions.Full;
        _fromTicks = _options.From?.UtcTicks ?? long.MinValue;
        _toTicks = _options.To?.UtcTicks ?? long.MaxValue;
    }

    /// <summary>Valid lines outside the <see cref="AlbAggregationOptions.From"/>/<see cref="AlbAggregationOptions.To"/> window.</summary>
    public long OutsideWindow { get; private set; }

    public long Requests { get; private set; }
    public long BytesRead { get; private set; }

    /// <summary>Adds one line; returns the reason when it is malformed (the caller decides what a reject means).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? AddLine(ReadOnlySpan<byte> line)
    {
        int pos = 0;
        var fields = new AlbSpaceScanner(line);
        // 1 type
        if (!fields.Next(ref pos, out var typeField) || typeField.Length > 8 || line[0] == '"') return "field 1 (type) is not a request type";
        // 2 time: ALB writes it 27 bytes long ("2025-12-27T16:35:24.123456Z"); any other length takes the search
        ReadOnlySpan<byte> timeField;
        if (line.Length > pos + TimeLength && line[pos + TimeLength] == ' ') { timeField = line.Slice(pos, TimeLength); pos += TimeLength + 1; }
        else if (!fields.Next(ref pos, out timeField)) return "field 2 (time) is not an ISO 8601 UTC time";
        if (!TryMinute(timeField, out long minuteTicks, out long ticks))
            return "field 2 (time) is not an ISO 8601 UTC time";
        // 3 elb
        if (!fields.Next(ref pos, out _)) return "field 3 (elb) is missing";
        // 4 client:port
        // (an address already seen in the same spelling was checked then: only a new one is checked again)
        if (!fields.Next(ref pos, out var client) || !AlbFields.TrySplitEndpoint(client, out var cip, out _, checkAddress: false, line))
            return "field 4 (client:port) is malformed";
        int knownIp = KnownId(_ipTextIds, cip);
        if (knownIp < 0 && !AlbFields.IsIpLike(cip)) return "field 4 (client:port) is malformed";
        // 5 target:port
        if (!fields.Next(ref pos, out var target)) return "field 5 (target:port) is missing";
        bool hasTarget = !(target.Length == 1 && target[0] == '-');
        ReadOnlySpan<byte> tip = default; int tport = 0, knownTarget = -1;
        if (hasTarget)
        {
            if (!AlbFields.TrySplitEndpoint(target, out tip, out tport, checkAddress: false, line)) return "field 5 (target:port) is malformed";
            knownTarget = KnownId(_targetTextIds, target);
            if (knownTarget < 0 && !AlbFields.IsIpLike(tip)) return "field 5 (target:port) is malformed";
        }
        // 6-8 times
        if (!fields.Next(ref pos, out var f6) || !AlbFields.TryMicros(f6, out long rq)) return "field 6 (request_processing_time) is not a number";
        if (!fields.Next(ref pos, out var f7) || !AlbFields.TryMicros(f7, out long tg)) return "field 7 (target_processing_time) is not a number";
        if (!fields.Next(ref pos, out var f8) || !AlbFields.TryMicros(f8, out long rs)) return "field 8 (response_processing_time) is not a number";
        // 9-12 statuses and bytes
        if (!fields.Next(ref pos, out var f9) || !AlbFields.TryStatus(f9, out int elbStatus)) return "field 9 (elb_status_code) is not a status code";
        if (!fields.Next(ref pos, out var f10) || !AlbFields.TryStatus(f10, out int tgStatus)) return "field 10 (target_status_code) is not a status code";
        if (!fields.Next(ref pos, out var f11) || !AlbFields.TryCount(f11, out long recv, line)) return "field 11 (received_bytes) is not a count";
        if (!fields.Next(ref pos, out var f12) || !AlbFields.TryCount(f12, out long sent, line)) return "field 12 (sent_bytes) is not a count";
        // 13 request, 14 user agent: quoted
        if (!AlbFields.Next(line, ref pos, out int reqStart, out int reqLen, out bool q13) || !q13) return "field 13 (request) is not quoted";
        if (!AlbFields.Next(line, ref pos, out int uaStart, out int uaLen, out bool q14) || !q14) return "field 14 (user_agent) is not quoted";
        if (AlbFields.FindMergedRecord(line[pos..]) >= 0) return AlbFields.MergedRecordError;

        // --- accepted: aggregate
        if (ticks < _fromTicks || ticks >= _toTicks) { OutsideWindow++; return null; }
        Requests++;
        int slot = MinuteSlot(minuteTicks / TimeSpan.TicksPerMinute);
        CollectionsMarshal.AsSpan(_slotRequests)[slot]++;
        if (ticks < _first) _first = ticks;
        if (ticks > _last) _last = ticks;
        int ipId = knownIp >= 0 ? knownIp : IpId(cip);
        CollectionsMarshal.AsSpan(_ipCounts)[ipId]++;
        long total = rq < 0 || tg < 0 || rs < 0 ? -1 : rq + tg + rs;
        if (hasTarget)
        {
            int tid = knownTarget >= 0 ? knownTarget : TargetId(tip, tport, target);
            CollectionsMarshal.AsSpan(_targetCounts)[tid]++;
            if (total >= 0) _targetLatency[tid].Record(total);
        }
        else _noTarget++;
        if (total < 0) _incompleteTimes++;
        else if (!_options.PathClasses) _latency.Record(total);
        if (elbStatus >= 100) _elbStatus[elbStatus]++;
        if (tgStatus >= 100) _targetStatus[tgStatus]++;
        bool is5xx = false;
        if (elbStatus >= 500 && tgStatus < 0) { _elbGenerated5xx++; is5xx = true; }
        if (tgStatus >= 500) { _target5xx++; is5xx = true; }
        _receivedBytes += recv; _sentBytes += sent;

        if (_options.PerMinuteLatency)
        {
            if (total >= 0)
            {
                ref var d = ref CollectionsMarshal.AsSpan(_slotLatency)[slot];
                (d ??= LatencyHistogram.ForSlice(LatencyHistogram.DefaultHighestMicros)).Record(total);
            }
            if (is5xx) CollectionsMarshal.AsSpan(_slot5xx)[slot]++;
        }
        if (_options.PathClasses)
        {
            var c = (int)AlbPathClasses.Classify(line.Slice(reqStart, reqLen));
            _classRequests[c]++;
            _classSent[c] += sent;
            if (is5xx) _class5xx[c]++;
            if (total >= 0) _classLatency[c].Record(total);
            (CollectionsMarshal.AsSpan(_slotClass)[slot] ??= new long[ClassCount])[c]++;
            if (c == (int)AlbPathClass.SimpleProject) CollectionsMarshal.AsSpan(_ipSimple)[ipId]++;
            else if (c == (int)AlbPathClass.Packages) CollectionsMarshal.AsSpan(_ipPackages)[ipId]++;
        }
        if (_options.PerClientPerMinute)
        {
            _ipMinute.Add(slot, ipId);
            int uaId = UaId(line.Slice(uaStart, uaLen));
            CollectionsMarshal.AsSpan(_uaCounts)[uaId]++;
            _uaMinute.Add(slot, uaId);
            if ((uint)uaId < DenseAgents && (uint)ipId < DenseClients)
            {
                int cell = ipId * DenseAgents + uaId;
                if (cell >= _ipUaDense.Length) Array.Resize(ref _ipUaDense, Math.Max(cell + DenseAgents, _ipUaDense.Length * 2));
                _ipUaDense[cell]++;
            }
            else
            {
                ref int lastUa = ref CollectionsMarshal.AsSpan(_ipLastUa)[ipId];
                ref long run = ref CollectionsMarshal.AsSpan(_ipUaRun)[ipId];
                if (lastUa == uaId) run++;
                else
                {
                    if (lastUa >= 0) AddClientAgentRun(ipId, lastUa, run);
                    lastUa = uaId;
                    run = 1;
                }
            }
        }
        return null;
    }

    /// <summary>Adds a parsed entry (for callers that already hold entries).</summary>
    public void Add(AlbLogEntry e)
    {
        var line = Encoding.UTF8.GetBytes(
            $"{e.Type} {e.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} {e.Elb} {e.ClientIp}:{e.ClientPort} {e.Target ?? "-"} " +
            $"{Seconds(e.RequestProcessingTime)} {Seconds(e.TargetProcessingTime)} {Seconds(e.ResponseProcessingTime)} " +
            $"{(e.ElbStatusCode?.ToString() ?? "-")} {(e.TargetStatusCode?.ToString() ?? "-")} {e.ReceivedBytes} {e.SentBytes} " +
            $"\"{e.Request.Replace("\"", "\\\"")}\" \"{(e.UserAgent ?? "-").Replace("\"", "\\\"")}\"");
        AddLine(line);
        static string Seconds(double s) => s < 0 ? "-1" : s.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Aggregates a whole (possibly gzipped) stream; bad lines go to <paramref name="diagnostics"/>, lines over the limit
    /// are rejected unread, and a damaged gzip is recorded there (<see cref="ParseDiagnostics.Fail"/>) keeping what was read.
    /// Cancelled (<paramref name="ct"/>, looked at every 65,536 lines), it throws with the lines read so far counted, here
    /// and in <paramref name="diagnostics"/>, so a summary of them is exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddStream(Stream stream, ParseDiagnostics diagnostics, CancellationToken ct = default)
    {
        using var reader = new ByteLineReader(stream, 1 << 20, diagnostics.Options.MaxLineBytes);
        long accepted = 0, read = 0;
        try
        {
            while (reader.TryReadLine(out var line))
            {
                read++;
                if (reader.LastLineTooLong) { diagnostics.RejectTooLong(reader.LineNumber, line); continue; }
                if (line.IsEmpty) continue;
                var error = AddLine(line);
                if (error is null) accepted++;
                else diagnostics.Reject(reader.LineNumber, error, line);
                if ((read & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            }
        }
        catch (DamagedInputException ex)
        {
            diagnostics.Fail(ex.Message + $" — {read:N0} lines read before it");
        }
        finally
        {
            // also when cancelled: what was read stays counted, so a summary of it is exact
            diagnostics.LinesRead += read;
            diagnostics.Accepted += accepted;
            BytesRead += reader.BytesRead;
        }
    }

    /// <summary>Length of the time field as ALB writes it (microseconds): checked before searching for the space.</summary>
    private const int TimeLength = 27;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryMinute(ReadOnlySpan<byte> s, out long minuteTicks, out long ticks)
    {
        // Lines of one file share their minute: compare the first 16 bytes ("2025-12-27T16:35") with the last line's.
        minuteTicks = 0; ticks = 0;
        if (s.Length < 20) return false;
        ulong p0 = MemoryMarshal.Read<ulong>(s), p1 = MemoryMarshal.Read<ulong>(s[8..]);
        if (_cachedMinuteTicks >= 0 && p0 == _cachedMinutePrefix0 && p1 == _cachedMinutePrefix1 && s[16] == ':' && s[^1] == 'Z')
        {
            // seconds and fraction only
            uint a = (uint)(s[17] - '0'), b = (uint)(s[18] - '0');
            if (a > 6 || b > 9) return false;
            if (!AlbFields.TryFraction(s, out long frac)) return false;
            minuteTicks = _cachedMinuteTicks;
            ticks = minuteTicks + Math.Min(a * 10 + b, 59) * TimeSpan.TicksPerSecond + frac;
            return true;
        }
        if (!AlbFields.TryTime(s, out ticks)) return false;
        minuteTicks = ticks - ticks % TimeSpan.TicksPerMinute;
        _cachedMinutePrefix0 = p0; _cachedMinutePrefix1 = p1; _cachedMinuteTicks = minuteTicks;
        return true;
    }

    /// <summary>The slot of a minute (its index in the per-minute lists); lines of one minute come together, so the last one is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int MinuteSlot(long minute)
    {
        if (minute == _lastMinute) return _lastSlot;
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_minuteSlots, minute, out bool exists);
        if (!exists) { slot = _slotMinute.Count; _slotMinute.Add(minute); _slotRequests.Add(0); _slot5xx.Add(0); _slotLatency.Add(null); _slotClass.Add(null); }
        _lastMinute = minute;
        _lastSlot = slot;
        return slot;
    }

    /// <summary>The id a text (≤ 15 bytes) was given in <paramref name="ids"/>, or -1: an address or endpoint seen before in this spelling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KnownId(AlbLongKeyMap ids, ReadOnlySpan<byte> text) =>
        AlbLongKeyMap.TryTextKey(text, out ulong lo, out ulong hi) ? ids.Get(lo, hi) : -1;

    /// <summary>The id of a client address: looked up by its text as logged; a new text is parsed once (IPv4 forms of one address share an id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IpId(ReadOnlySpan<byte> ip)
    {
        if (!AlbLongKeyMap.TryTextKey(ip, out ulong lo, out ulong hi)) return NewIpId(ip);
        int id = _ipTextIds.Get(lo, hi);
        if (id < 0) { id = NewIpId(ip); _ipTextIds.Add(lo, hi, id); }
        return id;
    }

    private int NewIpId(ReadOnlySpan<byte> ip)
    {
        if (AlbFields.TryIpv4(ip, out uint v4))
        {
            int id = _ipv4Ids.Get(v4);
            if (id < 0) { id = _ipCounts.Count; _ipv4Ids.Add(v4, id); _ipCounts.Add(0); _ipNames.Add(null); _ipSimple.Add(0); _ipPackages.Add(0); _ipLastUa.Add(-1); _ipUaRun.Add(0); }
            return id;
        }
        var s = Encoding.UTF8.GetString(ip);
        ref int oid = ref CollectionsMarshal.GetValueRefOrAddDefault(_otherIpIds, s, out bool had);
        if (!had) { oid = _ipCounts.Count; _ipCounts.Add(0); _ipNames.Add(s); _ipSimple.Add(0); _ipPackages.Add(0); _ipLastUa.Add(-1); _ipUaRun.Add(0); }
        return oid;
    }

    /// <summary>The id of a target: looked up by its text as logged; a new text is parsed once (forms of one address and port share an id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int TargetId(ReadOnlySpan<byte> ip, int port, ReadOnlySpan<byte> whole)
    {
        if (!AlbLongKeyMap.TryTextKey(whole, out ulong lo, out ulong hi)) return NewTargetId(ip, port, whole);
        int id = _targetTextIds.Get(lo, hi);
        if (id < 0) { id = NewTargetId(ip, port, whole); _targetTextIds.Add(lo, hi, id); }
        return id;
    }

    private int NewTargetId(ReadOnlySpan<byte> ip, int port, ReadOnlySpan<byte> whole)
    {
        if (AlbFields.TryIpv4(ip, out uint v4))
        {
            ulong key = ((ulong)v4 << 16) | (uint)port;
            int id = _targetIds.Get(key);
            if (id < 0) { id = NewTarget($"{AlbFields.Ipv4ToString(v4)}:{port}"); _targetIds.Add(key, id); }
            return id;
        }
        var s = Encoding.UTF8.GetString(whole);
        ref int oid = ref CollectionsMarshal.GetValueRefOrAddDefault(_otherTargetIds, s, out bool had);
        if (!had) oid = NewTarget(s);
        return oid;
    }

    private int NewTarget(string name)
    {
        _targetNames.Add(name); _targetCounts.Add(0); _targetLatency.Add(LatencyHistogram.ForSlice(LatencyHistogram.DefaultHighestMicros));
        return _targetNames.Count - 1;
    }

    /// <summary>
    /// The id of a user agent: looked up by its bytes as logged; a new byte form is unescaped once and joins the id of
    /// the same text (two escapings of one agent count as one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int UaId(ReadOnlySpan<byte> ua)
    {
        int found = _uaBytes.Get(ua);
        if (found >= 0) return found;
        var key = AlbFields.Unescape(ua);
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_uaIds, key, out bool exists);
        if (!exists) { id = _uaNames.Count; _uaNames.Add(key); _uaCounts.Add(0); }
        _uaBytes.Add(ua, id);
        return id;
    }

    public AlbTrafficSummary ToSummary()
    {
        var ipNames = new string[_ipCounts.Count];
        foreach (var (v4, id) in _ipv4Ids.Entries()) ipNames[id] = AlbFields.Ipv4ToString((uint)v4);
        for (int i = 0; i < ipNames.Length; i++) ipNames[i] ??= _ipNames[i]!;
        DateTimeOffset T(int slot) => new(_slotMinute[slot] * TimeSpan.TicksPerMinute, TimeSpan.Zero);

        var perMinute = Enumerable.Range(0, _slotMinute.Count).OrderBy(s => _slotMinute[s])
            .Select(s => new AlbMinute(T(s), _slotRequests[s], _slot5xx[s], Seconds(_slotLatency[s], 50), Seconds(_slotLatency[s], 95)))
            .ToArray();

        var (ipPeak, busy) = _ipMinute.PeakAndBusy(ipNames.Length, ClientShapes.BusyMinuteRequests);
        var (uaPeak, _) = _uaMinute.PeakAndBusy(_uaNames.Count, ClientShapes.BusyMinuteRequests);
        var agents = ClientAgents();
        var clients = Enumerable.Range(0, ipNames.Length)
            .Select(i => new AlbKeyCount(ipNames[i], _ipCounts[i], ipPeak[i])
            {
                SimpleProjectRequests = _ipSimple[i], PackageRequests = _ipPackages[i], BusyMinutes = busy[i],
                UserAgent = agents[i].Ua >= 0 ? _uaNames[agents[i].Ua] : null, UserAgentCount = agents[i].Distinct,
            })
            .OrderByDescending(c => c.Requests).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var targets = Enumerable.Range(0, _targetNames.Count)
            .Select(i => new AlbTargetCount(_targetNames[i], _targetCounts[i], Seconds(_targetLatency[i], 50), Seconds(_targetLatency[i], 95)))
            .OrderByDescending(c => c.Requests).ThenBy(c => c.Target, StringComparer.Ordinal).ToArray();
        var uas = Enumerable.Range(0, _uaNames.Count)
            .Select(i => new AlbKeyCount(_uaNames[i], _uaCounts[i], uaPeak[i]))
            .OrderByDescending(c => c.Requests).ThenBy(c => c.Key, StringComparer.Ordinal).ToArray();
        var ipMinute = _options.PerClientPerMinute ? KeyMinutes(_ipMinute, ipNames) : Array.Empty<AlbKeyMinute>();
        var uaMinute = _options.PerClientPerMinute ? KeyMinutes(_uaMinute, _uaNames) : Array.Empty<AlbKeyMinute>();
        var latency = _latency;
        if (_options.PathClasses)
        {
            latency = new LatencyHistogram();
            foreach (var h in _classLatency) latency.Merge(h);
        }
        var status = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < 1000; i++) if (_elbStatus[i] > 0) status[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = _elbStatus[i];
        var tstatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < 1000; i++) if (_targetStatus[i] > 0) tstatus[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = _targetStatus[i];

        return new AlbTrafficSummary
        {
            Requests = Requests,
            OutsideWindow = OutsideWindow,
            WindowFrom = _options.From,
            WindowTo = _options.To,
            PathClassMinutes = Enumerable.Range(0, _slotMinute.Count).Where(s => _slotClass[s] is not null).OrderBy(s => _slotMinute[s])
                .SelectMany(s => Enumerable.Range(0, ClassCount).Where(c => _slotClass[s]![c] > 0).Select(c => new AlbPathClassMinute((AlbPathClass)c, T(s), _slotClass[s]![c])))
                .ToArray(),
            PathClasses = _options.PathClasses
                ? Enumerable.Range(0, ClassCount).Where(c => _classRequests[c] > 0).Select(c => new AlbPathClassCount((AlbPathClass)c, AlbPathClasses.Label((AlbPathClass)c),
                    _classRequests[c], _class5xx[c], _classSent[c], Seconds(_classLatency[c], 50), Seconds(_classLatency[c], 95))).ToArray()
                : Array.Empty<AlbPathClassCount>(),
            First = Requests == 0 ? null : new DateTimeOffset(_first, TimeSpan.Zero),
            Last = Requests == 0 ? null : new DateTimeOffset(_last, TimeSpan.Zero),
            PerMinute = perMinute,
            Clients = clients,
            Targets = targets,
            UserAgents = uas,
            ClientMinutes = ipMinute,
            UserAgentMinutes = uaMinute,
            Latency = new LatencyStats(latency.Count, _incompleteTimes, latency.Count == 0 ? double.NaN : latency.MeanMicros / 1e6,
                Seconds(latency, 50), Seconds(latency, 90), Seconds(latency, 95), Seconds(latency, 99), latency.MaxMicros / 1e6),
            ElbStatusCodes = status,
            TargetStatusCodes = tstatus,
            ElbGenerated5xx = _elbGenerated5xx,
            Target5xx = _target5xx,
            NoTarget = _noTarget,
            ReceivedBytes = _receivedBytes,
            SentBytes = _sentBytes,
        };
    }

    /// <summary>
    /// The (key, minute) counts ordered by minute, then key (ordinal): one sort of packed (minute rank, key rank) numbers
    /// instead of comparing times and strings for each of the tens of thousands of cells.
    /// </summary>
    private AlbKeyMinute[] KeyMinutes(AlbKeyMinuteCounts counts, IReadOnlyList<string> names)
    {
        var minuteRank = Ranks(_slotMinute.Count, (a, b) => _slotMinute[a].CompareTo(_slotMinute[b]));
        var nameRank = Ranks(names.Count, (a, b) => string.CompareOrdinal(names[a], names[b]));
        var cells = counts.Cells().ToArray();
        var order = new long[cells.Length];
        for (int i = 0; i < cells.Length; i++) order[i] = ((long)minuteRank[cells[i].Slot] << 32) | (uint)nameRank[cells[i].Id];
        Array.Sort(order, cells);
        var result = new AlbKeyMinute[cells.Length];
        for (int i = 0; i < cells.Length; i++)
            result[i] = new AlbKeyMinute(names[cells[i].Id], new DateTimeOffset(_slotMinute[cells[i].Slot] * TimeSpan.TicksPerMinute, TimeSpan.Zero), cells[i].Requests);
        return result;
    }

    /// <summary>Each item's place (0 … n − 1) when the items are sorted by <paramref name="compare"/>.</summary>
    private static int[] Ranks(int n, Comparison<int> compare)
    {
        var sorted = Enumerable.Range(0, n).ToArray();
        Array.Sort(sorted, compare);
        var rank = new int[n];
        for (int i = 0; i < n; i++) rank[sorted[i]] = i;
        return rank;
    }

    /// <summary>Each client IP's most frequent user agent (-1 when none was kept) and how many distinct agents it sent.</summary>
    private (int Ua, int Distinct)[] ClientAgents()
    {
        // the open runs count too; flushing them here leaves the aggregator able to take more lines
        for (int ip = 0; ip < _ipLastUa.Count; ip++)
            if (_ipLastUa[ip] >= 0 && _ipUaRun[ip] > 0) { AddClientAgentRun(ip, _ipLastUa[ip], _ipUaRun[ip]); _ipUaRun[ip] = 0; }
        var best = new (int Ua, int Distinct, long N)[_ipCounts.Count];
        Array.Fill(best, (-1, 0, 0L));
        // the dense table and the map hold different pairs: each pair is offered once
        for (int cell = 0; cell < _ipUaDense.Length; cell++)
            if (_ipUaDense[cell] > 0) Offer(cell / DenseAgents, cell % DenseAgents, _ipUaDense[cell]);
        foreach (var (key, index) in _ipUaIds.Entries()) Offer((int)(key >> 32), (int)(uint)key, _ipUaCounts[index]);
        return best.Select(b => (b.Ua, b.Distinct)).ToArray();

        void Offer(int ip, int ua, long n)
        {
            var b = best[ip];
            bool wins = n > b.N || (n == b.N && b.Ua >= 0 && string.CompareOrdinal(_uaNames[ua], _uaNames[b.Ua]) < 0);
            best[ip] = (wins ? ua : b.Ua, b.Distinct + 1, wins ? n : b.N);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddClientAgentRun(int ip, int ua, long run)
    {
        ulong key = ((ulong)(uint)ip << 32) | (uint)ua;
        int index = _ipUaIds.Get(key);
        if (index < 0) { index = _ipUaCounts.Count; _ipUaIds.Add(key, index); _ipUaCounts.Add(0); }
        CollectionsMarshal.AsSpan(_ipUaCounts)[index] += run;
    }

    /// <summary>A percentile (0–100) in seconds; NaN when nothing was recorded.</summary>
    private static double Seconds(LatencyHistogram? h, double percentile) =>
        h is null || h.Count == 0 ? double.NaN : h.ValueAtPercentile(percentile) / 1e6;
}

/// <summary>Requests in one minute, the 5xx among them and their latency (seconds; NaN when not tracked).</summary>
public sealed record AlbMinute(DateTimeOffset Minute, long Requests, long Errors5xx, double P50Seconds, double P95Seconds);
/// <summary>Requests for one key (client IP, user agent), and its busiest minute.</summary>
public sealed record AlbKeyCount(string Key, long Requests, int PeakPerMinute)
{
    /// <summary>Of a client IP's requests: <c>/simple/&lt;project&gt;/</c> pages (0 unless path classes were kept).</summary>
    public long SimpleProjectRequests { get; init; }
    /// <summary>Of a client IP's requests: <c>/packages/…</c> downloads.</summary>
    public long PackageRequests { get; init; }
    /// <summary>Minutes with at least <see cref="ClientShapes.BusyMinuteRequests"/> requests from this key (0 unless per-minute counts were kept).</summary>
    public int BusyMinutes { get; init; }
    /// <summary>Of a client IP: the user agent it sent most often (null unless per-client counts were kept).</summary>
    public string? UserAgent { get; init; }
    /// <summary>Of a client IP: how many distinct user agents it sent.</summary>
    public int UserAgentCount { get; init; }
}

/// <summary>Requests of one path class in one minute (the traffic chart's stacks).</summary>
public sealed record AlbPathClassMinute(AlbPathClass Class, DateTimeOffset Minute, long Requests);

/// <summary>Requests of one path class, the 5xx among them, bytes sent and latency (seconds; NaN when no complete times).</summary>
public sealed record AlbPathClassCount(AlbPathClass Class, string Label, long Requests, long Errors5xx, long SentBytes, double P50Seconds, double P95Seconds);
public sealed record AlbTargetCount(string Target, long Requests, double P50Seconds, double P95Seconds);
public sealed record AlbKeyMinute(string Key, DateTimeOffset Minute, int Requests);
/// <summary>Latency of requests with all three processing times (seconds); <see cref="Incomplete"/> had a -1.</summary>
public sealed record LatencyStats(long Count, long Incomplete, double Mean, double P50, double P90, double P95, double P99, double Max);

/// <summary>Everything the ALB aggregation produced: counts per minute / client / target / user agent, status codes, latency.</summary>
public sealed record AlbTrafficSummary
{
    public long Requests { get; init; }
    public DateTimeOffset? First { get; init; }
    public DateTimeOffset? Last { get; init; }
    public IReadOnlyList<AlbMinute> PerMinute { get; init; } = Array.Empty<AlbMinute>();
    public IReadOnlyList<AlbKeyCount> Clients { get; init; } = Array.Empty<AlbKeyCount>();
    /// <summary>Per path class (<c>/simple/</c>, <c>/simple/&lt;p&gt;/</c>, <c>/packages/…</c>, upload, other), busiest first by class order.</summary>
    public IReadOnlyList<AlbPathClassCount> PathClasses { get; init; } = Array.Empty<AlbPathClassCount>();
    /// <summary>Valid lines left out by the time window.</summary>
    public long OutsideWindow { get; init; }
    /// <summary>The start of the time window asked for (<c>--from</c>), null when the log was read from its start.</summary>
    public DateTimeOffset? WindowFrom { get; init; }
    /// <summary>The end of the time window asked for (<c>--to</c>, exclusive), null when the log was read to its end.</summary>
    public DateTimeOffset? WindowTo { get; init; }
    /// <summary>Requests per path class per minute, by minute then class (empty unless path classes were kept).</summary>
    public IReadOnlyList<AlbPathClassMinute> PathClassMinutes { get; init; } = Array.Empty<AlbPathClassMinute>();
    public IReadOnlyList<AlbTargetCount> Targets { get; init; } = Array.Empty<AlbTargetCount>();
    public IReadOnlyList<AlbKeyCount> UserAgents { get; init; } = Array.Empty<AlbKeyCount>();
    public IReadOnlyList<AlbKeyMinute> ClientMinutes { get; init; } = Array.Empty<AlbKeyMinute>();
    public IReadOnlyList<AlbKeyMinute> UserAgentMinutes { get; init; } = Array.Empty<AlbKeyMinute>();
    public required LatencyStats Latency { get; init; }
    public IReadOnlyDictionary<string, long> ElbStatusCodes { get; init; } = new Dictionary<string, long>();
    public IReadOnlyDictionary<string, long> TargetStatusCodes { get; init; } = new Dictionary<string, long>();
    /// <summary>5xx the balancer produced itself (no target status): 502 bad gateway, 503 no target, 504 timeout.</summary>
    public long ElbGenerated5xx { get; init; }
    /// <summary>5xx returned by a target (pypiserver / gunicorn).</summary>
    public long Target5xx { get; init; }
    public long NoTarget { get; init; }
    public long ReceivedBytes { get; init; }
    public long SentBytes { get; init; }

    /// <summary>The per-minute series for the timeline: alb.requests, alb.latency_p50, alb.latency_p95, alb.5xx.</summary>
    public IReadOnlyList<TimeSeries> ToSeries() =>
    [
        new("alb.requests", "Count/min", PerMinute.Select(m => new TimePoint(m.Minute, m.Requests)).ToArray()),
        new("alb.latency_p50", "s", PerMinute.Where(m => !double.IsNaN(m.P50Seconds)).Select(m => new TimePoint(m.Minute, m.P50Seconds)).ToArray()),
        new("alb.latency_p95", "s", PerMinute.Where(m => !double.IsNaN(m.P95Seconds)).Select(m => new TimePoint(m.Minute, m.P95Seconds)).ToArray()),
        new("alb.5xx", "Count/min", PerMinute.Select(m => new TimePoint(m.Minute, m.Errors5xx)).ToArray()),
    ];
}
