using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary>
/// A real moto server for the CLI tests: seeded with the telemetry stack (tests/PypiKit.Tests/Telemetry/moto_seed.py),
/// given an IAM user and a role, then switched to signature enforcement. Killed on dispose. Missing moto skips the
/// tests, except under CI (CI=true) where it fails them.
/// </summary>
public sealed class TelemetryCliFixture : IAsyncLifetime
{
    private Process? _moto;

    public string? SkipReason { get; private set; }
    public string Url { get; private set; } = "";
    public JsonElement Seed { get; private set; }
    public string AccessKeyId { get; private set; } = "";
    public string SecretAccessKey { get; private set; } = "";
    public string RoleArn { get; private set; } = "";

    /// <summary>Temporary credentials of the role (AssumeRole before enforcement was switched on).</summary>
    public SessionCredentials Session { get; private set; } = new("", "", "");

    /// <summary>Directory of this fixture's AWS config/credentials files and outputs.</summary>
    public string Dir => _dir.Path;

    private readonly TempDir _dir = new("pypikit-cli-telemetry-");

    public async ValueTask InitializeAsync()
    {
        if (Run("python3", ["-c", "import moto, boto3"], out var err) != 0)
        {
            SkipReason = "python3 cannot import moto/boto3: " + err.Trim().Split('\n').LastOrDefault();
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException("moto is part of the CI machine image but is missing: " + SkipReason);
            return;
        }
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        Url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() }) psi.ArgumentList.Add(a);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        _moto = Process.Start(psi)!;
        _moto.OutputDataReceived += (_, _) => { };
        _moto.ErrorDataReceived += (_, _) => { };
        _moto.BeginOutputReadLine();
        _moto.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try { if ((await http.GetAsync(Url + "/moto-api/data.json")).IsSuccessStatusCode) break; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline || _moto.HasExited) throw new TimeoutException("moto did not start");
            await Task.Delay(150);
        }
        Seed = SeedScript("data");
        var auth = SeedScript("auth");
        AccessKeyId = auth.GetProperty("access_key_id").GetString()!;
        SecretAccessKey = auth.GetProperty("secret_access_key").GetString()!;
        RoleArn = auth.GetProperty("role_arn").GetString()!;
        var session = auth.GetProperty("session");
        Session = new SessionCredentials(session.GetProperty("access_key_id").GetString()!, session.GetProperty("secret_access_key").GetString()!,
            session.GetProperty("session_token").GetString()!);
        using var body = new StringContent("0", Encoding.UTF8, "text/plain");
        (await http.PostAsync(Url + "/moto-api/reset-auth", body)).EnsureSuccessStatusCode();

        File.WriteAllText(Path.Combine(Dir, "config"),
            $"[profile base]\nregion = us-east-1\n\n[profile assume]\nrole_arn = {RoleArn}\nsource_profile = base\nregion = us-east-1\n\n[profile bad]\nregion = us-east-1\n");
        File.WriteAllText(Path.Combine(Dir, "credentials"),
            $"[base]\naws_access_key_id = {AccessKeyId}\naws_secret_access_key = {SecretAccessKey}\n\n" +
            $"[bad]\naws_access_key_id = {AccessKeyId}\naws_secret_access_key = WRONGwrongWRONGwrongWRONGwrongWRONGwrong9\n");
        File.WriteAllText(Path.Combine(Dir, "outputs.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ecs_cluster_name"] = Seed.GetProperty("cluster").GetString()!,
            ["ecs_service_name"] = Seed.GetProperty("service").GetString()!,
            ["pypi_load_balancer_arn"] = new { value = Seed.GetProperty("load_balancer_arn").GetString()!, sensitive = false },
            ["efs_file_system_id"] = Seed.GetProperty("file_system_id").GetString()!,
            ["pypi_password"] = new { value = "Do-Not-Print-Me-42", sensitive = true },
        }));
    }

    /// <summary>Environment of a CLI run: test credential files, no instance metadata, no ambient keys.</summary>
    public Dictionary<string, string?> Env(bool withKeys = true)
    {
        var env = new Dictionary<string, string?>
        {
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONFIG_FILE"] = Path.Combine(Dir, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Dir, "credentials"),
            ["AWS_PROFILE"] = null, ["AWS_REGION"] = null, ["AWS_DEFAULT_REGION"] = null, ["AWS_SESSION_TOKEN"] = null,
            ["AWS_ACCESS_KEY_ID"] = withKeys ? AccessKeyId : null,
            ["AWS_SECRET_ACCESS_KEY"] = withKeys ? SecretAccessKey : null,
            ["AWS_ENDPOINT_URL"] = null,
        };
        return env;
    }

    public void RequireMoto()
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
    }

    private JsonElement SeedScript(string mode)
    {
        var script = Path.Combine(RepoRoot(), "tests", "PypiKit.Tests", "Telemetry", "moto_seed.py");
        if (Run("python3", [script, Url, mode], out var err, out var stdout) != 0) throw new InvalidOperationException("seeding failed: " + err);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "PypiKit.slnx"))) return d.FullName;
        throw new DirectoryNotFoundException("PypiKit.slnx");
    }

    private static int Run(string file, string[] args, out string stderr) => Run(file, args, out stderr, out _);

    private static int Run(string file, string[] args, out string stderr, out string stdout)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        psi.Environment.Remove("PIP_FIND_LINKS");
        try
        {
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(90_000)) { p.Kill(true); stderr = "timeout"; stdout = ""; return -1; }
            stdout = o.Result;
            stderr = e.Result;
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            stdout = "";
            stderr = ex.Message;
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_moto is not null)
        {
            try
            {
                if (!_moto.HasExited) _moto.Kill(entireProcessTree: true);
                await _moto.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException) { }
            catch (TimeoutException) { }
            _moto.Dispose();
        }
        _dir.Dispose();
    }
}

/// <summary>One moto server shared by every telemetry CLI test class.</summary>
[CollectionDefinition("telemetry-cli")]
public sealed class TelemetryCliCollection : ICollectionFixture<TelemetryCliFixture>;

public sealed record SessionCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken);
