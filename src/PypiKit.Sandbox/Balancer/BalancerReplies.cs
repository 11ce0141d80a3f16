using Microsoft.AspNetCore.Http;
using PypiKit.Sandbox.Server;
using Yarp.ReverseProxy.Forwarder;

namespace PypiKit.Sandbox.Balancer;

/// <summary>Replies the balancer makes itself (as an ALB does): a status, a one-line text body, <c>X-PypiKit-Instance: balancer</c>.</summary>
internal static class BalancerReplies
{
    /// <summary>True when the decoded path holds a control character (CR, LF, NUL, DEL…): ALB answers such requests 400.</summary>
    public static bool HasControlCharacters(string? path)
    {
        if (path is null) return false;
        foreach (var c in path)
            if (c < ' ' || c == '\u007f') return true;
        return false;
    }

    /// <summary>Errors on the client's side of the exchange (gone, cancelled, unreadable body): not counted against the target.</summary>
    public static bool IsClientSide(ForwarderError error) => error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
        or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient;

    /// <summary>The body line for a failed proxied exchange, by YARP's error kind.</summary>
    public static string Describe(ForwarderError error, int status, long? bodyLimit) => error switch
    {
        _ when status == StatusCodes.Status413PayloadTooLarge => $"Request body too large: the limit is {bodyLimit} bytes.",
        ForwarderError.RequestTimedOut => "Gateway Timeout: the target was idle longer than the idle timeout.",
        ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled when status == StatusCodes.Status408RequestTimeout =>
            "Request Timeout: the client was idle longer than the idle timeout.",
        ForwarderError.RequestBodyClient => "Bad Request: the request body could not be read.",
        ForwarderError.NoAvailableDestinations => "Service Unavailable: no registered targets.",
        _ => $"Bad Gateway: the target failed ({error}).",
    };

    public static Task WriteAsync(HttpContext ctx, int status, string text, bool close = false)
    {
        var r = ctx.Response;
        if (r.HasStarted) return Task.CompletedTask;
        r.StatusCode = status;
        r.Headers[SandboxServer.InstanceHeader] = "balancer";
        if (close) r.Headers.Connection = "close";
        r.ContentType = "text/plain; charset=utf-8";
        var body = System.Text.Encoding.UTF8.GetBytes(text + "\n");
        r.ContentLength = body.Length;
        return r.Body.WriteAsync(body, ctx.RequestAborted).AsTask();
    }
}
