using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary>
/// The default credential chain's SSO and container providers, each in its own <c>pypikit</c> process with an isolated
/// environment and HOME; a loopback fake serves the SSO portal and the container credentials endpoint, handing out
/// moto session credentials that the signature-checking moto server then accepts.
/// </summary>
[Collection("telemetry-cli")]
[Trait("Category", "Slow")]
public sealed class CredentialChainCliTests(TelemetryCliFixture fx)
{
    private string[] EfsMetric(params string[] extra) =>
    [
        "telemetry", "metrics", "--endpoint-url", fx.Url, "--region", "us-east-1", "--since", "2h",
        "--namespace", "AWS/EFS", "--metric", "PercentIOLimit", "--dimension", "FileSystemId=" + fx.Seed.GetProperty("file_system_id").GetString(),
        .. extra,
    ];

    [Fact]
    public async Task An_sso_profile_gets_role_credentials_from_the_portal_with_the_cached_token()
    {
        fx.RequireMoto();
        using var fake = new FakeCredentialServer(fx.Session);
        var home = Path.Combine(fx.Dir, "home-sso");
        var aws = Path.Combine(home, ".aws");
        Directory.CreateDirectory(Path.Combine(aws, "sso", "cache"));
        await File.WriteAllTextAsync(Path.Combine(aws, "config"),
            "[profile sso]\nsso_session = pypikit-sso\nsso_account_id = 123456789012\nsso_role_name = Reader\nregion = us-east-1\n\n" +
            "[sso-session pypikit-sso]\nsso_start_url = https://pypikit-test.awsapps.com/start\nsso_region = us-east-1\n", TestContext.Current.CancellationToken);
        var cacheName = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("pypikit-sso"))) + ".json";
        await File.WriteAllTextAsync(Path.Combine(aws, "sso", "cache", cacheName), JsonSerializer.Serialize(new
        {
            startUrl = "https://pypikit-test.awsapps.com/start", region = "us-east-1", accessToken = "sso-bearer-token-for-tests",
            expiresAt = DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ"),
        }), TestContext.Current.CancellationToken);

        var env = fx.Env(withKeys: false);
        env["HOME"] = home;
        env["AWS_CONFIG_FILE"] = Path.Combine(aws, "config");
        env["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(aws, "credentials");
        env["AWS_ENDPOINT_URL_SSO"] = fake.Url;
        var run = await CliRunner.RunAsync(EfsMetric("--aws-profile", "sso"), environment: env);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("PercentIOLimit", run.Stdout);
        Assert.Contains(fake.Seen, r => r.StartsWith("/federation/credentials", StringComparison.Ordinal) && r.Contains("role_name=Reader") &&
                                        r.EndsWith("token=sso-bearer-token-for-tests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Container_credentials_from_a_loopback_endpoint_are_used_with_their_token()
    {
        fx.RequireMoto();
        using var fake = new FakeCredentialServer(fx.Session);
        var env = fx.Env(withKeys: false);
        env["AWS_CONFIG_FILE"] = "/nonexistent";
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fake.Url + "container-creds";
        var run = await CliRunner.RunAsync(EfsMetric(), environment: env);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("PercentIOLimit", run.Stdout);
        Assert.Contains(fake.Seen, r => r.StartsWith("/container-creds", StringComparison.Ordinal));
        Assert.DoesNotContain(fx.Session.SessionToken, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task With_no_credentials_anywhere_the_cli_says_so_in_one_line()
    {
        var env = fx.Env(withKeys: false);
        env["AWS_CONFIG_FILE"] = "/nonexistent";
        env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        var run = await CliRunner.RunAsync(["telemetry", "metrics", "--region", "us-east-1", "--file-system-id", "fs-1", "--endpoint-url", "http://127.0.0.1:9"], environment: env);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("No AWS credentials", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // no stack trace
    }

    /// <summary>Loopback fake of the SSO portal (GetRoleCredentials) and of the ECS container credentials endpoint.</summary>
    private sealed class FakeCredentialServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly SessionCredentials _c;
        public List<string> Seen { get; } = [];

        public FakeCredentialServer(SessionCredentials c)
        {
            _c = c;
            Url = LoopbackListener.Start(_listener);
            _ = Task.Run(LoopAsync);
        }

        public string Url { get; private set; } = "";

        private async Task LoopAsync()
        {
            while (true)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                var path = ctx.Request.Url!.PathAndQuery;
                lock (Seen) Seen.Add(path + " token=" + ctx.Request.Headers["x-amz-sso_bearer_token"]);
                object body = path.StartsWith("/federation/credentials", StringComparison.Ordinal)
                    ? new
                    {
                        roleCredentials = new
                        {
                            accessKeyId = _c.AccessKeyId, secretAccessKey = _c.SecretAccessKey, sessionToken = _c.SessionToken,
                            expiration = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()
                        }
                    }
                    : new
                    {
                        AccessKeyId = _c.AccessKeyId, SecretAccessKey = _c.SecretAccessKey, Token = _c.SessionToken,
                        Expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ")
                    };
                var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
                ctx.Response.ContentType = "application/json";
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes);
                ctx.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
