using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;

namespace PypiKit.Telemetry.Aws;

/// <summary>One object under an S3 prefix.</summary>
public sealed record S3LogObject(string Bucket, string Key, long Size, DateTimeOffset? LastModified);

/// <summary>
/// Lists and reads ALB access logs (or any gzipped/plain logs) under <c>s3://bucket/prefix</c> with AWSSDK.S3, using the
/// session's region, credentials and endpoint (path-style addressing when an endpoint override such as moto is used).
/// </summary>
public sealed class AlbLogSource : IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly AwsSession? _ownedSession;

    /// <summary>
    /// A reader with its own session (default chain, region, endpoint overrides), e.g. for the incidents area:
    /// <code>using var logs = AlbLogSource.Create(new AwsOptions { Region = "us-west-2" });
    /// await foreach (var (obj, stream) in logs.ReadAllAsync("s3://bucket/AWSLogs/…/2026/11/21/")) { … }</code>
    /// </summary>
    public static AlbLogSource Create(AwsOptions? options = null)
    {
        var session = AwsSession.Create(options);
        try { return new AlbLogSource(session, ownsSession: true); }
        catch { session.Dispose(); throw; }
    }

    public AlbLogSource(AwsSession session) : this(session, ownsSession: false) { }

    private AlbLogSource(AwsSession session, bool ownsSession)
    {
        _ownedSession = ownsSession ? session : null;
        var config = new AmazonS3Config();
        if (SdkClientConfig.Apply(config, session, AwsService.S3)) config.ForcePathStyle = true;
        _s3 = new AmazonS3Client(session.Credentials, config);
    }

    /// <summary><c>s3://bucket/some/prefix</c> → (bucket, prefix).</summary>
    public static (string Bucket, string Prefix) ParseS3Uri(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || uri.Length <= 5)
            throw new InvalidInputException("s3_uri", $"'{uri}' is not an S3 URI such as s3://my-bucket/AWSLogs/123456789012/elasticloadbalancing/.");
        var rest = uri[5..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>Every object under the URI's prefix (all pages), optionally only those modified within [from, to).</summary>
    public async Task<IReadOnlyList<S3LogObject>> ListAsync(string s3Uri, DateTimeOffset? from = null, DateTimeOffset? to = null,
        int? pageSize = null, CancellationToken ct = default)
    {
        var (bucket, prefix) = ParseS3Uri(s3Uri);
        var list = new List<S3LogObject>();
        string? token = null;
        do
        {
            var r = await WrapAsync("ListObjectsV2", () => _s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket, Prefix = prefix, ContinuationToken = token, MaxKeys = pageSize,
            }, ct)).ConfigureAwait(false);
            foreach (var o in r.S3Objects ?? [])
            {
                DateTimeOffset? modified = o.LastModified is { } lm ? new DateTimeOffset(lm.ToUniversalTime(), TimeSpan.Zero) : null;
                if (from is not null && modified < from) continue;
                if (to is not null && modified >= to) continue;
                list.Add(new S3LogObject(bucket, o.Key, o.Size ?? 0, modified));
            }
            token = r.IsTruncated == true ? r.NextContinuationToken : null;
        } while (!string.IsNullOrEmpty(token));
        return list;
    }

    /// <summary>
    /// Opens one object as a readable stream of its decompressed content (gzip detected by magic bytes, so plain
    /// text works too). The stream is buffered in memory; dispose it when done.
    /// </summary>
    public async Task<Stream> OpenAsync(S3LogObject obj, CancellationToken ct = default)
    {
        using var response = await WrapAsync("GetObject", () => _s3.GetObjectAsync(obj.Bucket, obj.Key, ct)).ConfigureAwait(false);
        var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, ct).ConfigureAwait(false);
        buffer.Position = 0;
        if (buffer.Length >= 2 && buffer.GetBuffer()[0] == 0x1f && buffer.GetBuffer()[1] == 0x8b)
        {
            var plain = new MemoryStream();
            await using (var gz = new GZipStream(buffer, CompressionMode.Decompress))
                await gz.CopyToAsync(plain, ct).ConfigureAwait(false);
            plain.Position = 0;
            return plain;
        }
        return buffer;
    }

    /// <summary>Every object under the URI, each opened as a decompressed stream (one at a time, in key order).</summary>
    public async IAsyncEnumerable<(S3LogObject Object, Stream Content)> ReadAllAsync(string s3Uri, DateTimeOffset? from = null,
        DateTimeOffset? to = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var obj in (await ListAsync(s3Uri, from, to, ct: ct).ConfigureAwait(false)).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var stream = await OpenAsync(obj, ct).ConfigureAwait(false);
            yield return (obj, stream);
        }
    }

    public void Dispose()
    {
        _s3.Dispose();
        _ownedSession?.Dispose();
    }

    private static async Task<T> WrapAsync<T>(string operation, Func<Task<T>> call)
    {
        try { return await call().ConfigureAwait(false); }
        catch (AmazonS3Exception ex)
        {
            throw new AwsServiceException("S3", operation, (int)ex.StatusCode, ex.ErrorCode ?? $"Http{(int)ex.StatusCode}", ex.Message, ex.RequestId);
        }
    }
}
