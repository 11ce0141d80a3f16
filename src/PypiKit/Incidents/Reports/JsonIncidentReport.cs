using PypiKit.Json;

namespace PypiKit.Incidents.Reports;

/// <summary>The report as PypiKit JSON (snake_case), for tools and notebooks.</summary>
public static class JsonIncidentReport
{
    public static string Render(IncidentReport report) => PypiKitJson.Serialize(report);
}
