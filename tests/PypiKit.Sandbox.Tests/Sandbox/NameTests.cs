using System.Net;
using PypiKit.Packages;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox.Tests.Sandbox;

/// <summary>PEP 503/427 names on upload: ASCII only (no look-alikes), and one file per normalised name.</summary>
[Trait("Category", "Slow")]
public sealed class NameTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("pypikit-names-");
    private SandboxServer _server = null!;
    private UploadClient _client = null!;
    private static readonly BuiltWheel Real = WheelBuilder.Build(new WheelSpec("test-package-000", "1.0.0", 2048, 3));

    public async ValueTask InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxServerOptions { PackagesDirectory = _dir.Path, Authenticate = AuthActions.None },
            TestContext.Current.CancellationToken);
        _client = new UploadClient(_server.Url);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_kelvin_sign_look_alike_is_refused_and_never_served()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await _client.UploadAsync(Real.FileName, Real.Content, ct: ct)).Success);
        var lookAlike = "test_pac\u212Aage_000-1.0.0-py3-none-any.whl"; // U+212A KELVIN SIGN folds to 'k'
        var r = await _client.UploadAsync(lookAlike, Real.Content, ct: ct);
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("Bad filename", r.Body);
        Assert.Equal([Real.FileName], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));

        // a look-alike put there by other means is not listed either
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "test_pac\u212Aage_000-2.0.0-py3-none-any.whl"), Real.Content, ct);
        using var http = new HttpClient();
        var page = await http.GetStringAsync(_server.Url + "simple/test-package-000/", ct);
        Assert.Contains(Real.FileName, page);
        Assert.DoesNotContain("2.0.0", page);
        Assert.DoesNotContain("\u212A", await http.GetStringAsync(_server.Url + "packages/", ct));
    }

    [Fact]
    public async Task A_non_ascii_project_name_in_the_form_is_refused()
    {
        var r = await _client.UploadAsync(Real.FileName, Real.Content, name: "test-pac\u212Aage-000", ct: TestContext.Current.CancellationToken);
        Assert.Equal(400, r.StatusCode);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task A_case_variant_of_an_existing_file_is_the_same_release()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await _client.UploadAsync(Real.FileName, Real.Content, ct: ct)).Success);
        var variant = "TEST_PACKAGE_000-1.0.0-py3-none-any.whl";
        var r = await _client.UploadAsync(variant, Real.Content, ct: ct);
        Assert.Equal(409, r.StatusCode);
        Assert.Contains("already exists", r.Body);
        var dotted = "test.package.000-1.0.0-py3-none-any.whl";
        r = await _client.UploadAsync(dotted, Real.Content, ct: ct);
        Assert.Equal(409, r.StatusCode);
        Assert.Equal([Real.FileName], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
        // another version of the same project is a new release
        var next = WheelBuilder.Build(new WheelSpec("test-package-000", "1.0.1", 2048, 4));
        Assert.True((await _client.UploadAsync(next.FileName, next.Content, ct: ct)).Success);
    }

    [Fact]
    public async Task Non_ascii_project_urls_are_not_folded_to_a_real_project()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await _client.UploadAsync(Real.FileName, Real.Content, ct: ct)).Success);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var r = await http.GetAsync(_server.Url + "simple/test-pac%E2%84%AAage-000/", ct);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }
}
