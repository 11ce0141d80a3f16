using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// AWS Query protocol (form-encoded <c>Action=…&amp;Version=…</c>, XML answer): CloudWatch (2010-08-01) and ELBv2
/// (2015-12-01). Returns the <c>&lt;OperationResult&gt;</c> element; errors become <see cref="AwsServiceException"/>.
/// </summary>
public sealed class QueryProtocolClient(AwsSession session, AwsService service, string apiVersion)
{
    public AwsSession Session => session;

    public async Task<XElement> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken ct = default)
    {
        var body = Encoding.UTF8.GetBytes(Encode(action, apiVersion, parameters));
        return await session.Retry.ExecuteAsync(async token =>
        {
            var response = await SigV4Transport.PostAsync(session, service, body, "application/x-www-form-urlencoded; charset=utf-8",
                new Dictionary<string, string>(), token).ConfigureAwait(false);
            if (response.StatusCode is >= 200 and < 300)
            {
                var doc = XDocument.Parse(Encoding.UTF8.GetString(response.Body));
                return doc.Root?.Child(action + "Result") ?? new XElement(action + "Result");
            }
            throw await AwsErrorParser.ToExceptionAsync(session, service, action, response).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Form-encodes a Query request (RFC 3986 escaping, as SigV4 expects).</summary>
    public static string Encode(string action, string version, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder();
        sb.Append("Action=").Append(Uri.EscapeDataString(action)).Append("&Version=").Append(Uri.EscapeDataString(version));
        foreach (var (k, v) in parameters) sb.Append('&').Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v));
        return sb.ToString();
    }

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

/// <summary>Namespace-agnostic helpers over Query XML answers.</summary>
public static class QueryXml
{
    public static XElement? Child(this XElement e, string localName) => e.Elements().FirstOrDefault(x => x.Name.LocalName == localName);
    public static string? Text(this XElement e, string localName) => e.Child(localName)?.Value;

    /// <summary><c>&lt;Name&gt;&lt;member&gt;…&lt;/member&gt;…&lt;/Name&gt;</c> → the member elements.</summary>
    public static IEnumerable<XElement> Members(this XElement e, string localName) =>
        e.Child(localName)?.Elements().Where(x => x.Name.LocalName == "member") ?? [];

    public static int? Int(this XElement e, string localName) =>
        int.TryParse(e.Text(localName), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
