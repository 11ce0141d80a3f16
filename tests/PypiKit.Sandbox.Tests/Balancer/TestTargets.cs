using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PypiKit.Sandbox.Tests.Balancer;

/// <summary>Minimal Kestrel targets on loopback for balancer tests (a real server, answering as told).</summary>
public static class TestTargets
{
    public static async Task<WebApplication> StartAsync(RequestDelegate handler, CancellationToken ct)
    {
        var b = WebApplication.CreateSlimBuilder();
        b.Logging.ClearProviders();
        b.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = b.Build();
        app.Run(handler);
        await app.StartAsync(ct);
        return app;
    }

    /// <summary>Answers every request with the headers it received, as JSON.</summary>
    public static Task<WebApplication> EchoAsync(CancellationToken ct) =>
        StartAsync(ctx => ctx.Response.WriteAsJsonAsync(ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)), ct);
}
