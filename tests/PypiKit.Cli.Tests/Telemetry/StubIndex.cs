using System.Net;
using System.Text;

namespace PypiKit.Cli.Tests.Telemetry;

/// <summary>A loopback HTTP server answering every request with an empty page (enough for a short burst).</summary>
internal sealed class StubIndex : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public StubIndex()
    {
        Url = LoopbackListener.Start(_listener);
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; private set; } = "";

    private async Task LoopAsync()
    {
        var body = Encoding.UTF8.GetBytes("<html><body></body></html>");
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                try
                {
                    ctx.Response.StatusCode = 200;
                    ctx.Response.ContentType = "text/html";
                    ctx.Response.ContentLength64 = body.Length;
                    await ctx.Response.OutputStream.WriteAsync(body);
                    ctx.Response.Close();
                }
                catch (Exception) { }
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
