using System.Globalization;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>Where a series changed level: the time of the change and the mean before and after it.</summary>
public sealed record ChangePoint(DateTimeOffset At, double Before, double After, int PointsBefore, int PointsAfter)
{
    /// <summary>"12.0 before 16:41:00 → 2,300.0 after" in the series' unit.</summary>
    public string Describe(string unit, int decimals = 1) =>
        $"{RuleMath.F(Before, unit, decimals)} before {At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} → {RuleMath.F(After, unit, decimals)} after";
}

/// <summary>
/// Change points for evidence over time: a single split of a series into the two segments whose means differ most
/// relative to their spread (least squares, one split), and the first time a series reaches a level (credits at zero).
/// </summary>
public static class ChangePoints
{
    /// <summary>
    /// The split minimising the within-segment squared error (each segment at least <paramref name="minSegment"/> points);
    /// null when the series is shorter than two segments or flat.
    /// </summary>
    public static ChangePoint? Level(TimeSeries? series, int minSegment = 3)
    {
        if (series is null || series.Points.Count < 2 * minSegment) return null;
        var v = series.Points.Select(p => p.Value).ToArray();
        int n = v.Length;
        var prefix = new double[n + 1];
        var prefixSq = new double[n + 1];
        for (int i = 0; i < n; i++) { prefix[i + 1] = prefix[i] + v[i]; prefixSq[i + 1] = prefixSq[i] + v[i] * v[i]; }
        double Sse(int from, int to) { int k = to - from; double s = prefix[to] - prefix[from]; return prefixSq[to] - prefixSq[from] - s * s / k; }
        double total = Sse(0, n);
        if (total <= 0) return null;
        int best = -1; double bestSse = double.MaxValue;
        for (int k = minSegment; k <= n - minSegment; k++)
        {
            double e = Sse(0, k) + Sse(k, n);
            if (e < bestSse) { bestSse = e; best = k; }
        }
        return new ChangePoint(series.Points[best].Time, prefix[best] / best, (prefix[n] - prefix[best]) / (n - best), best, n - best);
    }

    /// <summary>The first point at or below <paramref name="level"/> (e.g. a credit balance reaching zero), or null.</summary>
    public static TimePoint? FirstAtOrBelow(TimeSeries? series, double level) =>
        series?.Points.Cast<TimePoint?>().FirstOrDefault(p => p!.Value.Value <= level);
}
