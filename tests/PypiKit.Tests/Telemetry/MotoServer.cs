using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Tests.Telemetry;

/// <summary>
/// A real moto server on a free loopback port (<c>python3 -m moto.server</c>), killed on dispose. Where moto is not
/// installed the tests skip with the reason, except under CI (<c>CI=true</c>) where that is a failure.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private MotoServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Why moto cannot run here, or null when it can (throws under CI instead of returning a reason).</summary>
    public static string? UnavailableReason()
    {
        string? reason = null;
        try
        {
            var psi = new ProcessStartInfo("python3", "-c \"import moto, boto3\"") { RedirectStandardError = true, RedirectStandardOutput = true };
            using var p = Process.Start(psi)!;
            p.WaitForExit(30_000);
            if (p.ExitCode != 0) reason = "python3 cannot import moto/boto3: " + p.StandardError.ReadToEnd().Trim().Split('\n').LastOrDefault();
        }
        catch (Exception ex) { reason = "python3 is not available: " + ex.Message; }
        if (reason is not null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("moto is part of the CI machine image but is missing: " + reason);
        return reason;
    }

    public static async Task<MotoServer> StartAsync(CancellationToken ct = default)
    {
        TelemetryTestEnvironment.Apply();
        var port = FreePort();
        var psi = new ProcessStartInfo("python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() }) psi.ArgumentList.Add(a);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment.Remove("PIP_FIND_LINKS");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start python3 -m moto.server");
        var server = new MotoServer(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("moto exited at start: " + server.RecentLog());
            try
            {
                using var r = await http.GetAsync(server.Url + "/moto-api/data.json", ct);
                if (r.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException("moto did not become ready in 30 s: " + server.RecentLog());
            }
            await Task.Delay(150, ct);
        }
    }

    /// <summary>Runs <c>moto_seed.py</c> (next to this file in the repository) and returns what it created.</summary>
    public async Task<JsonElement> SeedAsync(string mode, CancellationToken ct = default)
    {
        var script = Path.Combine(RepoPaths.Root, "tests", "PypiKit.Tests", "Telemetry", "moto_seed.py");
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(Url);
        psi.ArgumentList.Add(mode);
        psi.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        psi.Environment.Remove("PIP_FIND_LINKS");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(90));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(true); throw; }
        if (p.ExitCode != 0) throw new InvalidOperationException($"moto_seed.py {mode} failed: {await stderr}");
        using var doc = JsonDocument.Parse(await stdout);
        return doc.RootElement.Clone();
    }

    public async Task PostAsync(string path, string body, string contentType = "application/json")
    {
        using var http = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var r = await http.PostAsync(Url + path, content);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>Clients for this server with the given (default: dummy) credentials.</summary>
    public AwsClients Clients(AWSCredentials? credentials = null, int maxAttempts = 2) =>
        new(AwsSession.Create(new AwsOptions
        {
            EndpointUrl = Url,
            Region = "us-east-1",
            Credentials = credentials ?? new BasicAWSCredentials("testing", "testing"),
            MaxAttempts = maxAttempts,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        }));

    public string RecentLog()
    {
        lock (_log) return _log.Length > 2000 ? _log.ToString(_log.Length - 2000, 2000) : _log.ToString();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > 20_000) _log.Remove(0, 10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException) { }
        catch (TimeoutException) { }
        _process.Dispose();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

/// <summary>Paths inside the repository, found by walking up from the test assembly to <c>PypiKit.slnx</c>.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PypiKit.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("PypiKit.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// The AWS environment every telemetry test runs in: instance metadata disabled, shared config/credentials files
/// pointed at empty test files (never the user's own), no ambient keys or profile.
/// </summary>
public static class TelemetryTestEnvironment
{
    private static readonly object Gate = new();
    private static string? _dir;

    public static string Directory
    {
        get { Apply(); return _dir!; }
    }

    public static void Apply()
    {
        lock (Gate)
        {
            if (_dir is null)
            {
                _dir = Path.Combine(Path.GetTempPath(), "pypikit-telemetry-tests-" + Environment.ProcessId);
                System.IO.Directory.CreateDirectory(_dir);
                File.WriteAllText(Path.Combine(_dir, "credentials"), "# empty on purpose: tests pass credentials explicitly\n");
                File.WriteAllText(Path.Combine(_dir, "config"), "[default]\nregion = us-east-1\n");
            }
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_dir, "credentials"));
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_dir, "config"));
        }
    }
}
