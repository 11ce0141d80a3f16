using System.Net;
using System.Net.Sockets;

namespace PypiKit.Cli.Tests;

/// <summary>Starts an <see cref="HttpListener"/> on a free 127.0.0.1 port (retrying if the port is taken meanwhile).</summary>
public static class LoopbackListener
{
    /// <returns>The listener's base URL, <c>http://127.0.0.1:PORT/</c>.</returns>
    public static string Start(HttpListener listener)
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Clear();
            listener.Prefixes.Add(url);
            try { listener.Start(); return url; }
            catch (HttpListenerException) when (attempt < 10) { }
        }
    }
}
