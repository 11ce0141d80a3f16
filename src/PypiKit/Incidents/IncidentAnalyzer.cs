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
        IProgress<string>? progress = null, Parsers.AlbAggregationOptions? albOptions = null, CancellationToken ct = default)
    {
        var data = IncidentLoader.Load(directory, options, progress, albOptions: albOptions, ct: ct);
        return Analyze(data, engine);
    }

    public static IncidentAnalysis Analyze(IncidentData data, DiagnosisEngine? engine = null)
    {
        var diagnosis = (engine ?? new DiagnosisEngine()).Diagnose(data);
        return new IncidentAnalysis(data, diagnosis, IncidentReport.Create(data, diagnosis));
    }
}
