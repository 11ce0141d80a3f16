using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using System.Xml.Linq;

namespace PypiKit.Tests.Telemetry;

/// <summary>One stored state change the stand-in answers with.</summary>
public sealed record StoredTransition(string AlarmName, DateTimeOffset Time, string From, string To);

/// <summary>
/// A loopback stand-in for CloudWatch's <c>DescribeAlarmHistory</c>, which moto does not implement. It speaks the
/// protocol PypiKit's client speaks (AWS Query, API 2010-08-01: a SigV4-signed form POST, an XML answer in the
/// <c>monitoring</c> namespace, XML <c>ErrorResponse</c>s) and rejects what CloudWatch rejects: an unsigned request or one
/// whose signature does not verify (403), another action or version, a missing or over-long alarm name, an unknown
/// history item type, dates that do not parse or a start after the end, a bad page size or token (400). Items come
/// newest first, at most <c>MaxRecords</c> (default 100) a page with a <c>NextToken</c>.
/// </summary>
public sealed class AlarmHistoryStandIn : IDisposable
{
    private const string Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static readonly string[] ItemTypes = ["ConfigurationUpdate", "StateUpdate", "Action"];
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _accessKey, _secretKey, _region;
    private int _calls;

    public AlarmHistoryStandIn(string accessKey, string secretKey, string region, IReadOnlyList<StoredTransition> history)
    {
        (_accessKey, _secretKey, _region, History) = (accessKey, secretKey, region, history);
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url + "/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; private set; } = "";
    public IReadOnlyList<StoredTransition> History { get; }

    /// <summary>Requests answered with a history page (errors not counted).</summary>
    public int Calls => Volatile.Read(ref _calls);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            try { await AnswerAsync(ctx); }
            catch (Exception e) when (e is HttpListenerException or IOException) { }
        }
    }

    private async Task AnswerAsync(HttpListenerContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var (status, xml) = Handle(ctx.Request, body);
        var bytes = Encoding.UTF8.GetBytes(xml.ToString(SaveOptions.DisableFormatting));
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/xml";
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    private (int, XElement) Handle(HttpListenerRequest request, string body)
    {
        if (request.HttpMethod != "POST" || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return Error(400, "InvalidAction", "Query requests are POSTs of application/x-www-form-urlencoded forms.");
        if (SignatureProblem(request, body) is { } problem) return problem;
        var form = HttpUtility.ParseQueryString(body);
        if (form["Action"] != "DescribeAlarmHistory") return Error(400, "InvalidAction", $"Could not find operation {form["Action"]} for version {form["Version"]}");
        if (form["Version"] != "2010-08-01") return Error(400, "InvalidAction", $"Could not find operation DescribeAlarmHistory for version {form["Version"]}");
        var name = form["AlarmName"];
        if (name is not null && (name.Length is 0 or > 255))
            return Error(400, "ValidationError", "1 validation error detected: Value at 'alarmName' failed to satisfy constraint: Member must have length between 1 and 255");
        var type = form["HistoryItemType"];
        if (type is not null && !ItemTypes.Contains(type))
            return Error(400, "ValidationError", $"1 validation error detected: Value '{type}' at 'historyItemType' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ItemTypes)}]");
        if (!TryDate(form["StartDate"], out var start) || !TryDate(form["EndDate"], out var end))
            return Error(400, "InvalidParameterValue", "StartDate and EndDate must be ISO 8601 timestamps.");
        if (start is { } s0 && end is { } e0 && s0 > e0) return Error(400, "InvalidParameterValue", "The start date must be before the end date.");
        var max = 100;
        if (form["MaxRecords"] is { } m && (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > 100))
            return Error(400, "ValidationError", "1 validation error detected: Value at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100");
        var skip = 0;
        if (form["NextToken"] is { } token && (!token.StartsWith("page-", StringComparison.Ordinal) || !int.TryParse(token[5..], NumberStyles.None, CultureInfo.InvariantCulture, out skip)))
            return Error(400, "InvalidNextToken", "The service couldn't process your request because the next token is not valid.");

        var items = History
            .Where(h => (name is null || h.AlarmName == name) && (type is null or "StateUpdate") && (start is null || h.Time >= start) && (end is null || h.Time <= end))
            .OrderByDescending(h => h.Time).ToList();
        var page = items.Skip(skip).Take(max).ToList();
        Interlocked.Increment(ref _calls);
        XNamespace ns = Ns;
        var result = new XElement(ns + "DescribeAlarmHistoryResult",
            new XElement(ns + "AlarmHistoryItems", page.Select(h => new XElement(ns + "member",
                new XElement(ns + "AlarmName", h.AlarmName),
                new XElement(ns + "AlarmType", "MetricAlarm"),
                new XElement(ns + "Timestamp", h.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
                new XElement(ns + "HistoryItemType", "StateUpdate"),
                new XElement(ns + "HistorySummary", $"Alarm updated from {h.From} to {h.To}"),
                new XElement(ns + "HistoryData",
                    $$$"""{"version":"1.0","oldState":{"stateValue":"{{{h.From}}}","stateReason":"before"},"newState":{"stateValue":"{{{h.To}}}","stateReason":"after"}}""")))));
        if (skip + page.Count < items.Count) result.Add(new XElement(ns + "NextToken", "page-" + (skip + page.Count).ToString(CultureInfo.InvariantCulture)));
        return (200, new XElement(ns + "DescribeAlarmHistoryResponse", result,
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", Guid.NewGuid().ToString()))));
    }

    private static bool TryDate(string? s, out DateTimeOffset? value)
    {
        value = null;
        if (s is null) return true;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return false;
        value = t;
        return true;
    }

    /// <summary>SigV4 as CloudWatch checks it: scope (key, date, region, <c>monitoring</c>), signed headers and the signature.</summary>
    private (int, XElement)? SignatureProblem(HttpListenerRequest request, string body)
    {
        var auth = request.Headers["Authorization"];
        var amzDate = request.Headers["X-Amz-Date"];
        if (auth is null || amzDate is null) return Error(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
        var parts = auth.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal)
            ? auth["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1])
            : [];
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
            return Error(400, "IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != _accessKey) return Error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        if (scope[1] != amzDate[..8] || scope[2] != _region || scope[3] != "monitoring" || scope[4] != "aws4_request")
            return Error(403, "SignatureDoesNotMatch", $"Credential should be scoped to a valid region and to the 'monitoring' service, not '{credential}'.");
        var headers = signedHeaders.Split(';');
        if (!headers.Contains("host") || !headers.Contains("x-amz-date")) return Error(403, "SignatureDoesNotMatch", "host and x-amz-date must be signed.");
        var canonicalHeaders = string.Concat(headers.Select(h => h + ":" + string.Join(",", (request.Headers.GetValues(h) ?? []).Select(v => v.Trim())) + "\n"));
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var canonical = $"POST\n{request.Url!.AbsolutePath}\n{request.Url.Query.TrimStart('?')}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{string.Join('/', scope[1..])}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = new[] { scope[1], scope[2], scope[3], scope[4] }.Aggregate(Encoding.UTF8.GetBytes("AWS4" + _secretKey), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }

    private static string Hex(byte[] b) => Convert.ToHexString(b).ToLowerInvariant();

    private static (int, XElement) Error(int status, string code, string message)
    {
        XNamespace ns = Ns;
        return (status, new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error", new XElement(ns + "Type", status >= 500 ? "Receiver" : "Sender"), new XElement(ns + "Code", code), new XElement(ns + "Message", message)),
            new XElement(ns + "RequestId", Guid.NewGuid().ToString())));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
