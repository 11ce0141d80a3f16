using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PypiKit.Json;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Balancer;

/// <summary>Health state of a target, as the ALB reports it.</summary>
public enum TargetState { Initial, Healthy, Unhealthy }

/// <summary>Counters of one target.</summary>
public sealed record TargetStats(string Name, string Url, TargetState State, long Requests, long Outstanding,
    long Responses2xx, long Responses3xx, long Responses4xx, long Responses5xx, long Failures,
    long HealthChecksPassed, long HealthChecksFailed, DateTimeOffset? LastStateChange);

/// <summary>A health-state transition seen by the balancer.</summary>
public sealed record TargetStateChange(DateTimeOffset Time, string Target, TargetState From, TargetState To, string Reason);

/// <summary>What <c>/_sandbox/stats</c> returns.</summary>
public sealed record BalancerStats(string Url, BalancingAlgorithm Algorithm, bool Stickiness, long Requests, long Failures,
    IReadOnlyList<TargetStats> Targets, IReadOnlyList<TargetStateChange> StateChanges);

/// <summary>One registered target (an instance's base URL).</summary>
internal sealed class Target(string name, Uri baseUri, TargetState state)
{
    public string Name { get; } = name;
    public Uri BaseUri { get; } = baseUri;
    public string BaseUrl { get; } = baseUri.AbsoluteUri.TrimEnd('/');
    public string CookieToken { get; } = Convert.ToBase64String(Encoding.UTF8.GetBytes(name)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    public volatile TargetState State = state;
    public long Requests, Outstanding, R2, R3, R4, R5, Failures, HcPassed, HcFailed;
    public int ConsecutiveOk, ConsecutiveFail;
    public DateTimeOffset? LastStateChange;
    public CancellationTokenSource Stop { get; } = new();
}

/// <summary>
/// An ALB-like HTTP balancer on Kestrel: per-request round robin (or least outstanding requests), optional lb_cookie
/// stickiness, active health checks (healthy/unhealthy thresholds; when no target is healthy it routes to all, as an ALB
/// fails open), pooled keep-alive connections to targets, 502 when a target refuses or drops a connection, 504 on
/// timeout. <c>GET /_sandbox/stats</c> answers per-target counters as JSON. Balancer-made replies carry
/// <c>X-PypiKit-Instance: balancer</c>; proxied ones keep the target's header.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    public const string StatsPath = "/_sandbox/stats";
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host" };
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpClient _health;
    private readonly object _gate = new();
    private volatile Target[] _targets = [];
    private volatile Target[] _routable = [];
    private readonly List<TargetStateChange> _changes = [];
    private long _rr, _requests, _failures;
    private int _stopped;

    private LoadBalancer(BalancerOptions options, WebApplication app)
    {
        Options = options;
        _app = app;
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = 1024,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        _health = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = options.HealthCheck.Timeout })
        { Timeout = options.HealthCheck.Timeout };
    }

    public BalancerOptions Options { get; }
    /// <summary>Base URL, ending in <c>/</c>.</summary>
    public string Url { get; private set; } = "";

    public static async Task<LoadBalancer> StartAsync(BalancerOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "PypiKit.Sandbox.Balancer", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null; // the targets enforce their own limits
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            k.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        var app = builder.Build();
        var lb = new LoadBalancer(options, app);
        app.Run(lb.HandleAsync);
        await app.StartAsync(ct);
        lb.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return lb;
    }

    /// <summary>Registers a target and starts its health checks. <paramref name="initiallyHealthy"/> skips the initial state (for targets known to be up).</summary>
    public void AddTarget(string name, string baseUrl, bool initiallyHealthy = true)
    {
        var t = new Target(name, new Uri(baseUrl.TrimEnd('/') + "/"), initiallyHealthy ? TargetState.Healthy : TargetState.Initial);
        lock (_gate)
        {
            if (_targets.Any(x => x.Name == name)) throw new InvalidInputException("target", $"target: '{name}' is already registered.");
            _targets = [.. _targets, t];
            Recompute();
        }
        _ = HealthLoopAsync(t);
    }

    /// <summary>Deregisters a target (no draining).</summary>
    public void RemoveTarget(string name)
    {
        lock (_gate)
        {
            var t = _targets.FirstOrDefault(x => x.Name == name);
            if (t is null) return;
            t.Stop.Cancel();
            _targets = _targets.Where(x => x != t).ToArray();
            Recompute();
        }
    }

    public BalancerStats GetStats()
    {
        lock (_gate)
        {
            return new BalancerStats(Url, Options.Algorithm, Options.Stickiness, Interlocked.Read(ref _requests), Interlocked.Read(ref _failures),
                _targets.Select(t => new TargetStats(t.Name, t.BaseUrl, t.State, Interlocked.Read(ref t.Requests), Interlocked.Read(ref t.Outstanding),
                    Interlocked.Read(ref t.R2), Interlocked.Read(ref t.R3), Interlocked.Read(ref t.R4), Interlocked.Read(ref t.R5), Interlocked.Read(ref t.Failures),
                    Interlocked.Read(ref t.HcPassed), Interlocked.Read(ref t.HcFailed), t.LastStateChange)).ToList(),
                _changes.ToList());
        }
    }

    private void Recompute()
    {
        var healthy = _targets.Where(t => t.State == TargetState.Healthy).ToArray();
        _routable = healthy.Length > 0 ? healthy : _targets; // fail open
    }

    private void SetState(Target t, TargetState to, string reason)
    {
        lock (_gate)
        {
            var from = t.State;
            if (from == to) return;
            t.State = to;
            t.LastStateChange = DateTimeOffset.UtcNow;
            _changes.Add(new TargetStateChange(t.LastStateChange.Value, t.Name, from, to, reason));
            Recompute();
        }
    }

    private async Task HealthLoopAsync(Target t)
    {
        var hc = Options.HealthCheck;
        using var timer = new PeriodicTimer(hc.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(t.Stop.Token))
            {
                string reason;
                bool ok;
                try
                {
                    using var resp = await _health.GetAsync(new Uri(t.BaseUri, hc.Path.TrimStart('/')), t.Stop.Token);
                    var code = (int)resp.StatusCode;
                    ok = code >= hc.MatcherLow && code <= hc.MatcherHigh;
                    reason = ok ? "health check passed" : $"Target.ResponseCodeMismatch ({code})";
                }
                catch (TaskCanceledException) when (!t.Stop.IsCancellationRequested) { ok = false; reason = "Target.Timeout"; }
                catch (HttpRequestException ex) { ok = false; reason = "Target.FailedHealthChecks: " + ex.Message; }
                if (ok)
                {
                    Interlocked.Increment(ref t.HcPassed);
                    t.ConsecutiveFail = 0;
                    if (++t.ConsecutiveOk >= hc.HealthyThreshold && t.State != TargetState.Healthy) SetState(t, TargetState.Healthy, reason);
                }
                else
                {
                    Interlocked.Increment(ref t.HcFailed);
                    t.ConsecutiveOk = 0;
                    if (++t.ConsecutiveFail >= hc.UnhealthyThreshold && t.State != TargetState.Unhealthy) SetState(t, TargetState.Unhealthy, reason);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private Target? Pick(HttpContext ctx)
    {
        var routable = _routable;
        if (routable.Length == 0) return null;
        if (Options.Stickiness && ctx.Request.Cookies.TryGetValue(Options.StickinessCookieName, out var token))
            foreach (var t in routable)
                if (t.CookieToken == token) return t;
        long n = Interlocked.Increment(ref _rr);
        int start = (int)(n % routable.Length);
        if (Options.Algorithm == BalancingAlgorithm.RoundRobin) return routable[start];
        Target best = routable[start];
        for (int i = 1; i < routable.Length; i++)
        {
            var t = routable[(start + i) % routable.Length];
            if (Interlocked.Read(ref t.Outstanding) < Interlocked.Read(ref best.Outstanding)) best = t;
        }
        return best;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.Request.Path.Value == StatsPath && HttpMethods.IsGet(ctx.Request.Method))
        {
            ctx.Response.Headers[SandboxServer.InstanceHeader] = "balancer";
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(PypiKitJson.Serialize(GetStats()), ctx.RequestAborted);
            return;
        }
        Interlocked.Increment(ref _requests);
        var target = Pick(ctx);
        if (target is null) { await FailAsync(ctx, null, 503, "Service Unavailable: no registered targets."); return; }
        Interlocked.Increment(ref target.Requests);
        Interlocked.Increment(ref target.Outstanding);
        try { await ForwardAsync(ctx, target); }
        finally { Interlocked.Decrement(ref target.Outstanding); }
    }

    private async Task ForwardAsync(HttpContext ctx, Target target)
    {
        var req = ctx.Request;
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (req.Path.ToUriComponent() + req.QueryString.ToUriComponent());
        using var msg = new HttpRequestMessage(new HttpMethod(req.Method), target.BaseUrl + (raw.StartsWith('/') ? raw : "/" + raw))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        bool hasBody = req.ContentLength > 0 || req.Headers.TransferEncoding.Count > 0;
        if (hasBody) msg.Content = new StreamContent(req.Body);
        foreach (var h in req.Headers)
        {
            if (HopByHop.Contains(h.Key)) continue;
            if (!msg.Headers.TryAddWithoutValidation(h.Key, (IEnumerable<string?>)h.Value) && msg.Content is not null)
                msg.Content.Headers.TryAddWithoutValidation(h.Key, (IEnumerable<string?>)h.Value);
        }
        msg.Headers.Host = req.Host.Value;
        var remote = ctx.Connection.RemoteIpAddress?.ToString();
        if (remote is not null) msg.Headers.TryAddWithoutValidation("X-Forwarded-For", remote);
        msg.Headers.TryAddWithoutValidation("X-Forwarded-Proto", req.Scheme);
        msg.Headers.TryAddWithoutValidation("X-Forwarded-Port", ctx.Connection.LocalPort.ToString());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        timeout.CancelAfter(Options.TargetTimeout);
        HttpResponseMessage resp;
        try
        {
            resp = await _invoker.SendAsync(msg, timeout.Token);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested) { return; }
        catch (OperationCanceledException) { await FailAsync(ctx, target, 504, "Gateway Timeout"); return; }
        catch (HttpRequestException ex) { await FailAsync(ctx, target, 502, "Bad Gateway: " + ex.Message); return; }

        using (resp)
        {
            var code = (int)resp.StatusCode;
            if (code < 300) Interlocked.Increment(ref target.R2);
            else if (code < 400) Interlocked.Increment(ref target.R3);
            else if (code < 500) Interlocked.Increment(ref target.R4);
            else Interlocked.Increment(ref target.R5);
            var r = ctx.Response;
            r.StatusCode = code;
            if (!string.IsNullOrEmpty(resp.ReasonPhrase) && ctx.Features.Get<IHttpResponseFeature>() is { } feature) feature.ReasonPhrase = resp.ReasonPhrase;
            foreach (var h in resp.Headers)
                if (!HopByHop.Contains(h.Key)) r.Headers[h.Key] = h.Value.ToArray();
            foreach (var h in resp.Content.Headers) r.Headers[h.Key] = h.Value.ToArray();
            if (Options.Stickiness)
                r.Headers.Append("Set-Cookie", $"{Options.StickinessCookieName}={target.CookieToken}; Expires={DateTimeOffset.UtcNow.Add(Options.StickinessDuration):R}; Path=/");
            try
            {
                await using var body = await resp.Content.ReadAsStreamAsync(timeout.Token);
                await body.CopyToAsync(r.Body, timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpRequestException)
            {
                if (!ctx.RequestAborted.IsCancellationRequested)
                {
                    Interlocked.Increment(ref target.Failures);
                    Interlocked.Increment(ref _failures);
                }
                ctx.Abort(); // the target died mid-body: the client sees a broken response, as behind an ALB
            }
        }
    }

    private async Task FailAsync(HttpContext ctx, Target? target, int status, string reason)
    {
        if (target is not null)
        {
            Interlocked.Increment(ref target.Failures);
            Interlocked.Increment(ref target.R5);
        }
        Interlocked.Increment(ref _failures);
        if (ctx.Response.HasStarted) { ctx.Abort(); return; }
        ctx.Response.StatusCode = status;
        ctx.Response.Headers[SandboxServer.InstanceHeader] = "balancer";
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(reason, ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        foreach (var t in _targets) t.Stop.Cancel();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try { await _app.StopAsync(cts.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
        _invoker.Dispose();
        _health.Dispose();
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
