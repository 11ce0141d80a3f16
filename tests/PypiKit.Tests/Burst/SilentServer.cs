using System.Net;
using System.Net.Sockets;

namespace PypiKit.Tests.Burst;

/// <summary>A loopback TCP server that accepts every connection and never answers (nor closes) — a hung server.</summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SilentServer()
    {
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = AcceptLoop();
    }

    public Uri Url { get; }

    public int Accepted { get { lock (_held) return _held.Count; } }

    private async Task AcceptLoop()
    {
        try
        {
            while (true)
            {
                var s = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_held) _held.Add(s);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        lock (_held) foreach (var s in _held) s.Dispose();
        _stop.Dispose();
    }
}
