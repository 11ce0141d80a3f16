using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// Parser for AWS Application Load Balancer access logs (space-separated, quoted request / user agent / ids,
/// <c>ip:port</c> endpoints, <c>-1</c> times, <c>-</c> for absent values, plain or <c>.gz</c>). It reads every documented
/// field (type … request_transform_status) and keeps any newer trailing fields in <see cref="AlbLogEntry.ExtraFields"/>.
/// For large files use <see cref="AlbTrafficAggregator"/>, which aggregates without building entries.
/// </summary>
public static class AlbLogParser
{
    public const string Format = "alb";

    /// <summary>Parses one line; on failure <paramref name="error"/> says which field was wrong.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out AlbLogEntry? entry, [NotNullWhen(false)] out string? error)
    {
        entry = null;
        Span<(int Start, int Length, bool Quoted)> f = stackalloc (int, int, bool)[40];
        int count = 0, pos = 0;
        while (pos < line.Length)
        {
            if (count == f.Length)
            {
                int first = line.IndexOf((byte)' ') + 1;
                error = AlbFields.FindMergedRecord(line[first..]) >= 0 ? AlbFields.MergedRecordError : "too many fields";
                return false;
            }
            if (!AlbFields.Next(line, ref pos, out int s, out int l, out bool q)) { error = $"field {count + 1} is malformed (empty or unterminated quote)"; return false; }
            f[count++] = (s, l, q);
        }
        if (count < AlbFields.MinimumFields) { error = $"expected at least {AlbFields.MinimumFields} fields, found {count}"; return false; }
        ReadOnlySpan<byte> F(int i, Span<(int Start, int Length, bool Quoted)> fs, ReadOnlySpan<byte> ln) => ln.Slice(fs[i].Start, fs[i].Length);
        string? S(int i, Span<(int Start, int Length, bool Quoted)> fs, ReadOnlySpan<byte> ln)
        {
            if (i >= count) return null;
            var v = ln.Slice(fs[i].Start, fs[i].Length);
            if (v.Length == 1 && v[0] == '-') return null;
            return fs[i].Quoted ? AlbFields.Unescape(v) : Encoding.UTF8.GetString(v);
        }

        var type = F(0, f, line);
        if (f[0].Quoted || type.Length > 8) { error = "field 1 (type) is not a request type"; return false; }
        if (!AlbFields.TryTime(F(1, f, line), out long ticks)) { error = "field 2 (time) is not an ISO 8601 UTC time"; return false; }
        if (!AlbFields.TrySplitEndpoint(F(3, f, line), out var cip, out int cport)) { error = "field 4 (client:port) is malformed"; return false; }
        string? target = null, targetIp = null; int? targetPort = null;
        var tf = F(4, f, line);
        if (!(tf.Length == 1 && tf[0] == '-'))
        {
            if (!AlbFields.TrySplitEndpoint(tf, out var tip, out int tport)) { error = "field 5 (target:port) is malformed"; return false; }
            target = Encoding.UTF8.GetString(tf); targetIp = Encoding.UTF8.GetString(tip); targetPort = tport;
        }
        if (!AlbFields.TryMicros(F(5, f, line), out long rq)) { error = "field 6 (request_processing_time) is not a number"; return false; }
        if (!AlbFields.TryMicros(F(6, f, line), out long tg)) { error = "field 7 (target_processing_time) is not a number"; return false; }
        if (!AlbFields.TryMicros(F(7, f, line), out long rs)) { error = "field 8 (response_processing_time) is not a number"; return false; }
        if (!AlbFields.TryStatus(F(8, f, line), out int elbStatus)) { error = "field 9 (elb_status_code) is not a status code"; return false; }
        if (!AlbFields.TryStatus(F(9, f, line), out int tgStatus)) { error = "field 10 (target_status_code) is not a status code"; return false; }
        if (!AlbFields.TryCount(F(10, f, line), out long received)) { error = "field 11 (received_bytes) is not a count"; return false; }
        if (!AlbFields.TryCount(F(11, f, line), out long sent)) { error = "field 12 (sent_bytes) is not a count"; return false; }
        if (!f[12].Quoted) { error = "field 13 (request) is not quoted"; return false; }
        if (!f[13].Quoted) { error = "field 14 (user_agent) is not quoted"; return false; }
        int afterUa = f[13].Start + f[13].Length + 1;
        if (afterUa < line.Length && AlbFields.FindMergedRecord(line[afterUa..]) >= 0) { error = AlbFields.MergedRecordError; return false; }
        var request = AlbFields.Unescape(F(12, f, line));
        string? method = null, url = null, version = null;
        var parts = request.Split(' ');
        if (parts.Length == 3) { method = parts[0] == "-" ? null : parts[0]; url = parts[1] == "-" ? null : parts[1]; version = parts[2] == "-" ? null : parts[2]; }

        int? priority = null;
        if (count > 20)
        {
            var pf = F(20, f, line);
            if (!(pf.Length == 1 && pf[0] == '-'))
            {
                if (!Utf8Parser.TryParse(pf, out int pr, out int used) || used != pf.Length) { error = "field 21 (matched_rule_priority) is not a number"; return false; }
                priority = pr;
            }
        }
        DateTimeOffset? created = null;
        if (count > 21)
        {
            var cf = F(21, f, line);
            if (!(cf.Length == 1 && cf[0] == '-'))
            {
                if (!AlbFields.TryTime(cf, out long ct)) { error = "field 22 (request_creation_time) is not an ISO 8601 UTC time"; return false; }
                created = new DateTimeOffset(ct, TimeSpan.Zero);
            }
        }
        static IReadOnlyList<string> List(string? s) => s is null ? Array.Empty<string>() : s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var extras = new List<string>();
        for (int i = 33; i < count; i++) extras.Add(S(i, f, line) ?? "-");

        entry = new AlbLogEntry
        {
            Type = Encoding.ASCII.GetString(type),
            Time = new DateTimeOffset(ticks, TimeSpan.Zero),
            Elb = Encoding.UTF8.GetString(F(2, f, line)),
            ClientIp = Encoding.UTF8.GetString(cip),
            ClientPort = cport,
            Target = target, TargetIp = targetIp, TargetPort = targetPort,
            RequestProcessingTime = rq < 0 ? -1 : rq / 1e6,
            TargetProcessingTime = tg < 0 ? -1 : tg / 1e6,
            ResponseProcessingTime = rs < 0 ? -1 : rs / 1e6,
            ElbStatusCode = elbStatus < 0 ? null : elbStatus,
            TargetStatusCode = tgStatus < 0 ? null : tgStatus,
            ReceivedBytes = received, SentBytes = sent,
            Request = request, Method = method, Url = url, HttpVersion = version,
            UserAgent = S(13, f, line),
            SslCipher = S(14, f, line), SslProtocol = S(15, f, line), TargetGroupArn = S(16, f, line),
            TraceId = S(17, f, line), DomainName = S(18, f, line), ChosenCertArn = S(19, f, line),
            MatchedRulePriority = priority, RequestCreationTime = created,
            ActionsExecuted = S(22, f, line), RedirectUrl = S(23, f, line), ErrorReason = S(24, f, line),
            TargetPortList = List(S(25, f, line)), TargetStatusCodeList = List(S(26, f, line)),
            Classification = S(27, f, line), ClassificationReason = S(28, f, line), ConnTraceId = S(29, f, line),
            TransformedHost = S(30, f, line), TransformedUri = S(31, f, line), RequestTransformStatus = count > 32 ? S(32, f, line) : null,
            ExtraFields = extras.Count > 0 ? extras.ToArray() : Array.Empty<string>(),
        };
        error = null;
        return true;
    }

    public static bool TryParse(string line, [NotNullWhen(true)] out AlbLogEntry? entry, [NotNullWhen(false)] out string? error) =>
        TryParse(Encoding.UTF8.GetBytes(line), out entry, out error);

    /// <summary>Streams entries from a (possibly gzipped) stream; bad lines go to <paramref name="diagnostics"/>.</summary>
    public static IEnumerable<AlbLogEntry> Read(Stream stream, ParseDiagnostics diagnostics, CancellationToken ct = default)
    {
        using var reader = new ByteLineReader(stream, 1 << 20, diagnostics.Options.MaxLineBytes);
        while (true)
        {
            AlbLogEntry? entry;
            string? error;
            bool ok;
            {
                bool more;
                ReadOnlySpan<byte> line;
                try { more = reader.TryReadLine(out line); }
                catch (DamagedInputException ex) { diagnostics.Fail(ex.Message); yield break; }
                if (!more) yield break;
                diagnostics.LinesRead++;
                if (reader.LastLineTooLong) { diagnostics.RejectTooLong(reader.LineNumber, line); continue; }
                if (line.IsEmpty) continue;
                ok = TryParse(line, out entry, out error);
                if (!ok) diagnostics.Reject(reader.LineNumber, error!, line);
            }
            if (ok)
            {
                diagnostics.Accepted++;
                yield return entry!;
            }
            if ((reader.LineNumber & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Reads a whole file (plain or .gz) into memory: for small logs; use the aggregator for big ones.</summary>
    public static Parsed<IReadOnlyList<AlbLogEntry>> ParseFile(string path, ParseOptions? options = null)
    {
        var diag = new ParseDiagnostics(path, Format, (options ?? ParseOptions.Strict).Validate());
        using var s = IncidentFiles.OpenRead(path);
        return new(Read(s, diag).ToList(), diag);
    }
}
