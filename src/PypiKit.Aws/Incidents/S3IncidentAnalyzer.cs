using PypiKit.Incidents.Parsers;
using PypiKit.Telemetry.Aws;

namespace PypiKit.Incidents;

/// <summary>
/// <see cref="IncidentAnalyzer"/> with ALB logs read from their bucket: a local directory (or none) plus the logs under
/// an <c>s3://</c> URI, read through <see cref="AlbLogSource"/>.
/// </summary>
public static class S3IncidentAnalyzer
{
    public static async Task<IncidentAnalysis> AnalyzeAsync(string? directory, AlbLogSource albSource, string albS3Uri,
        ParseOptions? options = null, DiagnosisEngine? engine = null, IProgress<string>? progress = null,
        AlbAggregationOptions? albOptions = null, CancellationToken ct = default)
    {
        var streams = await AlbS3Logs.DownloadAsync(albSource, albS3Uri, progress, ct).ConfigureAwait(false);
        try
        {
            if (streams.Count == 0) throw new InvalidInputException(albS3Uri, $"no *.log or *.log.gz objects under {albS3Uri}");
            var data = IncidentLoader.Load(directory, options, progress, streams, directory is null ? albS3Uri.TrimEnd('/') : null, albOptions, ct);
            return IncidentAnalyzer.Analyze(data, engine);
        }
        finally { foreach (var (_, s) in streams) s.Dispose(); }
    }
}
