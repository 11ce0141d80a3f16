using System.Net;
using System.Net.Http.Headers;
using PypiKit.Packages;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Balancer;

/// <summary>The balancer answers as an ALB does (#20 item 5): target codes pass through, limits early, idle timeout, 400s, Locations.</summary>
[Trait("Category", "Slow")]
public class AlbBehaviourTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SandboxClusterOptions Open(int instances = 1) => new() { Instances = instances, Authenticate = AuthActions.None };

    [Fact]
    public async Task A_413_from_the_instance_reaches_a_client_that_sends_no_expect_header()
    {
        // the instance alone enforces a small limit; the balancer in front has none of its own
        using var temp = new TempDir("pypikit-413-");
        var dir = temp.Path;
        await using var server = await SandboxServer.StartAsync(new SandboxServerOptions
        {
            Name = "small", PackagesDirectory = dir, Authenticate = AuthActions.None, MaxUploadBytes = 1024,
        }, Ct);
        await using var lb = await LoadBalancer.StartAsync(new BalancerOptions(), Ct);
        lb.AddTarget("small", server.Url);
        // larger than the instance's Kestrel limit (its upload limit + 1 MiB of framing), so it stops reading and closes
        var content = new byte[24 * 1024 * 1024];
        Random.Shared.NextBytes(content);
        using var http = new HttpClient();
        using var form = UploadClient.FileUploadForm("big-1.0.0-py3-none-any.whl", content);
        using var req = new HttpRequestMessage(HttpMethod.Post, lb.Url) { Content = form };
        Assert.Null(req.Headers.ExpectContinue); // twine's requests sends none either
        using var resp = await http.SendAsync(req, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, resp.StatusCode);
        Assert.Equal("small", resp.Headers.GetValues(SandboxServer.InstanceHeader).Single());
    }

    [Fact]
    public async Task A_claimed_10_GB_body_is_answered_413_without_reaching_an_instance()
    {
        await using var cluster = await SandboxCluster.StartAsync(Open(), Ct);
        var before = cluster.Instances[0].Server!.GetStats().Requests;
        var head = "POST / HTTP/1.1\r\nHost: pypi\r\nContent-Type: multipart/form-data; boundary=b\r\n" +
                   $"Content-Length: {10L * 1024 * 1024 * 1024}\r\n\r\n--b\r\n";
        var reply = await RawHttp.SendAsync(new Uri(cluster.Url), RawHttp.Ascii(head), TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(413, reply.Status);
        Assert.Contains("limit", reply.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, cluster.Instances[0].Server!.GetStats().Requests);
    }

    [Fact]
    public async Task An_over_limit_chunked_upload_is_answered_413()
    {
        const int limit = 64 * 1024;
        await using var cluster = await SandboxCluster.StartAsync(Open() with { MaxUploadBytes = limit }, Ct);
        var chunk = new string('x', limit + 4096);
        var request = "POST / HTTP/1.1\r\nHost: pypi\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n" +
                      $"{chunk.Length:x}\r\n{chunk}\r\n";
        var reply = await RawHttp.SendAsync(new Uri(cluster.Url), RawHttp.Ascii(request), TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(413, reply.Status);
    }

    [Fact]
    public async Task A_slow_upload_that_keeps_sending_is_not_cut_at_a_total_time()
    {
        // idle timeout 1 s; the body trickles in over about 3 s, never idle for more than 200 ms
        await using var cluster = await SandboxCluster.StartAsync(Open() with
        {
            Balancer = new BalancerOptions { IdleTimeout = TimeSpan.FromSeconds(1) },
        }, Ct);
        var wheel = WheelBuilder.Build(new WheelSpec("slow", "1.0.0", 16 * 1024, 5));
        using var form = UploadClient.FileUploadForm(wheel.FileName, wheel.Content);
        var body = await form.ReadAsByteArrayAsync(Ct);
        using var slow = new TrickleContent(body, pieces: 15, pause: TimeSpan.FromMilliseconds(200), form.Headers.ContentType!);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var resp = await http.PostAsync(cluster.Url, slow, Ct);
        Assert.True(resp.IsSuccessStatusCode, $"{(int)resp.StatusCode} {await resp.Content.ReadAsStringAsync(Ct)}");
        Assert.Single(Directory.GetFiles(cluster.PackagesDirectory, "*.whl"));
    }

    [Fact]
    public async Task A_target_silent_for_longer_than_the_idle_timeout_gets_504_with_a_body()
    {
        await using var silent = await TestTargets.StartAsync(ctx => Task.Delay(TimeSpan.FromSeconds(10), ctx.RequestAborted), Ct);
        await using var lb = await LoadBalancer.StartAsync(new BalancerOptions { IdleTimeout = TimeSpan.FromSeconds(1) }, Ct);
        lb.AddTarget("silent", silent.Urls.First());
        using var http = new HttpClient();
        using var resp = await http.GetAsync(lb.Url, Ct);
        Assert.Equal(HttpStatusCode.GatewayTimeout, resp.StatusCode);
        Assert.Contains("idle", await resp.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_CR_LF_in_the_path_gets_400_with_a_body()
    {
        await using var cluster = await SandboxCluster.StartAsync(Open(), Ct);
        var reply = await RawHttp.SendAsync(new Uri(cluster.Url), RawHttp.Ascii("GET /simple/a%0D%0ASet-Cookie:x=1/ HTTP/1.1\r\nHost: pypi\r\n\r\n"),
            TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.Body.Trim());
        Assert.DoesNotContain("Set-Cookie: x", reply.Head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_redirect_never_carries_the_clients_Host_header()
    {
        await using var cluster = await SandboxCluster.StartAsync(Open(), Ct);
        var reply = await RawHttp.SendAsync(new Uri(cluster.Url), RawHttp.Ascii("GET /simple/Demo_Pkg/ HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
            TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(301, reply.Status);
        var location = reply.Head.Split("\r\n").Single(l => l.StartsWith("Location:", StringComparison.OrdinalIgnoreCase))["Location:".Length..].Trim();
        Assert.DoesNotContain("evil.example", location);
        Assert.True(location.StartsWith('/') || location.StartsWith(cluster.Url, StringComparison.Ordinal), location);
        Assert.EndsWith("/simple/demo-pkg/", location);
    }

    [Fact]
    public async Task With_no_target_registered_the_balancer_answers_503_with_a_body()
    {
        await using var lb = await LoadBalancer.StartAsync(new BalancerOptions(), Ct);
        using var http = new HttpClient();
        using var resp = await http.GetAsync(lb.Url + "simple/", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, resp.StatusCode);
        Assert.Equal("balancer", resp.Headers.GetValues(SandboxServer.InstanceHeader).Single());
        Assert.Contains("no registered targets", await resp.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, lb.GetStats().Failures);
    }

    /// <summary>A body sent in <paramref name="pieces"/> slices with a pause before each (a slow uplink that never stalls for long).</summary>
    private sealed class TrickleContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly int _pieces;
        private readonly TimeSpan _pause;

        public TrickleContent(byte[] body, int pieces, TimeSpan pause, MediaTypeHeaderValue type)
        {
            _body = body; _pieces = pieces; _pause = pause;
            Headers.ContentType = type;
            Headers.ContentLength = body.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            int size = (_body.Length + _pieces - 1) / _pieces;
            for (int off = 0; off < _body.Length; off += size)
            {
                await Task.Delay(_pause);
                await stream.WriteAsync(_body.AsMemory(off, Math.Min(size, _body.Length - off)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length) { length = _body.Length; return true; }
    }
}
