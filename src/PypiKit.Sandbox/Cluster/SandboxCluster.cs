using System.Security.Cryptography;
using PypiKit.Packages;
using PypiKit.Sandbox.Auth;
using PypiKit.Sandbox.Balancer;
using PypiKit.Sandbox.Server;

namespace PypiKit.Sandbox;

/// <summary>
/// A pypiserver-like deployment on loopback: <see cref="SandboxClusterOptions.Instances"/> servers sharing one package
/// directory behind an ALB-like <see cref="LoadBalancer"/>. Start with <see cref="StartAsync"/>, dispose to stop
/// everything (and delete temporary directories it created).
/// <code>
/// await using var cluster = await SandboxCluster.StartAsync(new SandboxClusterOptions { Instances = 4 });
/// using var upload = cluster.CreateUploadClient();
/// await upload.UploadFileAsync("dist/x-1.0-py3-none-any.whl");
/// // pip install --index-url {cluster.AuthenticatedIndexUrl} x
/// </code>
/// </summary>
public sealed partial class SandboxCluster : IAsyncDisposable
{
    private readonly List<SandboxInstance> _instances;
    private readonly bool _ownsState, _ownsPackages;
    private int _disposed;

    private SandboxCluster(SandboxClusterOptions options, LoadBalancer balancer, List<SandboxInstance> instances, PypiCredentials? credentials,
        string packagesDirectory, string stateDirectory, string? passwordFile, bool ownsState, bool ownsPackages)
    {
        Options = options; Balancer = balancer; _instances = instances; Credentials = credentials;
        PackagesDirectory = packagesDirectory; StateDirectory = stateDirectory; PasswordFile = passwordFile;
        _ownsState = ownsState; _ownsPackages = ownsPackages;
        balancer.TargetStateChanged += OnTargetStateChanged;
    }

    public SandboxClusterOptions Options { get; }
    /// <summary>The balancer's base URL (the cluster's URL), ending in <c>/</c>; also the upload URL (twine's <c>--repository-url</c>).</summary>
    public string Url => Balancer.Url;
    /// <summary><see cref="Url"/> + <c>simple/</c>.</summary>
    public string IndexUrl => Url + "simple/";
    /// <summary><see cref="IndexUrl"/> with the credentials embedded (for pip's <c>--index-url</c>).</summary>
    public string AuthenticatedIndexUrl => Credentials is null ? IndexUrl : Credentials.Embed(IndexUrl);
    public IReadOnlyList<SandboxInstance> Instances => _instances;
    /// <summary>The user and password of the htpasswd file (null when auth is off or an existing file was given without them).</summary>
    public PypiCredentials? Credentials { get; }
    public string PackagesDirectory { get; }
    public string StateDirectory { get; }
    public string? PasswordFile { get; }
    public LoadBalancer Balancer { get; }

    /// <summary>Per-target counters and health transitions (what <c>/_sandbox/stats</c> serves).</summary>
    public BalancerStats GetStats() => Balancer.GetStats();

    public UploadClient CreateUploadClient(HttpClient? http = null) => new(Url, Credentials, http);
    public SimpleIndexClient CreateIndexClient(HttpClient? http = null) => new(IndexUrl, Credentials, http);

    /// <summary>Kills one instance abruptly (a crashed task). The balancer notices (a failed connection, its health checks); with
    /// <see cref="SandboxClusterOptions.ReplaceDeadInstances"/> the cluster then starts a replacement.</summary>
    public Task KillInstanceAsync(string name) => Find(name).KillAsync();
    /// <summary>Stops one instance gracefully.</summary>
    public Task StopInstanceAsync(string name) => Find(name).StopAsync();

    private SandboxInstance Find(string name) =>
        _instances.FirstOrDefault(i => i.Name == name) ?? throw new InvalidInputException("instance", $"instance: no instance named '{name}' (have {string.Join(", ", _instances.Select(i => i.Name))}).");

    /// <summary>A random password of letters and digits (safe to embed in URLs).</summary>
    public static string GeneratePassword(int length = 24) =>
        new(RandomNumberGenerator.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", length));

    public static async Task<SandboxCluster> StartAsync(SandboxClusterOptions options, CancellationToken ct = default)
    {
        options.Validate();
        bool ownsState = options.StateDirectory is null;
        var stateDir = Path.GetFullPath(options.StateDirectory ?? Path.Combine(Path.GetTempPath(), "pypikit-sandbox-" + Guid.NewGuid().ToString("N")[..12]));
        Directory.CreateDirectory(stateDir);
        bool ownsPackages = options.PackagesDirectory is null;
        var packages = Path.GetFullPath(options.PackagesDirectory ?? Path.Combine(stateDir, "packages"));
        Directory.CreateDirectory(packages);

        PypiCredentials? credentials = options.Credentials;
        string? passwordFile = null;
        if (options.Authenticate != AuthActions.None || options.PasswordFile is not null)
        {
            if (options.PasswordFile is not null) passwordFile = Path.GetFullPath(options.PasswordFile);
            else
            {
                credentials ??= new PypiCredentials("pypikit", GeneratePassword());
                passwordFile = Path.Combine(stateDir, "htpasswd");
                if (File.Exists(passwordFile)) File.Delete(passwordFile);
                HtpasswdFile.SetUser(passwordFile, credentials.User, credentials.Password);
            }
        }

        LoadBalancer? balancer = null;
        var instances = new List<SandboxInstance>();
        try
        {
            // the balancer answers over-limit bodies itself, at the instances' limit (one number for both)
            balancer = await LoadBalancer.StartAsync(options.Balancer with { MaxRequestBodyBytes = options.Balancer.MaxRequestBodyBytes ?? options.MaxUploadBytes }, ct);
            var starts = Enumerable.Range(1, options.Instances).Select(i =>
            {
                var io = options.InstanceOptions($"sandbox-{i}", packages, passwordFile);
                return options.Hosting == InstanceHosting.ChildProcess
                    ? SandboxInstance.StartChildAsync(io, options.ChildCommand, stateDir, options.StartTimeout, ct)
                    : SandboxInstance.StartInProcessAsync(io, ct);
            }).ToList();
            try { await Task.WhenAll(starts); }
            finally
            {
                foreach (var s in starts) if (s.IsCompletedSuccessfully) instances.Add(s.Result);
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var inst in instances)
            {
                await WaitHealthyAsync(http, inst.Url + options.Balancer.HealthCheck.Path.TrimStart('/'), options.StartTimeout, ct);
                await WarmUpAsync(http, inst.Url, credentials, ct);
                balancer.AddTarget(inst.Name, inst.Url, initiallyHealthy: true);
            }
            return new SandboxCluster(options, balancer, instances, credentials, packages, stateDir, passwordFile, ownsState, ownsPackages);
        }
        catch
        {
            foreach (var i in instances) await i.DisposeAsync();
            if (balancer is not null) await balancer.DisposeAsync();
            if (ownsState) TryDeleteDirectory(stateDir);
            throw;
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, string url, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var r = await http.GetAsync(url, ct);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not become healthy within {timeout.TotalSeconds:0} s.");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>One authenticated listing per instance: pays the bcrypt check and JIT before traffic arrives.</summary>
    private static async Task WarmUpAsync(HttpClient http, string url, PypiCredentials? credentials, CancellationToken ct)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url + "simple/");
        if (credentials is not null) req.Headers.Authorization = credentials.ToHeader();
        try { using var _ = await http.SendAsync(req, ct); } catch (HttpRequestException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await StopReplacingAsync();
        await Balancer.DisposeAsync();
        await Task.WhenAll(_instances.Select(i => i.DisposeAsync().AsTask()));
        if (_ownsPackages && !_ownsState) TryDeleteDirectory(PackagesDirectory);
        if (_ownsState) TryDeleteDirectory(StateDirectory);
    }

    private static void TryDeleteDirectory(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
