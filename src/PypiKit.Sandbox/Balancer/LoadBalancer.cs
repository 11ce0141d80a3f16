using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PypiKit.Json;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.SessionAffinity;

namespace PypiKit.Sandbox.Balancer;

/// <summary>
/// An ALB-like HTTP balancer: YARP on Kestrel, one cluster whose destinations are the registered targets. Each request
/// goes through one step in front of routing (<c>LoadBalancer.Request.cs</c>) that takes a target from YARP's cluster
/// state and policies and hands the exchange to YARP's forwarder.
/// <list type="bullet">
/// <item>Round robin or least outstanding requests; <c>AWSALB</c> cookie stickiness (YARP session affinity, hash cookie).</item>
/// <item>Active health checks with ALB's interval, timeout and both thresholds; passive ejection on connection failures;
/// fails open when no target is healthy.</item>
/// <item><c>X-Forwarded-For</c> (appended), <c>-Proto</c>, <c>-Port</c>; the Host sent on (requests and health probes)
/// is the balancer's own address, never the client's.</item>
/// <item>Target replies pass through as they are (with <c>Expect: 100-continue</c> towards the target, an early 413 or
/// 403 is not lost while the body is still coming); limits are answered early; the idle timeout is ALB's (no bytes
/// moving), not a total one.</item>
/// <item><c>GET /_sandbox/stats</c> answers per-target counters as JSON. Balancer-made replies carry
/// <c>X-PypiKit-Instance: balancer</c>.</item>
/// </list>
/// </summary>
public sealed partial class LoadBalancer : IAsyncDisposable
{
    public const string StatsPath = "/_sandbox/stats";
    private const string RouteId = "all", ClusterId = "targets";
    private readonly TargetRegistry _targets = new();
    private readonly object _configGate = new();
    private WebApplication _app = null!;
    private InMemoryConfigProvider _config = null!;
    private IProxyStateLookup _state = null!;
    private IClusterDestinationsUpdater _destinations = null!;
    private string _authority = "", _port = "";
    private long _requests, _failures;
    private int _stopped;
    private YarpParts _yarp = null!;
    private AlbForwardedHeaders _headers = null!;

    private LoadBalancer(BalancerOptions options) => Options = options;

    public BalancerOptions Options { get; }
    /// <summary>Base URL, ending in <c>/</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every health-state transition, raised after it is recorded (on the probing or request thread: return quickly).</summary>
    public event Action<TargetStateChange>? TargetStateChanged
    {
        add => _targets.StateChanged += value;
        remove => _targets.StateChanged -= value;
    }

    public static async Task<LoadBalancer> StartAsync(BalancerOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var lb = new LoadBalancer(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "PypiKit.Sandbox.Balancer", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        // A connection takes its read buffer before data arrives (4 KB from the pool per idle keep-alive connection)
        // instead of a zero-byte read first: one receive call fewer per request. Kestrel's inline scheduling is left off:
        // with it the thread pool grew to about 20 workers under load (4 without) and each request cost more CPU
        // (bench/results/sandbox.md).
        builder.WebHost.UseSockets(s => s.WaitForDataBeforeAllocatingBuffer = false);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes; // chunked bodies: 413 once they pass it
            k.Limits.KeepAliveTimeout = options.IdleTimeout;
            k.Limits.MinRequestBodyDataRate = null; // ALB has no minimum rate, only the idle timeout
            k.Limits.MinResponseDataRate = null;
            k.Listen(IPAddress.Parse(options.Host), options.Port);
        });
        builder.Services.AddSingleton<IActiveHealthCheckPolicy>(new ThresholdHealthPolicy(lb._targets, options.HealthCheck));
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy>(new ConnectionFailureEjection(lb._targets));
        builder.Services.AddSingleton<IAvailableDestinationsPolicy>(new HealthyOrAllDestinations(lb._targets));
        builder.Services.AddSingleton<ILoadBalancingPolicy>(new LeastOutstandingRequestsPolicy(lb._targets));
        builder.Services.AddReverseProxy().LoadFromMemory([], []);
        // The proxy registers authorization services, and a WebApplication that sees them puts an authorization
        // middleware in front of every request. The balancer authorizes nothing (the targets do), so that step only
        // costs time: without the handler provider it is not added (measured in bench/results/sandbox.md).
        builder.Services.RemoveAll<IAuthorizationHandlerProvider>();
        var app = builder.Build();
        lb._yarp = new YarpParts(app.Services);
        // Every request is answered by the balancer's step, in front of routing: YARP's proxy state, its policies and its
        // forwarder, without the route pipeline's layers (bench/results/sandbox.md). The route is still mapped: mapping
        // it is what loads YARP's configuration and starts its active health checks.
        app.Use(lb.BalanceAsync);
        app.UseRouting();
        app.MapReverseProxy();
        await app.StartAsync(ct);
        lb._app = app;
        lb._config = app.Services.GetRequiredService<InMemoryConfigProvider>();
        lb._state = app.Services.GetRequiredService<IProxyStateLookup>();
        lb._destinations = app.Services.GetRequiredService<IClusterDestinationsUpdater>();
        lb.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        var listening = new Uri(lb.Url);
        lb._authority = listening.Authority;
        lb._port = listening.Port.ToString(CultureInfo.InvariantCulture);
        lb._headers = new AlbForwardedHeaders(lb._authority, lb._port, lb._yarp.Affinity);
        lb._targets.StateChanged += _ => lb.RefreshAvailability();
        lb.ApplyConfig();
        return lb;
    }

    /// <summary>Registers a target. <paramref name="initiallyHealthy"/> skips the initial state (for targets known to be up).</summary>
    public void AddTarget(string name, string baseUrl, bool initiallyHealthy = true)
    {
        _targets.Add(new TargetEntry(name, Normalize(baseUrl), initiallyHealthy ? TargetState.Healthy : TargetState.Initial));
        ApplyConfig();
    }

    /// <summary>Deregisters a target (no draining).</summary>
    public void RemoveTarget(string name)
    {
        if (_targets.Remove(name)) ApplyConfig();
    }

    /// <summary>
    /// Points target <paramref name="name"/> at a replacement process (as ECS registers a new task in a stopped one's
    /// place): it starts in the initial state and takes traffic once its health checks pass; its restart count goes up.
    /// </summary>
    public void ReplaceTarget(string name, string baseUrl)
    {
        var entry = _targets.Find(name) ?? throw new InvalidInputException("target", $"target: '{name}' is not registered.");
        _targets.Replace(entry, Normalize(baseUrl));
        ApplyConfig();
    }

    public BalancerStats GetStats() => new(Url, Options.Algorithm, Options.Stickiness, Interlocked.Read(ref _requests), Interlocked.Read(ref _failures),
        _targets.All.Select(t => t.Snapshot()).ToList(), _targets.Changes);

    private static string Normalize(string baseUrl) => baseUrl.TrimEnd('/') + "/";

    private ClusterConfig Cluster(IReadOnlyList<TargetEntry> targets)
    {
        var hc = Options.HealthCheck;
        return new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = Options.Algorithm == BalancingAlgorithm.RoundRobin ? LoadBalancingPolicies.RoundRobin : LeastOutstandingRequestsPolicy.PolicyName,
            SessionAffinity = Options.Stickiness
                ? new SessionAffinityConfig
                {
                    Enabled = true,
                    Policy = SessionAffinityConstants.Policies.HashCookie,
                    FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
                    AffinityKeyName = Options.StickinessCookieName,
                    Cookie = new SessionAffinityCookieConfig { Path = "/", Expiration = Options.StickinessDuration, HttpOnly = false },
                }
                : null,
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig { Enabled = true, Interval = hc.Interval, Timeout = hc.Timeout, Path = hc.Path, Policy = ThresholdHealthPolicy.PolicyName },
                Passive = new PassiveHealthCheckConfig { Enabled = Options.PassiveEjection, Policy = ConnectionFailureEjection.PolicyName },
                AvailableDestinationsPolicy = HealthyOrAllDestinations.PolicyName,
            },
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = Options.IdleTimeout, Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            // Host towards the targets is the balancer's own address: a client's Host header never reaches a Location
            Destinations = targets.ToDictionary(t => t.Name, t => new DestinationConfig { Address = t.Url, Host = _authority }),
        };
    }

    /// <summary>Hands the current targets to YARP and waits (bounded) until its cluster shows them, so a target is routable when Add/Replace returns.</summary>
    private void ApplyConfig()
    {
        lock (_configGate)
        {
            var targets = _targets.All;
            var route = new RouteConfig { RouteId = RouteId, ClusterId = ClusterId, Match = new RouteMatch { Path = "/{**catch-all}" } };
            _config.Update([route], [Cluster(targets)]);
            SpinWait.SpinUntil(() => Applied(targets), TimeSpan.FromSeconds(5));
        }
        RefreshAvailability();
    }

    private bool Applied(IReadOnlyList<TargetEntry> targets) =>
        _state.TryGetCluster(ClusterId, out var c) && c.Destinations.Count == targets.Count &&
        targets.All(t => c.Destinations.TryGetValue(t.Name, out var d) && d.Model.Config.Address == t.Url);

    private void RefreshAvailability()
    {
        if (_state.TryGetCluster(ClusterId, out var c)) _destinations.UpdateAvailableDestinations(c);
    }

    private Task ServeStatsAsync(HttpContext ctx)
    {
        ctx.Response.Headers[Server.SandboxServer.InstanceHeader] = "balancer";
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(PypiKitJson.Serialize(GetStats()), ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try { await _app.StopAsync(cts.Token); } catch (OperationCanceledException) { }
        await _app.DisposeAsync();
    }

    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
