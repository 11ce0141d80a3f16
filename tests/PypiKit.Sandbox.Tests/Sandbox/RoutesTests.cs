using System.Net;
using System.Net.Http.Headers;
using PypiKit.Packages;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>pypiserver 2.4's HTTP surface on one server (default auth: update only), plus what the sandbox adds (PEP 691, ETag).</summary>
[Trait("Category", "Slow")]
public sealed class RoutesTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("pypikit-routes-");
    private SandboxServer _server = null!;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private BuiltWheel _w1 = null!, _w2 = null!;

    public async ValueTask InitializeAsync()
    {
        _w1 = WheelBuilder.Build(new WheelSpec("Tiny_Demo", "0.1.0", 4096, 1));
        _w2 = WheelBuilder.Build(new WheelSpec("Tiny_Demo", "0.10.0", 4096, 2));
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, _w2.FileName), _w2.Content);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "sub"));
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "sub", _w1.FileName), _w1.Content);
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "notapackage.txt"), "x");
        Directory.CreateDirectory(Path.Combine(_dir.Path, ".hidden"));
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, ".hidden", "h-1.0-py3-none-any.whl"), _w1.Content);
        _server = await SandboxServer.StartAsync(new SandboxServerOptions { PackagesDirectory = _dir.Path, Name = "routes-1" }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<HttpResponseMessage> Get(string path, string? accept = null, Action<HttpRequestMessage>? setup = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, _server.Url + path);
        if (accept is not null) req.Headers.TryAddWithoutValidation("Accept", accept);
        setup?.Invoke(req);
        return await _http.SendAsync(req, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Redirects_match_pypiserver()
    {
        using (var r = await Get("simple")) { Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode); Assert.EndsWith("/simple/", r.Headers.Location!.ToString()); }
        using (var r = await Get("packages")) { Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode); Assert.EndsWith("/packages/", r.Headers.Location!.ToString()); }
        using (var r = await Get("simple/Tiny_Demo/")) { Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode); Assert.EndsWith("/simple/tiny-demo/", r.Headers.Location!.ToString()); }
        using (var r = await Get("simple/tiny-demo")) { Assert.Equal(HttpStatusCode.MovedPermanently, r.StatusCode); Assert.EndsWith("/simple/tiny-demo/", r.Headers.Location!.ToString()); }
        using (var r = await Get("Tiny_Demo/")) { Assert.Equal(HttpStatusCode.SeeOther, r.StatusCode); Assert.EndsWith("/simple/Tiny_Demo/", r.Headers.Location!.ToString()); }
        using (var r = await Get("simple/unknown/")) { Assert.Equal(HttpStatusCode.NotFound, r.StatusCode); } // fallback off
        using (var r = await Get("favicon.ico")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await Get("health")) Assert.Equal("routes-1", r.Headers.GetValues("X-PypiKit-Instance").Single());
    }

    [Fact]
    public async Task Project_page_lists_every_root_file_with_hashes_sorted_by_version()
    {
        using var r = await Get("simple/tiny-demo/");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/html; charset=UTF-8", r.Content.Headers.ContentType!.ToString());
        var html = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var first = html.IndexOf($"/packages/sub/{_w1.FileName}#sha256={_w1.Sha256}", StringComparison.Ordinal);
        var second = html.IndexOf($"/packages/{_w2.FileName}#sha256={_w2.Sha256}", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, html); // 0.1.0 before 0.10.0
        Assert.Contains("<title>Links for tiny-demo</title>", html);
        Assert.DoesNotContain("notapackage", html);
        using var root = await Get("simple/");
        var rootHtml = await root.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<a href=\"tiny-demo/\">tiny-demo</a><br>", rootHtml);
        Assert.DoesNotContain("h-1.0", rootHtml); // dot-directories are skipped
        using var all = await Get("packages/");
        Assert.Contains($">sub/{_w1.FileName}</a>", await all.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pep_691_json_by_content_negotiation_and_etag()
    {
        using var r = await Get("simple/tiny-demo/", "application/vnd.pypi.simple.v1+json, text/html;q=0.01");
        Assert.Equal("application/vnd.pypi.simple.v1+json", r.Content.Headers.ContentType!.MediaType);
        var json = await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"\"sha256\":\"{_w2.Sha256}\"", json);
        Assert.Contains("\"api-version\":\"1.0\"", json);
        var etag = r.Headers.ETag!.Tag;
        using var again = await Get("simple/tiny-demo/", "application/vnd.pypi.simple.v1+json", q => q.Headers.TryAddWithoutValidation("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        using var html = await Get("simple/tiny-demo/", "text/html");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(etag, html.Headers.ETag!.Tag);
        Assert.Contains("Accept", html.Headers.Vary);
    }

    [Fact]
    public async Task Downloads_support_range_last_modified_and_etag()
    {
        var path = "packages/" + _w2.FileName;
        using var full = await Get(path);
        Assert.Equal(_w2.Content, await full.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("application/octet-stream", full.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(full.Content.Headers.LastModified);
        using var part = await Get(path, setup: q => q.Headers.Range = new RangeHeaderValue(10, 19));
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(_w2.Content.AsSpan(10, 10).ToArray(), await part.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var cond = await Get(path, setup: q => q.Headers.IfModifiedSince = full.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotModified, cond.StatusCode);
        using var sub = await Get("packages/sub/" + _w1.FileName);
        Assert.Equal(HttpStatusCode.OK, sub.StatusCode);
    }

    [Fact]
    public async Task Uploads_without_a_password_file_are_impossible()
    {
        using var client = new UploadClient(_server.Url);
        var r = await client.UploadAsync(_w1.FileName, _w1.Content, ct: TestContext.Current.CancellationToken);
        Assert.Equal(401, r.StatusCode);
        using var withCreds = new UploadClient(_server.Url, new PypiCredentials("a", "b"));
        r = await withCreds.UploadAsync(_w1.FileName, _w1.Content, ct: TestContext.Current.CancellationToken);
        Assert.Equal(403, r.StatusCode);
        using var json = await Get("tiny-demo/json");
        Assert.Contains("\"version\":\"0.10.0\"", await json.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Remove_matches_the_raw_name_only_and_duplicates_get_409()
    {
        using var temp = new TempDir("pypikit-rm-");
        var dir = temp.Path;
        var htpasswd = Path.Combine(dir, "htpasswd");
        Auth.HtpasswdFile.SetUser(htpasswd, "u", "p", cost: 4);
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions { PackagesDirectory = Path.Combine(dir, "pk"), PasswordFile = htpasswd }, TestContext.Current.CancellationToken);
        using var client = new UploadClient(server.Url, new PypiCredentials("u", "p"));
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(200, (await client.UploadAsync(_w1.FileName, _w1.Content, ct: ct)).StatusCode);
        var dup = await client.UploadAsync(_w1.FileName, _w1.Content, ct: ct);
        Assert.Equal(409, dup.StatusCode);
        Assert.Equal($"Package '{_w1.FileName}' already exists!", dup.Body);
        Assert.Equal(404, (await client.RemoveAsync("tiny-demo", "0.1.0", ct)).StatusCode); // normalised name does not match
        Assert.Equal(200, (await client.RemoveAsync("tiny_demo", "0.1.0", ct)).StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "pk")));
    }
}
