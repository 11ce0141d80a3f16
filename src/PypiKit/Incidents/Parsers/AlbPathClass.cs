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

    /// <summary>The class of an unquoted request field: method, URL (absolute as ALB writes it, or a bare path), protocol.</summary>
    public static AlbPathClass Classify(ReadOnlySpan<byte> request)
    {
        int sp = request.IndexOf((byte)' ');
        if (sp <= 0) return AlbPathClass.Other;
        if (request[..sp].SequenceEqual("POST"u8)) return AlbPathClass.Upload;
        var url = request[(sp + 1)..];
        int end = url.IndexOf((byte)' ');
        if (end >= 0) url = url[..end];
        int scheme = url.IndexOf("://"u8);
        if (scheme >= 0)
        {
            var rest = url[(scheme + 3)..];
            int slash = rest.IndexOf((byte)'/');
            url = slash < 0 ? "/"u8 : rest[slash..];
        }
        int query = url.IndexOfAny((byte)'?', (byte)'#');
        if (query >= 0) url = url[..query];
        if (url.StartsWith("/simple"u8))
        {
            var r = url[7..];
            if (r.IsEmpty || (r.Length == 1 && r[0] == (byte)'/')) return AlbPathClass.SimpleIndex;
            return r[0] == (byte)'/' ? AlbPathClass.SimpleProject : AlbPathClass.Other;
        }
        return url.StartsWith("/packages/"u8) ? AlbPathClass.Packages : AlbPathClass.Other;
    }
}
