namespace PypiKit.Burst;

/// <summary>
/// One kind of measured request. The names (snake_case in reports) are the reference harness's operation names, plus
/// <see cref="Get"/> for a fixed path (benchmarks, synthetic servers).
/// </summary>
public enum BurstOperation : byte
{
    /// <summary><c>GET /&lt;p&gt;/</c> and the followed redirect to <c>/simple/&lt;p&gt;/</c>, timed together (as the reference does).</summary>
    GetPackageRedirect,
    /// <summary><c>GET /simple/&lt;p&gt;/</c>.</summary>
    GetPackage,
    /// <summary>Download of the newest wheel named in the listing.</summary>
    DownloadWheel,
    /// <summary><c>GET /simple/</c>.</summary>
    ListPackages,
    /// <summary>Legacy-API upload (<c>POST /</c>, <c>:action=file_upload</c>) of a fresh wheel.</summary>
    UploadPackage,
    /// <summary><c>GET</c> of a fixed path.</summary>
    Get,
}

/// <summary>Why a request failed; <see cref="None"/> for a success (status below 400).</summary>
public enum ErrorClass : byte
{
    None,
    /// <summary>The TCP connection could not be made (refused, unreachable, DNS).</summary>
    Connect,
    /// <summary>No complete response within the per-request timeout.</summary>
    Timeout,
    /// <summary>The connection was reset or closed before the response ended.</summary>
    Reset,
    /// <summary>HTTP 400–499.</summary>
    Http4xx,
    /// <summary>HTTP 500–599.</summary>
    Http5xx,
    /// <summary>Anything else (malformed response, a listing without wheels, …).</summary>
    Other,
}

public static class BurstOperationNames
{
    private static readonly string[] Names =
        ["get_package_redirect", "get_package", "download_wheel", "list_packages", "upload_package", "get"];

    private static readonly string[] ErrorNames = ["none", "connect", "timeout", "reset", "4xx", "5xx", "other"];

    public static string Name(this BurstOperation op) => Names[(int)op];
    public static string Name(this ErrorClass e) => ErrorNames[(int)e];

    /// <summary>Parses an operation name or a short alias (list, listing, download, upload, redirect, index, get).</summary>
    public static bool TryParse(string text, out BurstOperation op)
    {
        var t = text.Trim().ToLowerInvariant().Replace('-', '_');
        op = t switch
        {
            "list" or "listing" or "list_packages" => BurstOperation.ListPackages,
            "download" or "download_wheel" => BurstOperation.DownloadWheel,
            "upload" or "upload_package" => BurstOperation.UploadPackage,
            "redirect" or "get_package_redirect" => BurstOperation.GetPackageRedirect,
            "index" or "get_package" => BurstOperation.GetPackage,
            "get" => BurstOperation.Get,
            _ => (BurstOperation)255,
        };
        return (int)op != 255;
    }
}
