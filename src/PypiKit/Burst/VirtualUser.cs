using PypiKit.Packages;
using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace PypiKit.Burst;

/// <summary>
/// One simulated client: its own <see cref="SocketsHttpHandler"/> (so its own keep-alive connection, as pip's
/// session has) and its own cookie jar (unless the run shares one to reproduce the reference). Redirects are
/// followed by hand so Basic auth survives <c>/&lt;p&gt;/ → /simple/&lt;p&gt;/</c>. Every request lands in this
/// user's own record log and live histogram — no locks on the hot path.
/// </summary>
internal sealed class VirtualUser : IDisposable
{
    private const string AgentText = "pypikit-burst/0.1";

    private readonly BurstEngine _engine;
    private readonly HttpMessageInvoker _http;
    private readonly AuthenticationHeaderValue? _auth;
    private readonly string _instanceHeader;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    // Timeouts without a timer per request: the engine's watchdog cancels _active when _deadline has passed.
    private CancellationTokenSource _active = new();
    private long _deadline;                 // Stopwatch ticks; 0 = idle; -1 = cancelled by the watchdog
    private string? _lastTarget;
    private short _lastTargetIndex;
    private Uri? _getUri;

    public VirtualUser(BurstEngine engine, int slot, CookieContainer? sharedJar)
    {
        _engine = engine;
        Slot = slot;
        Random = new Random(HashCode.Combine(engine.Options.Seed, slot));
        var o = engine.Options;
        _timeout = o.RequestTimeout;
        _timeoutTicks = (long)(o.RequestTimeout.TotalSeconds * Stopwatch.Frequency);
        _instanceHeader = o.InstanceHeader;
        if (o.User is not null)
            _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.User}:{o.Password}")));
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = sharedJar ?? new CookieContainer(),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = o.RequestTimeout < TimeSpan.FromSeconds(10) ? o.RequestTimeout : TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 2,
        };
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
        SchedulerLateness = new SignedLatencyHistogram(engine.HighestLatencyMicros, LatencyHistogram.SliceDigits);
    }

    public int Slot { get; }
    public Random Random { get; }
    public RecordLog Log { get; } = new();
    /// <summary>How late (signed) the scheduler woke this user for a due request it was free to send (open models only).</summary>
    public SignedLatencyHistogram SchedulerLateness { get; }
    public long Requests;
    public long Failures;

    /// <summary>Runs one chain of the given kind, its first request scheduled at <paramref name="scheduled"/> (Stopwatch ticks).</summary>
    public ValueTask RunAsync(ChainKind kind, long scheduled, CancellationToken ct) => kind switch
    {
        ChainKind.PipInstall => PipInstallAsync(PickPackage(), scheduled, ct),
        ChainKind.List => ListAsync(scheduled, ct),
        ChainKind.Upload => UploadAsync(PickPackage(), scheduled, ct),
        _ => GetAsync(scheduled, ct),
    };

    public string PickPackage() => $"{_engine.Profile.PackagePrefix}{Random.Next(_engine.Profile.Packages):000}";

    /// <summary>pip install: GET /&lt;p&gt;/ (+ redirect), GET /simple/&lt;p&gt;/, download the newest wheel listed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask PipInstallAsync(string package, long scheduled, CancellationToken ct)
    {
        if (!_engine.TryTakeRequest()) return;
        var first = await SendAsync(HttpMethod.Get, new Uri(_engine.BaseUri, package + "/"), null, keepBody: false, ct);
        if (first.Cancelled) return;
        var hops = (byte)1;
        var final = first;
        if (first.Error == ErrorClass.None && first.Status is >= 300 and < 400 && first.Location is not null)
        {
            final = await SendAsync(HttpMethod.Get, first.Location, null, keepBody: false, ct);
            if (final.Cancelled) return;
            hops = 2;
        }
        Record(BurstOperation.GetPackageRedirect, scheduled, first.Sent, final, hops, package, first.Target);
        if (final.Error != ErrorClass.None) return;

        if (!_engine.TryTakeRequest()) return;
        var listingUri = new Uri(_engine.BaseUri, "simple/" + package + "/");
        var listing = await SendAsync(HttpMethod.Get, listingUri, null, keepBody: true, ct);
        if (listing.Cancelled) return;
        Record(BurstOperation.GetPackage, final.Completed, listing.Sent, listing, 1, package);
        if (listing.Error != ErrorClass.None) return;

        if (!_engine.TryTakeRequest()) return;
        var href = SimpleIndexLinks.NewestWheel(listing.Body ?? "");
        if (href is null)
        {
            var none = listing with { Error = ErrorClass.Other, Status = 0, Detail = "the listing names no wheel", Body = null, Sent = listing.Completed };
            Record(BurstOperation.DownloadWheel, listing.Completed, listing.Completed, none, 0, package);
            return;
        }
        var download = await SendAsync(HttpMethod.Get, new Uri(listingUri, href), null, keepBody: false, ct);
        if (download.Cancelled) return;
        Record(BurstOperation.DownloadWheel, listing.Completed, download.Sent, download, 1, package);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ListAsync(long scheduled, CancellationToken ct)
    {
        if (!_engine.TryTakeRequest()) return;
        var r = await SendAsync(HttpMethod.Get, new Uri(_engine.BaseUri, "simple/"), null, keepBody: false, ct);
        if (!r.Cancelled) Record(BurstOperation.ListPackages, scheduled, r.Sent, r, 1, "");
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask UploadAsync(string package, long scheduled, CancellationToken ct)
    {
        if (!_engine.TryTakeRequest()) return;
        var version = _engine.NextUploadVersion();
        // A fresh valid wheel (smallest payload) under a version never used before, sent as twine sends it.
        var wheel = WheelBuilder.Build(new WheelSpec(package, version, WheelSpec.MinPayloadBytes));
        using var form = UploadClient.FileUploadForm(wheel.FileName, wheel.Content, package, version);
        var r = await SendAsync(HttpMethod.Post, _engine.BaseUri, form, keepBody: false, ct);
        if (!r.Cancelled) Record(BurstOperation.UploadPackage, scheduled, r.Sent, r, 1, package);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask GetAsync(long scheduled, CancellationToken ct)
    {
        if (!_engine.TryTakeRequest()) return;
        _getUri ??= new Uri(_engine.BaseUri, _engine.Profile.Path.TrimStart('/'));
        var r = UseLean ? await LeanGetAsync(ct) : await SendAsync(HttpMethod.Get, _getUri, null, keepBody: false, ct);
        if (!r.Cancelled) Record(BurstOperation.Get, scheduled, r.Sent, r, 1, "");
    }

    private LeanHttpConnection? _lean;
    private bool UseLean => _getUri!.Scheme == "http" && !_engine.Options.SharedCookieJar;

    /// <summary>The <c>get</c> chain over <see cref="LeanHttpConnection"/> (plain http, no cookies: static endpoints and benchmarks).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exchange> LeanGetAsync(CancellationToken runToken)
    {
        if (runToken.IsCancellationRequested)
            return new Exchange(0, 0, 0, ErrorClass.Other, 0, _getUri!, null, null, null, Cancelled: true);
        _lean ??= new LeanHttpConnection(_getUri!, _auth?.ToString(), _instanceHeader);
        var cts = _active;
        var sent = Stopwatch.GetTimestamp();
        Volatile.Write(ref _deadline, sent + _timeoutTicks);
        int status = 0;
        var error = ErrorClass.None;
        string? detail = null;
        short target = 0;
        try
        {
            status = await _lean.GetAsync(cts.Token).ConfigureAwait(false);
            if (_lean.TargetChanged || _lastTarget is null)
            {
                _lastTarget = _lean.LastTarget.IsEmpty ? "" : Encoding.ASCII.GetString(_lean.LastTarget);
                _lastTargetIndex = _lastTarget.Length == 0 ? (short)0 : _engine.TargetIndex(_lastTarget);
            }
            target = _lastTargetIndex;
            error = status switch { >= 500 => ErrorClass.Http5xx, >= 400 => ErrorClass.Http4xx, _ => ErrorClass.None };
            if (error != ErrorClass.None) detail = $"HTTP {status}";
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            _lean.Close();
            EndRequest(cts);
            return Interrupted(sent, _getUri!);
        }
        catch (OperationCanceledException)
        {
            _lean.Close();
            error = ErrorClass.Timeout;
            detail = $"no complete response within {_timeout.TotalSeconds:0.###} s";
        }
        catch (SocketException e)
        {
            _lean.Close();
            error = e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown ? ErrorClass.Reset : ErrorClass.Connect;
            detail = $"{e.GetType().Name}: {e.Message}";
        }
        catch (IOException e)
        {
            _lean.Close();
            error = e is EndOfStreamException || e.InnerException is SocketException ? ErrorClass.Reset : ErrorClass.Other;
            detail = $"{e.GetType().Name}: {e.Message}";
        }
        var completed = Stopwatch.GetTimestamp();
        EndRequest(cts);
        return new Exchange(sent, completed, status, error, target, _getUri!, null, null, detail, false);
    }

    internal readonly record struct Exchange(
        long Sent, long Completed, int Status, ErrorClass Error, short Target, Uri Url, Uri? Location, string? Body, string? Detail, bool Cancelled);

    /// <summary>Called by the engine's watchdog: cancels the request in flight if its deadline has passed.</summary>
    public void CheckTimeout(long now)
    {
        var cts = Volatile.Read(ref _active);
        var deadline = Volatile.Read(ref _deadline);
        if (deadline > 0 && now > deadline && Interlocked.CompareExchange(ref _deadline, -1, deadline) == deadline) cts.Cancel();
    }

    /// <summary>Called when the run is cancelled: abandons the request in flight.</summary>
    public void Abort() => Volatile.Read(ref _active).Cancel();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exchange> SendAsync(HttpMethod method, Uri uri, HttpContent? content, bool keepBody, CancellationToken runToken)
    {
        if (runToken.IsCancellationRequested)
            return new Exchange(0, 0, 0, ErrorClass.Other, 0, uri, null, null, null, Cancelled: true);
        var cts = _active;
        var token = cts.Token;
        var sent = Stopwatch.GetTimestamp();
        Volatile.Write(ref _deadline, sent + _timeoutTicks);
        int status = 0;
        short target = 0;
        Uri? location = null;
        string? body = null;
        string? detail = null;
        var error = ErrorClass.None;
        try
        {
            using var request = new HttpRequestMessage(method, uri) { Content = content };
            if (_auth is not null) request.Headers.Authorization = _auth;
            request.Headers.TryAddWithoutValidation("User-Agent", AgentText);
            using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            target = TargetOf(response);
            if (status is >= 300 and < 400 && response.Headers.Location is { } loc)
                location = loc.IsAbsoluteUri ? loc : new Uri(uri, loc);
            var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (keepBody || status >= 400)
                {
                    var ms = new MemoryStream();
                    await stream.CopyToAsync(ms, token).ConfigureAwait(false);
                    var text = Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
                    if (keepBody) body = text;
                    if (status >= 400) detail = text.Length > 1000 ? text[..1000] : text;
                }
                else
                {
                    while (await stream.ReadAsync(_buffer, token).ConfigureAwait(false) > 0) { }
                }
            }
            error = status switch { >= 500 => ErrorClass.Http5xx, >= 400 => ErrorClass.Http4xx, _ => ErrorClass.None };
        }
        catch (OperationCanceledException) when (runToken.IsCancellationRequested)
        {
            EndRequest(cts);
            return Interrupted(sent, uri);
        }
        catch (OperationCanceledException)
        {
            error = ErrorClass.Timeout;
            detail = $"no complete response within {_timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException e)
        {
            error = Classify(e);
            detail = $"{e.GetType().Name}: {e.Message}";
        }
        catch (IOException e)
        {
            error = ErrorClass.Reset;
            detail = $"{e.GetType().Name}: {e.Message}";
        }
        var completed = Stopwatch.GetTimestamp();
        EndRequest(cts);
        return new Exchange(sent, completed, status, error, target, uri, location, body, detail, false);
    }

    /// <summary>
    /// A request still in flight when the run ended: at the hard time limit it counts as timed out (the server did
    /// not answer in the time the run had); when the user cancelled, it is abandoned and not counted.
    /// </summary>
    private Exchange Interrupted(long sent, Uri uri) => _engine.AtDeadline
        ? new Exchange(sent, Stopwatch.GetTimestamp(), 0, ErrorClass.Timeout, 0, uri, null, null, "still in flight at the duration limit", false)
        : new Exchange(sent, Stopwatch.GetTimestamp(), 0, ErrorClass.Other, 0, uri, null, null, null, Cancelled: true);

    private static ErrorClass Classify(HttpRequestException e)
    {
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        if (socket is not null)
            return socket.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
                ? ErrorClass.Reset
                : ErrorClass.Connect;
        return e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
                or HttpRequestError.ProxyTunnelError => ErrorClass.Connect,
            HttpRequestError.ResponseEnded => ErrorClass.Reset,
            _ => e.InnerException is IOException ? ErrorClass.Reset : ErrorClass.Other,
        };
    }

    private void EndRequest(CancellationTokenSource cts)
    {
        var previous = Interlocked.Exchange(ref _deadline, 0);
        // A cancelled source cannot be reused: the next request gets a fresh one (the old one is left to the GC,
        // since the watchdog may still hold it).
        if (previous == -1 || cts.IsCancellationRequested) Volatile.Write(ref _active, new CancellationTokenSource());
    }

    private short TargetOf(HttpResponseMessage response)
    {
        string? name = null;
        if (response.Headers.NonValidated.TryGetValues(_instanceHeader, out var values))
        {
            foreach (var v in values) { name = v; break; }
        }
        else if (response.Headers.NonValidated.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var c in cookies)
                if (c.StartsWith("AWSALB=", StringComparison.Ordinal))
                {
                    var end = c.IndexOf(';');
                    var value = end < 0 ? c[7..] : c[7..end];
                    name = "AWSALB:" + (value.Length > 16 ? value[..16] : value);
                    break;
                }
        }
        if (name is null) return 0;
        if (name == _lastTarget) return _lastTargetIndex;
        _lastTarget = name;
        return _lastTargetIndex = _engine.TargetIndex(name);
    }

    private void Record(BurstOperation op, long scheduled, long sent, in Exchange r, byte hops, string package, short firstTarget = -1)
    {
        ref var rec = ref Log.Append();
        rec.FirstTarget = firstTarget < 0 ? r.Target : firstTarget;
        rec.Scheduled = scheduled;
        rec.Sent = sent;
        rec.Completed = r.Completed;
        rec.Status = (short)r.Status;
        rec.Target = r.Target;
        rec.Operation = op;
        rec.Error = r.Error;
        rec.Hops = hops;
        Requests++;
        _engine.NoteStatus(r.Status, r.Error == ErrorClass.None);
        if (r.Error == ErrorClass.None)
        {
            _engine.RecordLive(LatencyHistogram.TicksToMicros(r.Completed - scheduled));
            return;
        }
        Failures++;
        if (_engine.WantsErrorSamples)
            _engine.AddErrorSample(new ErrorSample(_engine.WallTime(r.Completed), op.Name(), package, r.Url.ToString(), r.Status,
                r.Error.Name(), r.Detail ?? ""));
    }

    public void Dispose()
    {
        _http.Dispose();
        _lean?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}

/// <summary>The request chains a virtual user can run.</summary>
public enum ChainKind
{
    /// <summary>GET /&lt;p&gt;/ → GET /simple/&lt;p&gt;/ → newest wheel download.</summary>
    PipInstall,
    /// <summary>GET /simple/.</summary>
    List,
    /// <summary>POST / with a fresh wheel (legacy upload API).</summary>
    Upload,
    /// <summary>GET of the profile's fixed path.</summary>
    Get,
}
