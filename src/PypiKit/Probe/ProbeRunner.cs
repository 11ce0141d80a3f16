using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using PypiKit.Packages;

namespace PypiKit.Probe;

/// <summary>
/// Measures the service demand of the pip chain's operations on any PEP 503 index, one request at a time: for each
/// operation a warm-up, then the timed repetitions (wall time from sending to the last body byte, on one kept-alive
/// connection), and the CPU time the server's processes and the probe itself used over them. At concurrency 1 nothing
/// queues, so the wall time is the service time plus the network and client overhead.
/// </summary>
public static partial class ProbeRunner
{
    public const string InstanceHeader = "X-PypiKit-Instance";
    public const string FidelityHeader = "X-PypiKit-Fidelity";

    public static async Task<Calibration> RunAsync(ProbeOptions options, IProgress<ProbeProgress>? progress = null, CancellationToken ct = default)
    {
        options.Validate();
        var root = options.Target.AbsoluteUri.EndsWith('/') ? options.Target : new Uri(options.Target.AbsoluteUri + "/");
        var serverCpu = options.ServerProcessIds.Count > 0 ? new ProcessCpu(options.ServerProcessIds) : null;
        serverCpu?.ReadSeconds(); // fails now, naming the pid, if one is not there
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 1, UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = options.RequestTimeout };
        if (options.User is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
        http.DefaultRequestHeaders.UserAgent.ParseAdd("pypikit-probe/0.1");

        var seen = new SortedSet<string>(StringComparer.Ordinal);
        string? fidelity = options.Fidelity;
        void Note(HttpResponseMessage r)
        {
            if (r.Headers.TryGetValues(InstanceHeader, out var i)) seen.UnionWith(i);
            if (r.Headers.TryGetValues(FidelityHeader, out var f)) fidelity ??= f.FirstOrDefault();
        }

        // Discover what to request: the project and the first file its listing links to.
        var indexUri = new Uri(root, "simple/");
        string project = options.Project ?? await FirstProjectAsync(http, indexUri, ct);
        var listingUri = new Uri(indexUri, ProjectName.Normalize(project) + "/");
        var fileUri = await FirstFileAsync(http, listingUri, ct);

        var plan = new List<(string Name, Func<int, HttpRequestMessage> Request, Func<HttpStatusCode, bool> Ok)>
        {
            (ProbeOperations.Redirect, _ => new HttpRequestMessage(HttpMethod.Get, new Uri(root, ProjectName.Normalize(project) + "/")), s => (int)s is >= 300 and < 400 or 200),
            (ProbeOperations.Listing, _ => new HttpRequestMessage(HttpMethod.Get, listingUri), s => s == HttpStatusCode.OK),
            (ProbeOperations.Index, _ => new HttpRequestMessage(HttpMethod.Get, indexUri), s => s == HttpStatusCode.OK),
        };
        if (fileUri is not null) plan.Add((ProbeOperations.Download, _ => new HttpRequestMessage(HttpMethod.Get, fileUri), s => s == HttpStatusCode.OK));
        if (options.Upload)
        {
            var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            plan.Add((ProbeOperations.Upload, i =>
            {
                var wheel = WheelBuilder.Build(new WheelSpec(options.UploadProject, $"0.{stamp}.{i}"));
                return new HttpRequestMessage(HttpMethod.Post, root) { Content = UploadClient.FileUploadForm(wheel.FileName, wheel.Content) };
            }, s => (int)s is >= 200 and < 300));
        }

        // Warm-up of every operation first, then the idle baseline, so background JIT of the warm-up is not in it.
        int sequence = 0;
        foreach (var (name, request, ok) in plan)
            for (int i = 0; i < options.Warmup; i++)
            {
                await TimeAsync(http, request(sequence++), ok, Note, ct);
                progress?.Report(new ProbeProgress(name, i + 1, options.Warmup + options.Repetitions));
            }
        double idleServerRate = 0, idleSelfRate = 0;
        if (options.IdleBaselineSeconds > 0)
        {
            double c0 = serverCpu?.ReadSeconds() ?? 0, s0 = SelfCpuSeconds();
            long t0 = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(options.IdleBaselineSeconds), ct);
            double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            idleServerRate = ((serverCpu?.ReadSeconds() ?? 0) - c0) / wall;
            idleSelfRate = (SelfCpuSeconds() - s0) / wall;
        }

        var operations = new List<OperationDemand>();
        foreach (var (name, request, ok) in plan)
        {
            int total = options.Warmup + options.Repetitions;
            var times = new List<double>(options.Repetitions);
            int errors = 0;
            // Requests are built before the clock starts (an upload's wheel is built client side, not by the server).
            var requests = Enumerable.Range(0, options.Repetitions).Select(_ => request(sequence++)).ToList();
            double cpu0 = serverCpu?.ReadSeconds() ?? 0, self0 = SelfCpuSeconds();
            long window = Stopwatch.GetTimestamp();
            for (int i = 0; i < requests.Count; i++)
            {
                var t = await TimeAsync(http, requests[i], ok, Note, ct);
                if (t is { } seconds) times.Add(seconds); else errors++;
                progress?.Report(new ProbeProgress(name, options.Warmup + i + 1, total));
            }
            double windowSeconds = Stopwatch.GetElapsedTime(window).TotalSeconds;
            double? serverPerRequest = serverCpu is null ? null : Math.Max(0, serverCpu.ReadSeconds() - cpu0 - idleServerRate * windowSeconds) / options.Repetitions;
            double selfPerRequest = Math.Max(0, SelfCpuSeconds() - self0 - idleSelfRate * windowSeconds) / options.Repetitions;
            var path = "/" + root.MakeRelativeUri(requests[0].RequestUri!).OriginalString.TrimStart('/');
            operations.Add(OperationDemand.FromSamples(name, path, times, errors, serverPerRequest, selfPerRequest));
            foreach (var r in requests) r.Dispose();
        }

        var notes = new List<string>();
        if (options.IdleBaselineSeconds > 0)
            notes.Add($"idle CPU subtracted: server {idleServerRate * 1000:0.#} ms/s, probe {idleSelfRate * 1000:0.#} ms/s over {options.IdleBaselineSeconds:0.#} s with no request in flight");
        if (fileUri is null) notes.Add($"the listing of '{project}' links no file: download not probed");
        if (options.ServerProcessIds.Contains(Environment.ProcessId))
            notes.Add("the server runs inside the probing process: its CPU figure includes the client's");
        if (operations.Any(o => o.Errors > 0))
            notes.Add($"errors: {string.Join(", ", operations.Where(o => o.Errors > 0).Select(o => $"{o.Name} {o.Errors}/{o.Requests}"))}");
        return new Calibration
        {
            Target = root.AbsoluteUri,
            MeasuredAt = DateTimeOffset.UtcNow,
            Source = Calibration.MeasuredByProbe,
            Fitted = false,
            Fidelity = fidelity,
            Instances = seen.ToArray(),
            Warmup = options.Warmup,
            Repetitions = options.Repetitions,
            CpuSource = serverCpu is null ? null : $"/proc/<pid>/stat of process(es) {string.Join(", ", options.ServerProcessIds)}",
            CpuResolutionSeconds = serverCpu is null ? null : ProcessCpu.TickSeconds / options.Repetitions,
            Operations = operations,
            Notes = notes,
        };
    }

    private static double SelfCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Wall seconds from send to the last body byte, or null when the request failed or its status was not expected.</summary>
    private static async Task<double?> TimeAsync(HttpClient http, HttpRequestMessage request, Func<HttpStatusCode, bool> ok,
        Action<HttpResponseMessage> note, CancellationToken ct)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await using (var body = await response.Content.ReadAsStreamAsync(ct)) await body.CopyToAsync(Stream.Null, ct);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            note(response);
            return ok(response.StatusCode) ? seconds : null;
        }
        catch (HttpRequestException) { return null; }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return null; } // the request timed out
    }

    private static async Task<string> FirstProjectAsync(HttpClient http, Uri indexUri, CancellationToken ct)
    {
        var html = await GetTextAsync(http, indexUri, ct);
        var first = HrefPattern().Matches(html).Select(m => m.Groups[1].Value.Trim('/').Split('/')[^1]).FirstOrDefault(n => n.Length > 0);
        return first ?? throw new InvalidInputException("target", $"target: the index {indexUri} lists no project; upload one or give a project");
    }

    private static async Task<Uri?> FirstFileAsync(HttpClient http, Uri listingUri, CancellationToken ct)
    {
        var html = await GetTextAsync(http, listingUri, ct);
        var href = HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).FirstOrDefault();
        if (href is null) return null;
        var uri = new Uri(listingUri, href);
        return new UriBuilder(uri) { Fragment = "" }.Uri;
    }

    private static async Task<string> GetTextAsync(HttpClient http, Uri uri, CancellationToken ct)
    {
        using var response = await http.GetAsync(uri, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new InvalidInputException("user", $"user: {uri} answered 401: give the index's user and password");
        if (!response.IsSuccessStatusCode)
            throw new InvalidInputException("target", $"target: {uri} answered HTTP {(int)response.StatusCode}; is it a PEP 503 index root?");
        return await response.Content.ReadAsStringAsync(ct);
    }

    [GeneratedRegex("href=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();
}
