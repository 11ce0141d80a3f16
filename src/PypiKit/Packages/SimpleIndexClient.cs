using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>
/// Reads a PEP 503 simple index (HTML) and PEP 691 (JSON) where the server offers it. Redirects (301 to the normalised
/// name, 303 from <c>/&lt;p&gt;/</c>) are followed by hand on the same origin so the Basic-auth header is kept
/// (.NET's automatic redirect drops it).
/// </summary>
public sealed partial class SimpleIndexClient : IDisposable
{
    public const string JsonMediaType = "application/vnd.pypi.simple.v1+json";
    public const string HtmlMediaType = "application/vnd.pypi.simple.v1+html";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _indexUrl;
    private readonly PypiCredentials? _credentials;

    /// <summary>A client of the simple index rooted at <paramref name="indexUrl"/> (e.g. <c>http://127.0.0.1:8080/simple/</c>);
    /// <paramref name="http"/> is shared and not disposed (null creates one without redirects or cookies).</summary>
    public SimpleIndexClient(string indexUrl, PypiCredentials? credentials = null, HttpClient? http = null)
    {
        if (!indexUrl.EndsWith('/')) indexUrl += "/";
        _indexUrl = new Uri(indexUrl, UriKind.Absolute);
        _credentials = credentials;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
    }

    public SimpleIndexFormat Format { get; init; } = SimpleIndexFormat.PreferJson;

    /// <summary>Project names on the root page.</summary>
    public async Task<SimpleIndexPage> GetIndexAsync(CancellationToken ct = default)
    {
        var (_, body, mediaType, instance) = await GetAsync(_indexUrl, allowNotFound: false, ct);
        if (mediaType == JsonMediaType)
        {
            using var doc = JsonDocument.Parse(body);
            var names = doc.RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
            return new SimpleIndexPage(names, "json", instance);
        }
        var list = Anchors().Matches(body).Select(m => WebUtility.HtmlDecode(StripTags(m.Groups["text"].Value)).Trim()).ToList();
        return new SimpleIndexPage(list, "html", instance);
    }

    /// <summary>Files of <paramref name="project"/>; null when the index answers 404.</summary>
    public async Task<SimpleProjectPage?> GetProjectAsync(string project, CancellationToken ct = default)
    {
        var url = new Uri(_indexUrl, Uri.EscapeDataString(project) + "/");
        var (final, body, mediaType, instance) = await GetAsync(url, allowNotFound: true, ct);
        if (final is null) return null;
        var files = new List<SimpleFile>();
        if (mediaType == JsonMediaType)
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var f in doc.RootElement.GetProperty("files").EnumerateArray())
            {
                string? sha = f.TryGetProperty("hashes", out var h) && h.TryGetProperty("sha256", out var s) ? s.GetString() : null;
                string? rp = f.TryGetProperty("requires-python", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                var href = new Uri(final, f.GetProperty("url").GetString()!);
                files.Add(new SimpleFile(f.GetProperty("filename").GetString()!, WithoutFragment(href), sha, rp));
            }
            var name = doc.RootElement.TryGetProperty("name", out var n) ? n.GetString()! : ProjectName.Normalize(project);
            return new SimpleProjectPage(name, files, "json", instance);
        }
        foreach (Match m in Anchors().Matches(body))
        {
            var href = new Uri(final, WebUtility.HtmlDecode(m.Groups["href"].Value));
            string? sha = null;
            var frag = href.Fragment;
            if (frag.StartsWith("#sha256=", StringComparison.Ordinal)) sha = frag[8..];
            var rpm = RequiresPythonAttr().Match(m.Groups["attrs"].Value);
            files.Add(new SimpleFile(WebUtility.HtmlDecode(StripTags(m.Groups["text"].Value)).Trim(), WithoutFragment(href), sha,
                rpm.Success ? WebUtility.HtmlDecode(rpm.Groups[1].Value) : null));
        }
        return new SimpleProjectPage(ProjectName.Normalize(project), files, "html", instance);
    }

    /// <summary>Downloads a file listed on a project page (Basic auth kept); returns its bytes.</summary>
    public async Task<byte[]> DownloadAsync(SimpleFile file, CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, file.Url);
        if (_credentials is not null) req.Headers.Authorization = _credentials.ToHeader();
        using var resp = await _http.SendAsync(req, ct);
        resp.EnsureSuccessStatusCode();
        return await resp.Content.ReadAsByteArrayAsync(ct);
    }

    private async Task<(Uri? Final, string Body, string? MediaType, string? Instance)> GetAsync(Uri url, bool allowNotFound, CancellationToken ct)
    {
        for (int hop = 0; hop < 5; hop++)
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, url);
            if (_credentials is not null) req.Headers.Authorization = _credentials.ToHeader();
            req.Headers.TryAddWithoutValidation("Accept", Format == SimpleIndexFormat.PreferJson
                ? $"{JsonMediaType}, {HtmlMediaType};q=0.1, text/html;q=0.01"
                : "text/html");
            using var resp = await _http.SendAsync(req, HttpCompletionOption.ResponseContentRead, ct);
            var status = (int)resp.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && resp.Headers.Location is { } loc)
            {
                var next = new Uri(url, loc);
                if (next.Scheme != url.Scheme || next.Authority != url.Authority)
                    throw new HttpRequestException($"{url} redirects to another origin ({next}); not followed.");
                url = next;
                continue;
            }
            if (status == 404 && allowNotFound) return (null, "", null, null);
            if (status is < 200 or >= 300)
                throw new HttpRequestException($"GET {url} answered {status} {resp.ReasonPhrase}.", null, resp.StatusCode);
            var instance = resp.Headers.TryGetValues("X-PypiKit-Instance", out var v) ? v.FirstOrDefault() : null;
            return (url, await resp.Content.ReadAsStringAsync(ct), resp.Content.Headers.ContentType?.MediaType, instance);
        }
        throw new HttpRequestException($"GET {url}: too many redirects.");
    }

    private static string WithoutFragment(Uri u) => u.GetLeftPart(UriPartial.Query);

    private static string StripTags(string s) => Tags().Replace(s, "");

    [GeneratedRegex("<a(?<attrs>\\s[^>]*?)?\\s*href\\s*=\\s*\"(?<href>[^\"]*)\"(?<attrs2>[^>]*)>(?<text>.*?)</a>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Anchors();

    [GeneratedRegex("data-requires-python\\s*=\\s*\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex RequiresPythonAttr();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
