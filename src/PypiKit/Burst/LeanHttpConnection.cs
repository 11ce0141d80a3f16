using System.Net.Sockets;
using System.Text;

namespace PypiKit.Burst;

/// <summary>
/// A minimal HTTP/1.1 client for one keep-alive connection, used by the <c>get</c> chain on plain-http targets: the
/// request bytes are built once, the response head is parsed in place (status, Content-Length or chunked,
/// Connection: close, the instance header) and the body is skipped without copying. Nothing is allocated per
/// request except when the serving instance changes. pip/list/upload chains keep using <see cref="SocketsHttpHandler"/>
/// (redirects, cookies, auth, multipart).
/// </summary>
internal sealed class LeanHttpConnection : IDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly byte[] _request;
    private readonly byte[] _instanceHeader;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private Socket? _socket;
    private int _start, _end;
    private byte[] _lastTarget = [];

    public LeanHttpConnection(Uri uri, string? authorization, string instanceHeader)
    {
        _host = uri.Host;
        _port = uri.Port;
        var head = new StringBuilder();
        head.Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\nHost: ").Append(uri.Authority)
            .Append("\r\nUser-Agent: pypikit-burst/0.1\r\nAccept: */*\r\n");
        if (authorization is not null) head.Append("Authorization: ").Append(authorization).Append("\r\n");
        head.Append("\r\n");
        _request = Encoding.ASCII.GetBytes(head.ToString());
        _instanceHeader = Encoding.ASCII.GetBytes(instanceHeader.ToLowerInvariant() + ":");
    }

    /// <summary>The serving instance's name bytes of the last response (empty when the header was absent).</summary>
    public ReadOnlySpan<byte> LastTarget => _lastTarget;
    public bool TargetChanged { get; private set; }

    /// <summary>Sends the GET and reads the whole response; returns the status (exceptions for transport failures).</summary>
    public async ValueTask<int> GetAsync(CancellationToken ct)
    {
        var reused = _socket is not null;
        try
        {
            return await ExchangeAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (reused && e is SocketException or IOException or EndOfStreamException && !ct.IsCancellationRequested)
        {
            // The server closed an idle keep-alive connection: retry once on a new one (as HttpClient does for GET).
            Close();
            return await ExchangeAsync(ct).ConfigureAwait(false);
        }
    }

    private async ValueTask<int> ExchangeAsync(CancellationToken ct)
    {
        if (_socket is null)
        {
            var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try { await s.ConnectAsync(_host, _port, ct).ConfigureAwait(false); }
            catch { s.Dispose(); throw; }
            _socket = s;
            _start = _end = 0;
        }
        var socket = _socket;
        await socket.SendAsync(_request, SocketFlags.None, ct).ConfigureAwait(false);

        // Response head.
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(_buffer.AsSpan(_start, _end - _start))) < 0)
            await FillAsync(socket, ct).ConfigureAwait(false);
        var head = _buffer.AsSpan(_start, headEnd);
        var status = ParseHead(head, out var contentLength, out var chunked, out var close);
        _start += headEnd + 4;

        // Body.
        if (chunked) await SkipChunkedAsync(socket, ct).ConfigureAwait(false);
        else if (contentLength >= 0) await SkipAsync(socket, contentLength, ct).ConfigureAwait(false);
        else { close = true; while (await TryFillAsync(socket, ct).ConfigureAwait(false)) _start = _end; }
        if (close) Close();
        return status;
    }

    private int ParseHead(ReadOnlySpan<byte> head, out long contentLength, out bool chunked, out bool close)
    {
        contentLength = -1; chunked = false; close = false;
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8)) throw new IOException("malformed HTTP status line");
        var status = (statusLine[9] - '0') * 100 + (statusLine[10] - '0') * 10 + (statusLine[11] - '0');
        if (statusLine[7] == '0') close = true; // HTTP/1.0 closes unless keep-alive is announced
        var found = false;
        var rest = lineEnd < 0 ? ReadOnlySpan<byte>.Empty : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var e = rest.IndexOf("\r\n"u8);
            var line = e < 0 ? rest : rest[..e];
            rest = e < 0 ? ReadOnlySpan<byte>.Empty : rest[(e + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                long n = 0;
                foreach (var b in value) n = n * 10 + (b - '0');
                contentLength = n;
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8)) chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "connection"u8))
                close = Ascii.EqualsIgnoreCase(value, "close"u8) || (close && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8));
            else if (name.Length == _instanceHeader.Length - 1 && Ascii.EqualsIgnoreCase(name, _instanceHeader.AsSpan(0, name.Length)))
            {
                found = true;
                TargetChanged = !value.SequenceEqual(_lastTarget);
                if (TargetChanged) _lastTarget = value.ToArray();
            }
        }
        if (!found) { TargetChanged = _lastTarget.Length != 0; _lastTarget = []; }
        return status;
    }

    private static int IndexOfHeadEnd(ReadOnlySpan<byte> span) => span.IndexOf("\r\n\r\n"u8);

    private async ValueTask SkipAsync(Socket socket, long length, CancellationToken ct)
    {
        while (true)
        {
            var available = _end - _start;
            if (available >= length) { _start += (int)length; return; }
            length -= available;
            _start = _end;
            await FillAsync(socket, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask SkipChunkedAsync(Socket socket, CancellationToken ct)
    {
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await FillAsync(socket, ct).ConfigureAwait(false);
            long size = 0;
            foreach (var b in _buffer.AsSpan(_start, lineEnd))
            {
                var d = b is >= (byte)'0' and <= (byte)'9' ? b - '0' : b is >= (byte)'a' and <= (byte)'f' ? b - 'a' + 10 : b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10 : -1;
                if (d < 0) break;
                size = size * 16 + d;
            }
            _start += lineEnd + 2;
            await SkipAsync(socket, size + 2, ct).ConfigureAwait(false); // data + CRLF (trailers are not expected)
            if (size == 0) return;
        }
    }

    private async ValueTask FillAsync(Socket socket, CancellationToken ct)
    {
        if (!await TryFillAsync(socket, ct).ConfigureAwait(false)) throw new EndOfStreamException("the server closed the connection");
    }

    private async ValueTask<bool> TryFillAsync(Socket socket, CancellationToken ct)
    {
        if (_start == _end) _start = _end = 0;
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            if (_end == _buffer.Length) throw new IOException("response head larger than 16 KiB");
        }
        var n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
        if (n == 0) return false;
        _end += n;
        return true;
    }

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();
}
