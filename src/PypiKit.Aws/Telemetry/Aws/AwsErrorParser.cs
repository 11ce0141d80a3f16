using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace PypiKit.Telemetry.Aws;

/// <summary>
/// Reads AWS's error code and message from an error answer in any of the shapes services use: JSON
/// (<c>__type</c>/<c>code</c> + <c>message</c>), Query XML (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>), or the
/// <c>x-amzn-ErrorType</c> header. JSON services can answer authentication failures in XML, so both are tried.
/// </summary>
internal static class AwsErrorParser
{
    public static (string Code, string Message, string? RequestId) Parse(AwsHttpResponse response)
    {
        string? code = null, message = null, requestId = response.RequestId;
        var text = Encoding.UTF8.GetString(response.Body).Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                foreach (var name in new[] { "__type", "code", "Code" })
                    if (root.TryGetProperty(name, out var c) && c.ValueKind == JsonValueKind.String) { code = c.GetString(); break; }
                foreach (var name in new[] { "message", "Message", "errorMessage" })
                    if (root.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.String) { message = m.GetString(); break; }
            }
            catch (JsonException) { }
        }
        else if (text.StartsWith('<'))
        {
            try
            {
                var root = XDocument.Parse(text).Root!;
                var error = root.Name.LocalName == "Error" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                code = error?.Text("Code");
                message = error?.Text("Message");
                requestId = root.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value ?? requestId;
            }
            catch (XmlException) { }
        }
        code = NormalizeCode(code) ?? NormalizeCode(response.ErrorTypeHeader) ?? $"Http{response.StatusCode}";
        message ??= code.StartsWith("Http", StringComparison.Ordinal) && text.Length > 0 ? text[..Math.Min(text.Length, 300)] : "";
        return (code, message.Trim(), requestId);
    }

    /// <summary><c>aws.ecs#ClusterNotFoundException:http://…</c> → <c>ClusterNotFoundException</c>.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var c = code;
        var colon = c.IndexOf(':');
        if (colon >= 0) c = c[..colon];
        var hash = c.LastIndexOf('#');
        if (hash >= 0) c = c[(hash + 1)..];
        return c.Trim();
    }

    public static async Task<AwsServiceException> ToExceptionAsync(AwsSession session, AwsService service, string operation, AwsHttpResponse response)
    {
        var (code, message, requestId) = Parse(response);
        Amazon.Runtime.ImmutableCredentials? credentials = null;
        try { credentials = await session.GetCredentialsAsync().ConfigureAwait(false); }
        catch (AwsConfigurationException) { }
        return new AwsServiceException(service.Name, operation, response.StatusCode, code, SigV4Transport.Redact(message, credentials), requestId);
    }
}
