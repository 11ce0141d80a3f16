using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PypiKit.Sandbox.Balancer;

namespace PypiKit.Sandbox.Tests.Balancer;

/// <summary>What reaches a target and what a client gets back: X-Forwarded-*, Host, the AWSALB cookie.</summary>
[Trait("Category", "Slow")]
public class ForwardingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Targets_see_ALB_forwarding_headers_and_the_balancers_own_host()
    {
        await using var echo = await TestTargets.EchoAsync(Ct);
        await using var lb = await LoadBalancer.StartAsync(new BalancerOptions(), Ct);
        lb.AddTarget("echo", echo.Urls.First());
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Get, lb.Url + "x");
        req.Headers.Host = "evil.example";
        req.Headers.Add("X-Forwarded-For", "10.1.2.3");
        req.Headers.Add("X-Forwarded-Port", "1");
        using var resp = await http.SendAsync(req, Ct);
        var seen = JsonSerializer.Deserialize<Dictionary<string, string>>(await resp.Content.ReadAsStringAsync(Ct))!;
        var seenCi = new Dictionary<string, string>(seen, StringComparer.OrdinalIgnoreCase);
        var balancer = new Uri(lb.Url);
        Assert.Equal("10.1.2.3, 127.0.0.1", seenCi["X-Forwarded-For"]); // appended, as an ALB does
        Assert.Equal("http", seenCi["X-Forwarded-Proto"]);
        Assert.Equal(balancer.Port.ToString(), seenCi["X-Forwarded-Port"]); // the listener's port, the client's value replaced
        Assert.Equal(balancer.Authority, seenCi["Host"]);
    }

    [Fact]
    public async Task Stickiness_sets_an_AWSALB_cookie_with_the_configured_lifetime()
    {
        await using var a = await TestTargets.EchoAsync(Ct);
        await using var b = await TestTargets.EchoAsync(Ct);
        await using var lb = await LoadBalancer.StartAsync(new BalancerOptions { Stickiness = true, StickinessDuration = TimeSpan.FromHours(2) }, Ct);
        lb.AddTarget("a", a.Urls.First());
        lb.AddTarget("b", b.Urls.First());
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        using var resp = await http.GetAsync(lb.Url, Ct);
        var cookie = Assert.Single(resp.Headers.GetValues("Set-Cookie"), c => c.StartsWith("AWSALB=", StringComparison.Ordinal));
        var expires = DateTimeOffset.Parse(cookie.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))[8..]);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2.1));
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sticky_client_stays_on_its_target_and_a_cookie_naming_a_removed_target_is_replaced()
    {
        await using var a = await TestTargets.StartAsync(ctx => ctx.Response.WriteAsync("a", ctx.RequestAborted), Ct);
        await using var b = await TestTargets.StartAsync(ctx => ctx.Response.WriteAsync("b", ctx.RequestAborted), Ct);
        await using var lb = await LoadBalancer.StartAsync(new BalancerOptions { Stickiness = true }, Ct);
        lb.AddTarget("a", a.Urls.First());
        lb.AddTarget("b", b.Urls.First());
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });

        var (first, cookie) = await GetAsync(http, lb.Url, null);
        Assert.NotNull(cookie);
        for (int i = 0; i < 6; i++) // round robin alone would alternate; the cookie holds the client
        {
            var (target, again) = await GetAsync(http, lb.Url, cookie);
            Assert.Equal(first, target);
            Assert.Null(again); // the affinity stands, so no new cookie
        }

        lb.RemoveTarget(first);
        var (moved, replaced) = await GetAsync(http, lb.Url, cookie);
        Assert.NotEqual(first, moved); // redistributed, not refused
        Assert.NotNull(replaced);
        Assert.NotEqual(cookie, replaced);
        Assert.Equal(moved, (await GetAsync(http, lb.Url, replaced)).Target);
    }

    private static async Task<(string Target, string? Cookie)> GetAsync(HttpClient http, string url, string? cookie)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null) req.Headers.Add("Cookie", cookie);
        using var resp = await http.SendAsync(req, Ct);
        resp.EnsureSuccessStatusCode();
        var set = resp.Headers.TryGetValues("Set-Cookie", out var values) ? values.SingleOrDefault(c => c.StartsWith("AWSALB=", StringComparison.Ordinal)) : null;
        return (await resp.Content.ReadAsStringAsync(Ct), set?.Split(';')[0]);
    }
}
