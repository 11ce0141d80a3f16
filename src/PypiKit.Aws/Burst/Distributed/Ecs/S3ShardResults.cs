using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Burst.Distributed.Ecs;

/// <summary>
/// Where shard results travel between an ECS task and the coordinator: <c>s3://bucket/prefix/&lt;run&gt;/&lt;shard&gt;/</c>.
/// A shard uploads its report files with <see cref="UploadAsync"/> (only <c>s3:PutObject</c>, all its task role may do),
/// each object carrying the shard's clock offset against the S3 endpoint's Date header as metadata; the coordinator
/// downloads them with <see cref="DownloadAsync"/> and measures its own offset against the same endpoint.
/// </summary>
public sealed class S3ShardResults : IDisposable
{
    private const string OffsetKey = "pypikit-clock-offset-ms";
    private const string UncertaintyKey = "pypikit-clock-uncertainty-ms";
    private readonly IAmazonS3 _s3;
    private readonly HttpClient _clockHttp = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri _endpoint;

    public S3ShardResults(AwsSession session)
    {
        var config = new AmazonS3Config();
        if (SdkClientConfig.Apply(config, session, AwsService.S3)) config.ForcePathStyle = true;
        _s3 = new AmazonS3Client(session.Credentials, config);
        _endpoint = session.EndpointFor(AwsService.S3);
    }

    /// <summary>The results location of shard <paramref name="index"/> of run <paramref name="runId"/>.</summary>
    public static string ShardUri(string bucket, string prefix, string runId, int index)
    {
        var p = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/";
        return string.Create(CultureInfo.InvariantCulture, $"s3://{bucket}/{p}{runId}/{index}/");
    }

    /// <summary>This machine's clock against the S3 endpoint's (no credentials needed).</summary>
    public Task<ClockOffset> MeasureClockAsync(CancellationToken ct = default) => HttpDateClock.MeasureAsync(_clockHttp, _endpoint, ct);

    /// <summary>Uploads <paramref name="files"/> under <paramref name="s3Uri"/> (a folder), each tagged with <paramref name="clock"/>.</summary>
    public async Task<IReadOnlyList<string>> UploadAsync(IEnumerable<string> files, string s3Uri, ClockOffset? clock, CancellationToken ct = default)
    {
        var (bucket, prefix) = Folder(s3Uri);
        var keys = new List<string>();
        foreach (var file in files)
        {
            var request = new PutObjectRequest { BucketName = bucket, Key = prefix + Path.GetFileName(file), FilePath = file };
            if (clock is not null)
            {
                request.Metadata.Add(OffsetKey, clock.OffsetMs.ToString("R", CultureInfo.InvariantCulture));
                request.Metadata.Add(UncertaintyKey, clock.UncertaintyMs.ToString("R", CultureInfo.InvariantCulture));
            }
            await SdkClientConfig.CallAsync(AwsService.S3, "PutObject", () => _s3.PutObjectAsync(request, ct), ct).ConfigureAwait(false);
            keys.Add(request.Key);
        }
        return keys;
    }

    /// <summary>Downloads every object under <paramref name="s3Uri"/> into <paramref name="directory"/>; returns the files and the shard's clock.</summary>
    public async Task<(IReadOnlyList<string> Files, ClockOffset? Clock)> DownloadAsync(string s3Uri, string directory, CancellationToken ct = default)
    {
        var (bucket, prefix) = Folder(s3Uri);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        ClockOffset? clock = null;
        string? token = null;
        do
        {
            var page = await SdkClientConfig.CallAsync(AwsService.S3, "ListObjectsV2", () => _s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket, Prefix = prefix, ContinuationToken = token,
            }, ct), ct).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                var name = o.Key[prefix.Length..];
                if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) continue; // only this shard's own files
                using var response = await SdkClientConfig.CallAsync(AwsService.S3, "GetObject", () => _s3.GetObjectAsync(bucket, o.Key, ct), ct).ConfigureAwait(false);
                var path = Path.Combine(directory, name);
                var file = File.Create(path);
                await using (file.ConfigureAwait(false)) await response.ResponseStream.CopyToAsync(file, ct).ConfigureAwait(false);
                files.Add(path);
                clock ??= ReadClock(response.Metadata);
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (!string.IsNullOrEmpty(token));
        return (files, clock);
    }

    private static ClockOffset? ReadClock(MetadataCollection metadata)
    {
        var ci = CultureInfo.InvariantCulture;
        return double.TryParse(metadata["x-amz-meta-" + OffsetKey], NumberStyles.Float, ci, out var offset) &&
               double.TryParse(metadata["x-amz-meta-" + UncertaintyKey], NumberStyles.Float, ci, out var uncertainty)
            ? new ClockOffset(offset, uncertainty)
            : null;
    }

    /// <summary><c>s3://bucket/folder</c> → (bucket, "folder/"); anything else is an input error naming <c>--results</c>.</summary>
    public static (string Bucket, string Prefix) Folder(string s3Uri)
    {
        if (!s3Uri.StartsWith("s3://", StringComparison.Ordinal) || s3Uri.Length <= 5 || s3Uri[5] == '/')
            throw new InvalidInputException("--results", $"--results '{s3Uri}': expected s3://bucket/prefix/");
        var (bucket, prefix) = AlbLogSource.ParseS3Uri(s3Uri);
        return (bucket, prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/");
    }

    public void Dispose()
    {
        _s3.Dispose();
        _clockHttp.Dispose();
    }
}
