using System.Net;
using System.Net.Sockets;
using System.Text;
using PypiKit.Packages;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>Malformed and hostile uploads: each gets a 4xx with a reason, nothing is written, the server keeps serving.</summary>
[Trait("Category", "Slow")]
public sealed class BadInputTests : IAsyncLifetime
{
    // the packages folder sits inside the scratch folder, so the "secret" a traversal aims at (its sibling) goes with it
    private readonly TempDir _scratch = new("pypikit-bad-");
    private string Packages => Path.Combine(_scratch.Path, "packages");
    private SandboxServer _server = null!;
    private UploadClient _client = null!;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Packages);
        _server = await SandboxServer.StartAsync(new SandboxServerOptions
        {
            PackagesDirectory = Packages, Authenticate = AuthActions.None, MaxUploadBytes = 64 * 1024,
        }, TestContext.Current.CancellationToken);
        _client = new UploadClient(_server.Url);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
        _scratch.Dispose();
    }

    private static readonly BuiltWheel Good = WheelBuilder.Build(new WheelSpec("victim", "1.0.0", 2048, 5));

    private static List<(string, string)> Fields(string action = "file_upload", string name = "victim", string version = "1.0.0") =>
        [(":action", action), ("protocol_version", "1"), ("name", name), ("version", version)];

    public static TheoryData<string> TraversalNames => new()
    {
        "../victim-1.0.0-py3-none-any.whl",
        "../../etc/victim-1.0.0-py3-none-any.whl",
        "..%2Fvictim-1.0.0-py3-none-any.whl",
        "%2e%2e%2fvictim-1.0.0-py3-none-any.whl",
        "..\\victim-1.0.0-py3-none-any.whl",
        "/tmp/victim-1.0.0-py3-none-any.whl",
        ".victim-1.0.0-py3-none-any.whl",
        "victim 1.0.0.whl",
        "notapackage.txt",
    };

    [Theory]
    [MemberData(nameof(TraversalNames))]
    public async Task Bad_file_names_are_refused(string fileName)
    {
        var r = await _client.PostAsync(fileName, Fields(), ("content", fileName, Good.Content), TestContext.Current.CancellationToken);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("Bad filename", r.Body);
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Theory]
    [InlineData("other-project", "1.0.0", "does not match")]
    [InlineData("victim", "9.9.9", "does not match")]
    public async Task Form_fields_must_match_the_file_name(string name, string version, string reason)
    {
        var r = await _client.PostAsync("x", Fields(name: name, version: version), ("content", Good.FileName, Good.Content), TestContext.Current.CancellationToken);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains(reason, r.Body);
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Fact]
    public async Task Content_must_be_a_wheel_of_that_name_and_match_its_digest()
    {
        var ct = TestContext.Current.CancellationToken;
        var other = WheelBuilder.Build(new WheelSpec("someone-else", "1.0.0", 1024));
        var r = await _client.PostAsync("x", Fields(), ("content", Good.FileName, other.Content), ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("Invalid wheel", r.Body);
        r = await _client.PostAsync("x", Fields(), ("content", Good.FileName, Encoding.ASCII.GetBytes("not a zip at all")), ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("not a zip", r.Body);
        r = await _client.PostAsync("x", [.. Fields(), ("sha256_digest", new string('0', 64))], ("content", Good.FileName, Good.Content), ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("sha256_digest", r.Body);
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Fact]
    public async Task Missing_or_unknown_action_and_missing_content_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var r = await _client.PostAsync("x", [("name", "victim")], ("content", Good.FileName, Good.Content), ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Equal("Missing ':action' field!", r.Body);
        r = await _client.PostAsync("x", Fields(action: "explode"), null, ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("Unsupported ':action'", r.Body);
        r = await _client.PostAsync("x", Fields(), null, ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Equal("Missing 'content' file-field!", r.Body);
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Fact]
    public async Task Malformed_bodies_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        async Task<(int, string)> Post(string contentType, byte[] body)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var resp = await _http.PostAsync(_server.Url, content, ct);
            return ((int)resp.StatusCode, await resp.Content.ReadAsStringAsync(ct));
        }
        var (s, b) = await Post("multipart/form-data; boundary=xyz", Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upl"));
        Assert.Equal(400, s);
        Assert.Contains("Malformed", b);
        (s, b) = await Post("multipart/form-data", Encoding.ASCII.GetBytes("whatever"));
        Assert.Equal(400, s);
        Assert.Contains("boundary", b);
        (s, b) = await Post("application/json", Encoding.ASCII.GetBytes("{}"));
        Assert.Equal(400, s);
        Assert.Contains("multipart/form-data", b);
        (s, b) = await Post("multipart/form-data; boundary=xyz", Encoding.ASCII.GetBytes("--xyz\r\nNo-Disposition: here\r\n\r\nvalue\r\n--xyz--\r\n"));
        Assert.Equal(400, s);
        Assert.Contains("Content-Disposition", b);
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Fact]
    public async Task Oversize_bodies_get_413()
    {
        var ct = TestContext.Current.CancellationToken;
        var big = WheelBuilder.Build(new WheelSpec("victim", "1.0.0", 200 * 1024, 9));
        var r = await _client.PostAsync("x", Fields(), ("content", big.FileName, big.Content), ct);
        Assert.Equal(413, r.StatusCode);
        Assert.Contains("too large", r.Body);
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Theory]
    [InlineData("packages/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("packages/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("packages/../../etc/passwd")]
    [InlineData("packages/sub/..%2f..%2fsecret")]
    public async Task Traversal_in_download_paths_is_404(string path)
    {
        File.WriteAllText(Path.Combine(_scratch.Path, "secret"), "no");
        using var resp = await _http.GetAsync(_server.Url + path, TestContext.Current.CancellationToken);
        Assert.True((int)resp.StatusCode is 404 or 400, $"{path}: {(int)resp.StatusCode}");
        await AssertNothingWrittenAndStillServingAsync();
    }

    [Fact]
    public async Task An_aborted_upload_leaves_no_file()
    {
        var ct = TestContext.Current.CancellationToken;
        var uri = new Uri(_server.Url);
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(uri.Host, uri.Port, ct);
            var s = tcp.GetStream();
            var head = "--b\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n" +
                       $"--b\r\nContent-Disposition: form-data; name=\"content\"; filename=\"{Good.FileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n";
            var req = $"POST / HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 60000\r\n\r\n" + head;
            await s.WriteAsync(Encoding.ASCII.GetBytes(req), ct);
            await s.WriteAsync(Good.Content.AsMemory(0, 1500), ct);
            await s.FlushAsync(ct);
            await Task.Delay(300, ct); // the server is now streaming the part into its temp file
            tcp.Client.LingerState = new LingerOption(true, 0); // RST
        }
        for (int i = 0; i < 50 && Directory.EnumerateFileSystemEntries(Packages).Any(); i++) await Task.Delay(100, ct);
        await AssertNothingWrittenAndStillServingAsync();
    }

    private async Task AssertNothingWrittenAndStillServingAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Empty(Directory.EnumerateFileSystemEntries(Packages)); // no file, no temp file
        using var health = await _http.GetAsync(_server.Url + "health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var index = await _http.GetAsync(_server.Url + "simple/", ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
    }
}
