using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using PypiKit.Sandbox.Auth;

namespace PypiKit.Sandbox.Server;

/// <summary>Counters of one server.</summary>
public sealed record SandboxServerStats(string Name, long Requests, long InFlight, long Queued, long MaxQueued, long Scans, long Uploads, long RejectedUploads);

/// <summary>
/// A pypiserver-2.4-compatible index on Kestrel (one "task"): <c>/</c>, <c>/health</c>, <c>/simple/</c>,
/// <c>/simple/&lt;p&gt;/</c> (PEP 503 HTML, or PEP 691 JSON by content negotiation), <c>/packages/…</c>, <c>/&lt;p&gt;/</c>,
/// <c>/&lt;p&gt;/json</c> and the legacy upload API on <c>POST /</c>, with pypiserver's auth semantics. Every response
/// carries <c>X-PypiKit-Instance: &lt;name&gt;</c>. A semaphore of <see cref="SandboxServerOptions.Workers"/> slots
/// emulates gunicorn's workers: further requests wait in a queue.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    public const string InstanceHeader = "X-PypiKit-Instance";
    /// <summary>Response header naming the server's <see cref="SandboxFidelity"/> (<c>fast</c> or <c>pypiserver</c>).</summary>
    public const string FidelityHeader = "X-PypiKit-Fidelity";
    private const string HtmlType = "text/html; charset=UTF-8";
    private const string JsonType = "application/vnd.pypi.simple.v1+json";
    private readonly WebApplication _app;
    private readonly SemaphoreSlim? _workers;
    private readonly Authenticator? _auth;
    private readonly UploadHandler _uploads;
    private readonly StringValues _nameHeader, _fidelityHeader;
    private readonly CancellationTokenSource _stopping = new();
    private long _requests, _inFlight, _queued, _maxQueued;
    private int _stopped;

    private SandboxServer(SandboxServerOptions options, WebApplication app)
    {
        Options = options;
        _app = app;
        Store = PackageStore.Create(options);
        OrphanUploads.Remove(Store.Root, TimeSpan.FromSeconds(options.OrphanUploadGraceSeconds), DateTime.UtcNow);
        _workers = options.Workers > 0 ? new SemaphoreSlim(options.Workers, options.Workers) : null;
        _auth = options.PasswordFile is null ? null
            : new Authenticator(new HtpasswdFile(options.PasswordFile), new AuthPolicy(CacheVerified: options.Fidelity == SandboxFidelity.Fast, options.AuthFailureLimit, TimeSpan.FromSeconds(options.AuthFailureWindowSeconds)));
        _uploads = new UploadHandler(options, Store);
        _nameHeader = new StringValues(options.Name);
        _fidelityHeader = new StringValues(options.Fidelity == SandboxFidelity.Pypiserver ? "pypiserver" : "fast");
    }

    public SandboxServerOptions Options { get; }
    /// <summary>The Basic-auth checker (null without a password file): its counters show the hash work done.</summary>
    public Authenticator? Authenticator => _auth;
    public string Name => Options.Name;
    /// <summary>Base URL, ending in <c>/</c> (e.g. <c>http://127.0.0.1:41234/</c>).</summary>
    public string Url { get; private set; } = "";
    public PackageStore Store { get; }
    /// <summary>Completes when the server has stopped (stopped, killed or its parent process is gone).</summary>
    public Task Completion => _completion.Task;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SandboxServerStats GetStats() => new(Name, Interlocked.Read(ref _requests), Interlocked.Read(ref _inFlight),
        Interlocked.Read(ref _queued), Interlocked.Read(ref _maxQueued), Store.Scans, Interlocked.Read(ref _uploads.Stored), Interlocked.Read(ref _uploads.Rejected));

    /// <summary>Starts a server; returns when it accepts connections.</summary>
    public static async Task<SandboxServer> StartAsync(SandboxServerOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "PypiKit.Sandbox", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // Run request handlers on the socket's I/O thread instead of hopping to the thread pool (a measured win for small
        // cached responses; the handlers never block for long: one stat per listing, async body I/O).
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = options.InlineScheduling);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes + 1024 * 1024; // multipart framing on top; the handler enforces the exact limit
            k.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        var app = builder.Build();
        var server = new SandboxServer(options, app);
        app.Run(server.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.TrimEnd('/') + "/";
        if (options.ParentProcessId is int ppid) _ = server.WatchParentAsync(ppid);
        return server;
    }

    /// <summary>Stops gracefully: stops accepting, lets in-flight requests finish (up to <paramref name="grace"/>).</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) { await Completion; return; }
        using var cts = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(cts.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        Store.Dispose();
        _stopping.Cancel();
        _completion.TrySetResult();
    }

    /// <summary>Stops abruptly, like a crashed task: the listener closes and open connections are aborted.</summary>
    public Task KillAsync() => StopAsync(TimeSpan.Zero);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WatchParentAsync(int pid)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                bool alive;
                try { using var p = System.Diagnostics.Process.GetProcessById(pid); alive = !p.HasExited; }
                catch (ArgumentException) { alive = false; }
                if (!alive) { await KillAsync(); return; }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        ctx.Response.Headers[InstanceHeader] = _nameHeader;
        ctx.Response.Headers[FidelityHeader] = _fidelityHeader;
        Interlocked.Increment(ref _requests);
        if (_workers is not null && !_workers.Wait(0))
        {
            var q = Interlocked.Increment(ref _queued);
            long max;
            while (q > (max = Interlocked.Read(ref _maxQueued)) && Interlocked.CompareExchange(ref _maxQueued, q, max) != max) { }
            try { await _workers.WaitAsync(ctx.RequestAborted); }
            catch (OperationCanceledException) { return; }
            finally { Interlocked.Decrement(ref _queued); }
        }
        Interlocked.Increment(ref _inFlight);
        try
        {
            await RouteAsync(ctx);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested) { }
        catch (IOException) when (ctx.RequestAborted.IsCancellationRequested) { }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _workers?.Release();
        }
    }

    private Task RouteAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var path = req.Path.Value ?? "/";
        bool read = HttpMethods.IsGet(req.Method) || HttpMethods.IsHead(req.Method);
        bool post = HttpMethods.IsPost(req.Method);

        if (path == "/")
        {
            if (post) return UploadAsync(ctx);
            return read ? WelcomeAsync(ctx) : MethodNotAllowed(ctx);
        }
        if (path == Options.HealthPath) return read ? WriteAsync(ctx, 200, "Ok", HtmlType) : MethodNotAllowed(ctx);
        if (path == "/RPC2" && post)
            return Deny(ctx, AuthActions.List) ?? WriteAsync(ctx, 501, "XML-RPC search is not implemented by the PypiKit sandbox.", "text/plain; charset=utf-8");
        if (!read) return MethodNotAllowed(ctx);
        if (path == "/favicon.ico") return WriteAsync(ctx, 404, "Not Found", "text/plain; charset=utf-8");

        if (path == "/simple" || path == "/packages")
            return Deny(ctx, AuthActions.List) ?? Redirect(ctx, 301, path + "/");
        if (path == "/simple/") return Deny(ctx, AuthActions.List) ?? SimpleIndexAsync(ctx);
        if (path.StartsWith("/simple/", StringComparison.Ordinal))
        {
            if (Deny(ctx, AuthActions.List) is { } denied) return denied;
            var rest = path[8..];
            if (!rest.EndsWith('/')) return Redirect(ctx, 301, "/simple/" + rest + "/");
            var project = rest[..^1];
            if (project.Length == 0 || project.Contains('/') || !Ascii.IsValid(project)) return NotFound(ctx, project); // no look-alike folds onto a project
            return SimpleProjectAsync(ctx, project);
        }
        if (path == "/packages/") return Deny(ctx, AuthActions.List) ?? PackagesListAsync(ctx);
        if (path.StartsWith("/packages/", StringComparison.Ordinal))
            return Deny(ctx, AuthActions.Download) ?? DownloadAsync(ctx, path[10..]);

        var segs = path.Trim('/').Split('/');
        if (segs.Length == 2 && segs[1] == "json")
            return Deny(ctx, AuthActions.List) ?? LegacyJsonAsync(ctx, segs[0]);
        if (segs.Length == 1 && segs[0].Length > 0)
            return Redirect(ctx, req.Protocol == "HTTP/1.0" ? 302 : 303, "/simple/" + segs[0] + "/");
        return WriteAsync(ctx, 404, "Not Found", "text/plain; charset=utf-8");
    }

    // ---------- auth ----------

    /// <summary>null when the action is allowed; otherwise the task writing the 401/403 reply.</summary>
    private Task? Deny(HttpContext ctx, AuthActions action)
    {
        if ((Options.Authenticate & action) == 0) return null;
        var header = ctx.Request.Headers.Authorization.ToString();
        string? user = null, pass = null;
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var raw = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = raw.IndexOf(':');
                if (colon >= 0) { user = raw[..colon]; pass = raw[(colon + 1)..]; }
            }
            catch (FormatException) { }
        }
        if (user is null || pass is null)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"pypi\"";
            return WriteAsync(ctx, 401, "Unauthorized: credentials are required.", "text/plain; charset=utf-8");
        }
        if (_auth is null) return WriteAsync(ctx, 403, "Forbidden: wrong user or password.", "text/plain; charset=utf-8");
        var client = ClientKey(ctx);
        switch (_auth.Check(user, pass, client))
        {
            case AuthOutcome.Allowed:
                return null;
            case AuthOutcome.Throttled:
                var wait = _auth.RetryAfter(client) ?? TimeSpan.FromSeconds(1);
                ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return WriteAsync(ctx, 429, "Too Many Requests: too many failed logins from this client; try again later.", "text/plain; charset=utf-8");
            default:
                return WriteAsync(ctx, 403, "Forbidden: wrong user or password.", "text/plain; charset=utf-8");
        }
    }

    /// <summary>
    /// Who is logging in, for the failure limiter: the peer address; for a loopback peer (the sandbox balancer) the last
    /// <c>X-Forwarded-For</c> entry, which the balancer appends.
    /// </summary>
    internal static string ClientKey(HttpContext ctx)
    {
        var peer = ctx.Connection.RemoteIpAddress;
        if (peer is not null && IPAddress.IsLoopback(peer))
        {
            var xff = ctx.Request.Headers["X-Forwarded-For"].ToString();
            if (xff.Length > 0) return xff[(xff.LastIndexOf(',') + 1)..].Trim();
        }
        return peer?.ToString() ?? "";
    }

    // ---------- pages ----------

    private async Task WelcomeAsync(HttpContext ctx)
    {
        var s = await Store.GetSnapshotAsync(ctx.RequestAborted);
        var html = $"""
            <!DOCTYPE html>
            <html lang="en">
                <head>
                    <meta charset="utf-8">
                    <title>PypiKit sandbox ({WebUtility.HtmlEncode(Name)})</title>
                </head>
                <body>
                    <h1>PypiKit sandbox: a pypiserver-compatible index</h1>
                    <p>This instance ({WebUtility.HtmlEncode(Name)}) serves {s.Files.Count} package files.</p>
                    <p>pip: <code>pip install --index-url {WebUtility.HtmlEncode(BaseUrl(ctx))}simple/ PACKAGE</code></p>
                    <p>Upload with twine: <code>twine upload --repository-url {WebUtility.HtmlEncode(BaseUrl(ctx))} FILES</code></p>
                    <p><a href="/simple/">Simple index</a> · <a href="/packages/">All files</a></p>
                </body>
            </html>

            """;
        await WriteAsync(ctx, 200, html, HtmlType);
    }

    private async Task SimpleIndexAsync(HttpContext ctx)
    {
        var s = await Store.GetSnapshotAsync(ctx.RequestAborted);
        bool json = WantsJson(ctx.Request);
        var page = s.Pages.GetOrAdd(json ? "index.json" : "index.html", _ => json ? RenderIndexJson(s) : RenderIndexHtml(s));
        await WritePageAsync(ctx, page);
    }

    private async Task SimpleProjectAsync(HttpContext ctx, string project)
    {
        var normalized = Packages.ProjectName.Normalize(project);
        if (normalized != project) { await Redirect(ctx, 301, "/simple/" + Uri.EscapeDataString(normalized) + "/"); return; }
        var s = await Store.GetSnapshotAsync(ctx.RequestAborted);
        if (!s.ByProject.TryGetValue(project, out var files))
        {
            if (Options.FallbackUrl is { } fb)
                await Redirect(ctx, ctx.Request.Protocol == "HTTP/1.0" ? 302 : 303, fb.TrimEnd('/') + "/" + project + "/");
            else await NotFound(ctx, project);
            return;
        }
        bool json = WantsJson(ctx.Request);
        var page = s.Pages.GetOrAdd((json ? "p.json:" : "p.html:") + project, _ => json ? RenderProjectJson(project, files) : RenderProjectHtml(project, files));
        await WritePageAsync(ctx, page);
    }

    private async Task PackagesListAsync(HttpContext ctx)
    {
        var s = await Store.GetSnapshotAsync(ctx.RequestAborted);
        var page = s.Pages.GetOrAdd("packages.html", _ =>
        {
            var sb = new StringBuilder();
            Head(sb, "Index of packages");
            foreach (var f in s.Files)
                sb.Append("            <a href=\"").Append(FileHref(f)).Append("\">").Append(WebUtility.HtmlEncode(f.RelPath)).Append("</a><br>\n");
            Tail(sb);
            return Page(sb.ToString(), HtmlType);
        });
        await WritePageAsync(ctx, page);
    }

    private async Task DownloadAsync(HttpContext ctx, string relPath)
    {
        var s = await Store.GetSnapshotAsync(ctx.RequestAborted);
        if (!s.ByRelPath.TryGetValue(relPath, out var f) || !File.Exists(f.FullPath))
        {
            await WriteAsync(ctx, 404, "Not Found: " + relPath, "text/plain; charset=utf-8");
            return;
        }
        var type = f.FileName.EndsWith(".asc", StringComparison.OrdinalIgnoreCase) ? "text/plain" : "application/octet-stream";
        if (Options.CacheControlSeconds is int age) ctx.Response.Headers.CacheControl = $"public, max-age={age}";
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{f.Size:x}-{f.MtimeUtc.Ticks:x}\"");
        try
        {
            await Results.File(f.FullPath, type, null, new DateTimeOffset(f.MtimeUtc), etag, enableRangeProcessing: true).ExecuteAsync(ctx);
        }
        catch (FileNotFoundException)
        {
            if (!ctx.Response.HasStarted) await WriteAsync(ctx, 404, "Not Found: " + relPath, "text/plain; charset=utf-8");
        }
    }

    private async Task LegacyJsonAsync(HttpContext ctx, string project)
    {
        var normalized = Packages.ProjectName.Normalize(project);
        if (normalized != project) { await Redirect(ctx, 301, "/" + Uri.EscapeDataString(normalized) + "/json"); return; }
        var s = await Store.GetSnapshotAsync(ctx.RequestAborted);
        if (!s.ByProject.TryGetValue(project, out var files)) { await NotFound(ctx, project); return; }
        var baseUrl = BaseUrl(ctx);
        var latest = files.MaxBy(f => f.VersionKey, StringComparer.Ordinal)!.Parsed.Version;
        var releases = files.GroupBy(f => f.Parsed.Version).ToDictionary(g => g.Key, g => g.Select(f => new Dictionary<string, string> { ["url"] = baseUrl + "packages/" + f.RelPath }).ToList());
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["info"] = new Dictionary<string, string> { ["version"] = latest }, ["releases"] = releases });
        await WriteAsync(ctx, 200, json, "application/json");
    }

    private async Task UploadAsync(HttpContext ctx)
    {
        if (Deny(ctx, AuthActions.Update) is { } denied) { await denied; return; }
        var (status, body) = await _uploads.HandleAsync(ctx);
        if (ctx.RequestAborted.IsCancellationRequested) return;
        if (status >= 400 && ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>() is { } feature)
        {
            // twine prints the reason phrase ("400 Package 'x' already exists!"), as PyPI sends it
            var phrase = new string(body.Select(c => c is >= ' ' and <= '~' ? c : ' ').Take(200).ToArray());
            if (phrase.Length > 0) { ctx.Response.StatusCode = status; feature.ReasonPhrase = phrase; }
        }
        await WriteAsync(ctx, status, body, "text/plain; charset=utf-8");
    }

    // ---------- rendering ----------

    private static void Head(StringBuilder sb, string title)
    {
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n")
          .Append("        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("        <meta name=\"pypi:repository-version\" content=\"1.0\">\n")
          .Append("        <title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n    </head>\n    <body>\n        <h1>")
          .Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
    }

    private static void Tail(StringBuilder sb) => sb.Append("    </body>\n</html>\n");

    private string FileHref(PackageFile f)
    {
        var escaped = string.Join('/', f.RelPath.Split('/').Select(Uri.EscapeDataString));
        return "/packages/" + escaped + "#sha256=" + Store.Sha256(f);
    }

    private static RenderedPage RenderIndexHtml(PackageSnapshot s)
    {
        var sb = new StringBuilder(64 * s.Projects.Count + 512);
        Head(sb, "Simple Index");
        foreach (var p in s.Projects)
        {
            var e = WebUtility.HtmlEncode(p);
            sb.Append("            <a href=\"").Append(e).Append("/\">").Append(e).Append("</a><br>\n");
        }
        Tail(sb);
        return Page(sb.ToString(), HtmlType);
    }

    private static RenderedPage RenderIndexJson(PackageSnapshot s) =>
        Page(JsonSerializer.Serialize(new { meta = new Dictionary<string, string> { ["api-version"] = "1.0" }, projects = s.Projects.Select(p => new { name = p }) }), JsonType);

    private RenderedPage RenderProjectHtml(string project, PackageFile[] files)
    {
        var sb = new StringBuilder(160 * files.Length + 512);
        Head(sb, "Links for " + project);
        foreach (var f in files)
            sb.Append("            <a href=\"").Append(FileHref(f)).Append("\">").Append(WebUtility.HtmlEncode(f.RelPath)).Append("</a><br>\n");
        Tail(sb);
        return Page(sb.ToString(), HtmlType);
    }

    private RenderedPage RenderProjectJson(string project, PackageFile[] files) =>
        Page(JsonSerializer.Serialize(new
        {
            meta = new Dictionary<string, string> { ["api-version"] = "1.0" },
            name = project,
            files = files.Select(f => new
            {
                filename = f.FileName,
                url = "/packages/" + string.Join('/', f.RelPath.Split('/').Select(Uri.EscapeDataString)),
                hashes = new Dictionary<string, string> { ["sha256"] = Store.Sha256(f) },
            }),
        }), JsonType);

    private static RenderedPage Page(string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
        return new RenderedPage(bytes, contentType, etag);
    }

    /// <summary>PEP 691 negotiation: JSON when the client ranks it above every HTML form; HTML otherwise (and by default).</summary>
    internal static bool WantsJson(HttpRequest req)
    {
        var accept = req.Headers.Accept.ToString();
        if (accept.Length == 0 || !accept.Contains("json", StringComparison.Ordinal)) return false;
        double qJson = -1, qHtml = -1;
        foreach (var item in accept.Split(','))
        {
            var parts = item.Split(';');
            var type = parts[0].Trim().ToLowerInvariant();
            double q = 1;
            foreach (var p in parts.Skip(1))
            {
                var kv = p.Trim();
                if (kv.StartsWith("q=") && double.TryParse(kv[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var qq)) q = qq;
            }
            if (type is "application/vnd.pypi.simple.v1+json" or "application/vnd.pypi.simple.latest+json") qJson = Math.Max(qJson, q);
            else if (type is "application/vnd.pypi.simple.v1+html" or "application/vnd.pypi.simple.latest+html" or "text/html" or "text/*" or "*/*") qHtml = Math.Max(qHtml, q);
        }
        return qJson > 0 && qJson > qHtml;
    }

    // ---------- responses ----------

    private static async Task WritePageAsync(HttpContext ctx, RenderedPage page)
    {
        var resp = ctx.Response;
        resp.Headers.ETag = page.ETag;
        resp.Headers.Vary = "Accept";
        var inm = ctx.Request.Headers.IfNoneMatch;
        if (inm.Count > 0 && inm.ToString().Contains(page.ETag, StringComparison.Ordinal))
        {
            resp.StatusCode = 304;
            return;
        }
        resp.StatusCode = 200;
        resp.ContentType = page.ContentType;
        resp.ContentLength = page.Body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method)) await resp.BodyWriter.WriteAsync(page.Body, ctx.RequestAborted);
    }

    private static Task WriteAsync(HttpContext ctx, int status, string body, string contentType)
    {
        var resp = ctx.Response;
        if (resp.HasStarted) return Task.CompletedTask;
        resp.StatusCode = status;
        resp.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        resp.ContentLength = bytes.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : resp.Body.WriteAsync(bytes, ctx.RequestAborted).AsTask();
    }

    private static Task NotFound(HttpContext ctx, string project) =>
        WriteAsync(ctx, 404, $"Not Found ({project} does not exist)", "text/plain; charset=utf-8");

    private static Task MethodNotAllowed(HttpContext ctx) => WriteAsync(ctx, 405, "Method Not Allowed", "text/plain; charset=utf-8");

    private static string BaseUrl(HttpContext ctx)
    {
        var proto = ctx.Request.Headers["X-Forwarded-Proto"].ToString();
        return $"{(proto.Length > 0 ? proto : ctx.Request.Scheme)}://{ctx.Request.Host}/";
    }

    private static Task Redirect(HttpContext ctx, int status, string location)
    {
        ctx.Response.Headers.Location = location.StartsWith("http", StringComparison.Ordinal) ? location : BaseUrl(ctx).TrimEnd('/') + location;
        return WriteAsync(ctx, status, "", "text/html; charset=UTF-8");
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
