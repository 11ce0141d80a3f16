using System.Net.Sockets;
using System.Text;

namespace PypiKit.Sandbox.Tests.Balancer;

/// <summary>A reply read off a raw socket: status code, header block and whatever body arrived before the close or the length.</summary>
public sealed record RawReply(int Status, string Head, string Body);

/// <summary>
/// Speaks HTTP/1.1 over a bare socket, for requests HttpClient will not send (a claimed 10 GB body, a body cut short,
/// a forged Host). Reads one reply; gives up after the timeout (never waits forever).
/// </summary>
public static class RawHttp
{
    public static async Task<RawReply> SendAsync(Uri baseUrl, byte[] request, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(baseUrl.Host, baseUrl.Port, cts.Token);
        await socket.SendAsync(request, SocketFlags.None, cts.Token);
        var buf = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            int n;
            try { n = await socket.ReceiveAsync(chunk, SocketFlags.None, cts.Token); }
            catch (SocketException) { break; } // reset after the reply: keep what arrived
            if (n == 0) break;
            buf.Write(chunk, 0, n);
            if (Complete(buf.ToArray())) break;
        }
        var text = Encoding.Latin1.GetString(buf.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException($"no complete reply head: '{text}'");
        var head = text[..end];
        var status = int.Parse(head.Split(' ', 3)[1]);
        return new RawReply(status, head, text[(end + 4)..]);
    }

    /// <summary>True once the head and a Content-Length body are in.</summary>
    private static bool Complete(byte[] data)
    {
        var text = Encoding.Latin1.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        foreach (var line in text[..end].Split("\r\n"))
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                return data.Length - (end + 4) >= long.Parse(line["Content-Length:".Length..].Trim());
        return false;
    }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
