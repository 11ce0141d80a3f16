using PypiKit.Incidents.Parsers;
using PypiKit.Series;

namespace PypiKit.Incidents.Reports;

/// <summary>Min / max / mean of one timeline series.</summary>
public sealed record SeriesStat(string Name, string Unit, int Points, double Min, double Max, double Mean, DateTimeOffset? MaxAt);

/// <summary>
/// The result of analysing an incident: ranked verdicts with evidence, the traffic summary, key figures per series and
/// what every parser read or rejected. Exporters: <see cref="MarkdownIncidentReport"/>, <see cref="HtmlIncidentReport"/>,
/// <see cref="JsonIncidentReport"/>.
/// </summary>
public sealed record IncidentReport
{
    public required string Name { get; init; }
    public DateTimeOffset GeneratedAt { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public required IReadOnlyList<Verdict> Verdicts { get; init; }
    public HostFacts Host { get; init; } = new();
    public AlbTrafficSummary? Traffic { get; init; }
    public IReadOnlyList<SeriesStat> Series { get; init; } = Array.Empty<SeriesStat>();
    public IReadOnlyList<ParseSummary> Sources { get; init; } = Array.Empty<ParseSummary>();
    public IReadOnlyList<string> SkippedFiles { get; init; } = Array.Empty<string>();
    public FreeSnapshot? WorstFreeSnapshot { get; init; }

    public Verdict? Top => Verdicts.FirstOrDefault(v => v.Status != VerdictStatus.NoData);

    /// <summary>The series shown first in reports, in this order, when present.</summary>
    public static readonly string[] KeySeries =
    [
        "vmstat.si", "vmstat.so", "vmstat.wa", "vmstat.us", "vmstat.sy", "vmstat.id", "vmstat.st", "free.available", "free.swap_used",
        "cloudwatch.PercentIOLimit", "cloudwatch.BurstCreditBalance", "cloudwatch.CPUUtilization", "cloudwatch.CPUCreditBalance",
        "alb.requests", "alb.latency_p95", "alb.5xx",
    ];

    public static IncidentReport Create(IncidentData data, DiagnosisResult diagnosis, DateTimeOffset? now = null)
    {
        var window = data.Alb?.First is not null ? (data.Alb.First!.Value, data.Alb.Last!.Value) : data.Timeline.Window;
        return new IncidentReport
        {
            Name = data.Name,
            GeneratedAt = now ?? DateTimeOffset.UtcNow,
            From = window?.Item1,
            To = window?.Item2,
            Verdicts = diagnosis.Verdicts,
            Host = data.Host,
            Traffic = data.Alb,
            Series = data.Timeline.Series.Where(s => !s.IsEmpty).Select(Stat).ToArray(),
            Sources = data.Diagnostics.Select(d => d.Summary()).ToArray(),
            SkippedFiles = data.SkippedFiles,
            WorstFreeSnapshot = data.Samples.Free.Count == 0 ? null : data.Samples.Free.OrderBy(f => double.IsNaN(f.Available) ? f.Free : f.Available).First(),
        };
    }

    private static SeriesStat Stat(TimeSeries s)
    {
        var max = s.Points.MaxBy(p => p.Value);
        return new SeriesStat(s.Name, s.Unit, s.Points.Count, s.Min, s.Max, s.Points.Average(p => p.Value), max.Time);
    }

    /// <summary>Key series first (in <see cref="KeySeries"/> order), then the rest by name.</summary>
    public IEnumerable<SeriesStat> KeyFigures() => KeySeries.Select(k => Series.FirstOrDefault(s => s.Name == k)).Where(s => s is not null).Select(s => s!);
}
