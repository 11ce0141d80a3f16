using Plotly.NET;
using PypiKit.Charts;
using PypiKit.Incidents.Parsers;
using PypiKit.Series;

namespace PypiKit.Incidents.Reports;

/// <summary>The ALB traffic chart of an incident: requests per minute per path class (<see cref="AlbPathClass"/>), stacked.</summary>
public static class TrafficCharts
{
    /// <summary>The title of <see cref="RequestsPerPathClass"/>.</summary>
    public const string RequestsPerPathClassTitle = "ALB requests per minute by path class";

    /// <summary>
    /// Requests per minute of each path class as stacked areas (their sum is the ALB's requests per minute), one trace
    /// per class named by its label; null when the summary kept no per-class minutes.
    /// </summary>
    public static GenericChart? RequestsPerPathClass(AlbTrafficSummary traffic)
    {
        var series = PerClassSeries(traffic);
        if (series.Count == 0) return null;
        var b = new ChartBuilder(RequestsPerPathClassTitle)
            .XAxis(Axes.Date())
            .YAxis(Axes.Linear("requests", "per minute").ToZero())
            .Legend(ChartBuilder.LegendBelow())
            .HoverMode("x unified");
        for (int i = 0; i < series.Count; i++)
            b.Add(SeriesTraces.Line(series[i], UnitScale.Identity("req/min"), series[i].Name, ChartColors.At(i)).With("stackgroup", "classes").With("fill", "tonexty"));
        return b.Build();
    }

    /// <summary>
    /// One series per path class seen (in class order), a point for every minute with traffic — 0 where that class had
    /// none, so the stacks add up to the requests per minute.
    /// </summary>
    public static IReadOnlyList<TimeSeries> PerClassSeries(AlbTrafficSummary traffic)
    {
        var minutes = traffic.PerMinute.Select(m => m.Minute).ToArray();
        var counts = traffic.PathClassMinutes.ToDictionary(m => (m.Class, m.Minute), m => m.Requests);
        return traffic.PathClassMinutes.Select(m => m.Class).Distinct().Order()
            .Select(c => new TimeSeries(AlbPathClasses.Label(c), "Count/min",
                minutes.Select(t => new TimePoint(t, counts.GetValueOrDefault((c, t)))).ToArray()))
            .ToArray();
    }
}
