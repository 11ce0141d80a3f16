using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Diagnostics;

namespace PypiKit.Tests.Burst;

/// <summary>
/// A loopback Kestrel server for measurement tests. <c>/</c> answers at once except during a 500 ms freeze every
/// 5 s (from 2.0 s to 2.5 s of each period after start), when every response is held until the freeze ends — the
/// server of the coordinated-omission experiment. Like that experiment's server (single-threaded node.js, about 25k
/// responses/s at most), <c>/</c> answers one request at a time at about 40 µs each, so the backlog a freeze leaves
/// drains as it did there. <c>/delay</c> answers after a fixed delay; <c>/private</c> always answers 401.
/// </summary>
public sealed class FreezeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _origin;
    private readonly SemaphoreSlim _loop = new(1, 1);

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan FreezeStart = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan FreezeLength = TimeSpan.FromMilliseconds(500);

    private FreezeServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public TimeSpan FixedDelay { get; set; } = TimeSpan.FromMilliseconds(100);
    public long Served;
    /// <summary>How long <c>/delay</c> really held each response, ms (the server's own timer is not exact under load).</summary>
    public System.Collections.Concurrent.ConcurrentBag<double> Holds { get; } = [];

    /// <summary>Restarts the freeze clock (so a run started right after sees freezes at 2.0 s, 7.0 s, 12.0 s …).</summary>
    public void ResetClock() => _origin = Stopwatch.GetTimestamp();

    public static async Task<FreezeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FreezeServer(app);
        app.MapGet("/", async (HttpContext ctx) =>
        {
            Interlocked.Increment(ref server.Served);
            var hold = server.HoldFor();
            if (hold > TimeSpan.Zero) await Task.Delay(hold);
            await server._loop.WaitAsync();
            try
            {
                var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 25_000;
                while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
            }
            finally { server._loop.Release(); }
            return "ok";
        });
        app.MapGet("/private", (HttpContext ctx) =>
        {
            Interlocked.Increment(ref server.Served);
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"pypiserver\"";
            return Results.StatusCode(401);
        });
        app.MapGet("/delay", async () =>
        {
            Interlocked.Increment(ref server.Served);
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(server.FixedDelay);
            server.Holds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return "ok";
        });
        server.ResetClock();
        await app.StartAsync();
        var address = app.Urls.First();
        server.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private TimeSpan HoldFor()
    {
        var sinceStart = Stopwatch.GetElapsedTime(_origin);
        var phase = TimeSpan.FromTicks(sinceStart.Ticks % Period.Ticks);
        if (phase < FreezeStart || phase >= FreezeStart + FreezeLength) return TimeSpan.Zero;
        return FreezeStart + FreezeLength - phase;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
