using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PypiKit.Tests.Telemetry;

/// <summary>What a <see cref="FaultProxy"/> does with the next request.</summary>
public enum FaultMode { Forward, Garbage, Hang }

/// <summary>
/// A loopback HTTP proxy in front of a real endpoint (moto) that injects faults: it forwards requests unchanged (the
/// Host header kept, so SigV4 signatures still verify), answers HTTP 200 with a body no AWS protocol can parse, never
/// answers, or is killed — its socket closed, so further calls meet "connection refused". <see cref="KillAfter"/> kills
/// it after that many forwarded requests, which lets a test lose the endpoint in the middle of a run.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    private readonly string _upstream;
    private readonly CancellationTokenSource _stop = new();
    private int _forwarded;

    public FaultProxy(string upstream, FaultMode mode = FaultMode.Forward)
    {
        _upstream = upstream.TrimEnd('/');
        Mode = mode;
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url + "/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 10) { }
        }
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; }
    public FaultMode Mode { get; set; }

    /// <summary>Kill the proxy once this many requests were forwarded (null: never).</summary>
    public int? KillAfter { get; set; }

    public int Forwarded => Volatile.Read(ref _forwarded);
    public bool Killed { get; private set; }

    /// <summary>Closes the listening socket: from now on connections are refused.</summary>
    public void Kill()
    {
        if (Killed) return;
        Killed = true;
        _stop.Cancel();
        try { _listener.Close(); } catch (ObjectDisposedException) { }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        try
        {
            switch (Mode)
            {
                case FaultMode.Hang:
                    try { await Task.Delay(Timeout.Infinite, _stop.Token); } catch (OperationCanceledException) { }
                    ctx.Response.Abort();
                    return;
                case FaultMode.Garbage:
                    var junk = Encoding.UTF8.GetBytes("<<this is not JSON { nor XML");
                    ctx.Response.StatusCode = 200;
                    ctx.Response.ContentType = "application/x-amz-json-1.1";
                    await ctx.Response.OutputStream.WriteAsync(junk);
                    ctx.Response.Close();
                    return;
            }
            using var body = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(body);
            using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.HttpMethod), _upstream + ctx.Request.RawUrl);
            var content = new ByteArrayContent(body.ToArray());
            foreach (var name in ctx.Request.Headers.AllKeys.OfType<string>())
            {
                var value = ctx.Request.Headers[name]!;
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) request.Headers.Host = value;
                else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) content.Headers.TryAddWithoutValidation(name, value);
                else if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && !name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                    request.Headers.TryAddWithoutValidation(name, value);
            }
            request.Content = content;
            using var response = await _http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            ctx.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
                    !name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && !name.Equals("Server", StringComparison.OrdinalIgnoreCase) &&
                    !name.Equals("Date", StringComparison.OrdinalIgnoreCase))
                    ctx.Response.Headers[name] = string.Join(",", values);
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
            if (Interlocked.Increment(ref _forwarded) >= KillAfter) Kill();
        }
        catch (Exception)
        {
            try { ctx.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        Kill();
        _http.Dispose();
    }
}
