using PypiKit.Telemetry.Aws;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// ALB access logs straight from their bucket: lists <c>s3://bucket/prefix</c> with the Telemetry area's
/// <see cref="AlbLogSource"/>, keeps *.log / *.log.gz, orders them by the key's end time (S3 layout
/// <c>AWSLogs/&lt;acct&gt;/elasticloadbalancing/&lt;region&gt;/yyyy/mm/dd/</c>, see <see cref="AlbLogKey"/>) and reads them.
/// </summary>
public static class AlbS3Logs
{
    /// <summary>Downloads (and un-gzips) every log object under the URI, named "s3://bucket/key", in time order.</summary>
    public static async Task<IReadOnlyList<(string Name, Stream Content)>> DownloadAsync(AlbLogSource source, string s3Uri,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var objects = (await source.ListAsync(s3Uri, ct: ct).ConfigureAwait(false))
            .Where(o => o.Key.EndsWith(".log.gz", StringComparison.Ordinal) || o.Key.EndsWith(".log", StringComparison.Ordinal))
            .OrderBy(o => AlbLogKey.TryParse(o.Key, out var k) ? k.EndTime : DateTimeOffset.MinValue)
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .ToArray();
        var result = new List<(string, Stream)>(objects.Length);
        foreach (var o in objects)
        {
            progress?.Report($"s3://{o.Bucket}/{o.Key}");
            result.Add(($"s3://{o.Bucket}/{o.Key}", await source.OpenAsync(o, ct).ConfigureAwait(false)));
        }
        return result;
    }

    /// <summary>Lists, downloads and aggregates the logs under the URI: one <see cref="ParseDiagnostics"/> per object.</summary>
    public static async Task<(AlbTrafficSummary Summary, IReadOnlyList<ParseDiagnostics> Diagnostics)> AggregateAsync(AlbLogSource source,
        string s3Uri, ParseOptions? options = null, AlbAggregationOptions? aggregation = null, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var agg = new AlbTrafficAggregator(aggregation);
        var diags = new List<ParseDiagnostics>();
        foreach (var (name, content) in await DownloadAsync(source, s3Uri, progress, ct).ConfigureAwait(false))
        {
            using (content)
            {
                var d = new ParseDiagnostics(name, AlbLogParser.Format, options);
                agg.AddStream(content, d, ct);
                diags.Add(d);
            }
        }
        return (agg.ToSummary(), diags);
    }
}
