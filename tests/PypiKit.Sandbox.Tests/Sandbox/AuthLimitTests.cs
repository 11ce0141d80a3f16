using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PypiKit.Sandbox.Auth;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>Over HTTP: a client that keeps failing is answered 429 (with Retry-After), other clients are not.</summary>
[Trait("Category", "Slow")]
public sealed class AuthLimitTests
{
    [Fact]
    public async Task Many_failed_logins_from_one_client_get_429_and_other_clients_still_log_in()
    {
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDir("pypikit-authlimit-");
        var dir = temp.Path;
        var htpasswd = Path.Combine(dir, "htpasswd");
        HtpasswdFile.SetUser(htpasswd, "alice", "right", cost: 4);
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions
        {
            PackagesDirectory = Path.Combine(dir, "packages"), PasswordFile = htpasswd, Authenticate = AuthActions.List,
        }, ct);
        using var http = new HttpClient();
        async Task<HttpResponseMessage> Get(string user, string password, string? forwardedFor = null)
        {
            var req = new HttpRequestMessage(HttpMethod.Get, server.Url + "simple/");
            req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            if (forwardedFor is not null) req.Headers.Add("X-Forwarded-For", forwardedFor);
            return await http.SendAsync(req, ct);
        }

        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 60; i++) { using var r = await Get("alice", "guess-" + i, "203.0.113.7"); codes.Add(r.StatusCode); }
        Assert.Equal(HttpStatusCode.Forbidden, codes[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[^1]);
        using (var limited = await Get("alice", "right", "203.0.113.7"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode); // even the right password: guessing stays blocked
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
        using (var other = await Get("alice", "right", "198.51.100.9")) Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
