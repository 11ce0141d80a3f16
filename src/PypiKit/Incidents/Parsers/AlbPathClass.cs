using System.Runtime.CompilerServices;

namespace PypiKit.Incidents.Parsers;

/// <summary>What a request to a PyPI server asks for, by the path of its URL (the GoAccess "requested files" view, per class).</summary>
public enum AlbPathClass
{
    /// <summary><c>/simple/</c>: the project list (PEP 503 root).</summary>
    SimpleIndex,
    /// <summary><c>/simple/&lt;project&gt;/</c>: one project's file list — the first request of every pip resolution step.</summary>
    SimpleProject,
    /// <summary><c>/packages/…</c>: a wheel or sdist download.</summary>
    Packages,
    /// <summary>An upload: a POST (twine's legacy upload API).</summary>
    Upload,
    /// <summary>Anything else (health checks, <c>/</c>, favicon…).</summary>
    Other,
}

/// <summary>Classifies the request field of an ALB line ("GET https://host:443/simple/numpy/ HTTP/1.1") without allocating.</summary>
public static class AlbPathClasses
{
    /// <summary>The label a report prints for a class.</summary>
    public static string Label(AlbPathClass c) => c switch
    {
        AlbPathClass.SimpleIndex => "/simple/",
        AlbPathClass.SimpleProject => "/simple/<project>/",
        AlbPathClass.Packages => "/packages/…",
        AlbPathClass.Upload => "upload (POST)",
        _ => "other",
    };

    /// <summary>
    /// The class of an unquoted request field: method, URL (absolute as ALB writes it, or a bare path), protocol. The
    /// path ends at the first space, '?' or '#'; each piece is found with one search over the few bytes it spans.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AlbPathClass Classify(ReadOnlySpan<byte> request)
    {
        int sp = request.IndexOf((byte)' ');
        if (sp <= 0) return AlbPathClass.Other;
        if (sp == 4 && request[..4].SequenceEqual("POST"u8)) return AlbPathClass.Upload;
        var url = request[(sp + 1)..];
        if (url.StartsWith("https://"u8) || url.StartsWith("http://"u8))
        {
            // ALB's absolute form: the path starts at the first '/' after the host; a space first means no path. The
            // URL is not cut at its end: the checks below stop at a space as they do at the end.
            var rest = url[(url[4] == (byte)'s' ? 8 : 7)..];
            int slash = rest.IndexOfAny((byte)'/', (byte)' ');
            if (slash < 0 || rest[slash] == (byte)' ') return AlbPathClass.Other;
            url = rest[slash..];
        }
        else if (url.IsEmpty || url[0] != (byte)'/')
        {
            // another absolute form: the path starts at the first '/' after "://" (or is "/" when the URL ends first)
            int end = url.IndexOf((byte)' ');
            if (end >= 0) url = url[..end];
            int scheme = url.IndexOf("://"u8);
            if (scheme >= 0)
            {
                var rest = url[(scheme + 3)..];
                int slash = rest.IndexOf((byte)'/');
                if (slash < 0) return AlbPathClass.Other;
                url = rest[slash..];
            }
        }
        if (url.StartsWith("/simple"u8))
        {
            if (IsPathEnd(url, 7)) return AlbPathClass.SimpleIndex;
            if (url[7] != (byte)'/') return AlbPathClass.Other;
            return IsPathEnd(url, 8) ? AlbPathClass.SimpleIndex : AlbPathClass.SimpleProject;
        }
        return url.StartsWith("/packages/"u8) ? AlbPathClass.Packages : AlbPathClass.Other;
    }

    /// <summary>Whether the path ends at <paramref name="at"/>: the end of the URL, its query or fragment, or the space before the protocol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsPathEnd(ReadOnlySpan<byte> url, int at) =>
        at >= url.Length || url[at] is (byte)' ' or (byte)'?' or (byte)'#';
}
