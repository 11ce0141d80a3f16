using PypiKit.Incidents.Reports;

namespace PypiKit.Incidents;

/// <summary>One analysis: what was loaded, the ranked verdicts, and the report built from them.</summary>
public sealed record IncidentAnalysis(IncidentData Data, DiagnosisResult Diagnosis, IncidentReport Report);

/// <summary>
/// The one-call entry point: load an incident directory (<see cref="IncidentLoader"/>), run the diagnosis rules
/// (<see cref="DiagnosisEngine"/>), build the <see cref="IncidentReport"/>.
/// <code>var a = IncidentAnalyzer.Analyze("data/incidents/2025-12-27");
/// Console.WriteLine(a.Diagnosis.Top?.Title);   // host memory pressure (swap)</code>
/// </summary>
public static class IncidentAnalyzer
{
    public static IncidentAnalysis Analyze(string directory, ParseOptions? options = null, DiagnosisEngine? engine = null,
        IProgress<string>? progress = null, CancellationToken ct = default, Parsers.AlbAggregationOptions? albOptions = null)
    {
        var data = IncidentLoader.Load(directory, options, progress, ct, albOptions: albOptions);
        return Analyze(data, engine);
    }

    /// <summary>
    /// Analyses a local directory (or none) plus ALB logs under <paramref name="albS3Uri"/> read through the Telemetry
    /// area's <see cref="PypiKit.Telemetry.Aws.AlbLogSource"/>.
    /// </summary>
    public static async Task<IncidentAnalysis> AnalyzeAsync(string? directory, PypiKit.Telemetry.Aws.AlbLogSource albSource, string albS3Uri,
        ParseOptions? options = null, DiagnosisEngine? engine = null, IProgress<string>? progress = null, CancellationToken ct = default,
        Parsers.AlbAggregationOptions? albOptions = null)
    {
        var streams = await Parsers.AlbS3Logs.DownloadAsync(albSource, albS3Uri, progress, ct).ConfigureAwait(false);
        try
        {
            if (streams.Count == 0) throw new InvalidInputException(albS3Uri, $"no *.log or *.log.gz objects under {albS3Uri}");
            var data = IncidentLoader.Load(directory, options, progress, ct, streams, directory is null ? albS3Uri.TrimEnd('/') : null, albOptions);
            return Analyze(data, engine);
        }
        finally { foreach (var (_, s) in streams) s.Dispose(); }
    }

    public static IncidentAnalysis Analyze(IncidentData data, DiagnosisEngine? engine = null)
    {
        var diagnosis = (engine ?? new DiagnosisEngine()).Diagnose(data);
        return new IncidentAnalysis(data, diagnosis, IncidentReport.Create(data, diagnosis));
    }
}
