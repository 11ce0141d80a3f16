using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>How values falling into one resampling bucket are combined.</summary>
public enum Aggregation { Mean, Max, Min, Sum, Last, Count }

/// <summary>Series aligned on one time grid: <c>Values[column][row]</c>, NaN where a series had no value in that bucket.</summary>
public sealed record AlignedFrame(IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<string> Columns, IReadOnlyList<double[]> Values)
{
    public double[] Column(string name)
    {
        int i = Columns.ToList().IndexOf(name);
        return i < 0 ? throw new KeyNotFoundException($"no column '{name}'") : Values[i];
    }
}

/// <summary>Pearson correlation of two aligned columns over the rows where both have values.</summary>
public sealed record SeriesCorrelation(string A, string B, double R, int Samples);

/// <summary>
/// Every series of an incident on one clock (UTC): ALB per-minute counts and latency, vmstat/sar/iostat/free columns,
/// CloudWatch metrics. Look series up by exact name or by a suffix (<see cref="Find"/>), resample them onto a common
/// grid (<see cref="Align"/>), and join request latency with host metrics (<see cref="JoinLatency"/>).
/// </summary>
public sealed class Timeline
{
    private readonly List<TimeSeries> _series = new();

    public Timeline() { }
    public Timeline(IEnumerable<TimeSeries> series) { foreach (var s in series) Add(s); }

    public IReadOnlyList<TimeSeries> Series => _series;

    /// <summary>Adds a series (points sorted by time); a series of the same name is replaced; empty series are ignored.</summary>
    public Timeline Add(TimeSeries series)
    {
        if (series.IsEmpty) return this;
        var sorted = series.Points.Zip(series.Points.Skip(1)).All(p => p.First.Time <= p.Second.Time)
            ? series : series with { Points = series.Points.OrderBy(p => p.Time).ToArray() };
        _series.RemoveAll(s => s.Name == series.Name);
        _series.Add(sorted);
        return this;
    }

    public Timeline AddRange(IEnumerable<TimeSeries> series) { foreach (var s in series) Add(s); return this; }

    public TimeSeries? Get(string name) => _series.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// The first non-empty series among <paramref name="names"/>: exact name first, then a case-insensitive match of the
    /// name's end (so "PercentIOLimit" finds "cloudwatch.PercentIOLimit" and "cloudwatch.PercentIOLimit.Average").
    /// </summary>
    public TimeSeries? Find(params string[] names)
    {
        foreach (var n in names)
        {
            var exact = _series.FirstOrDefault(s => s.Name == n && !s.IsEmpty);
            if (exact is not null) return exact;
            var fuzzy = _series.FirstOrDefault(s => !s.IsEmpty && (s.Name.EndsWith("." + n, StringComparison.OrdinalIgnoreCase)
                || s.Name.Contains("." + n + ".", StringComparison.OrdinalIgnoreCase)));
            if (fuzzy is not null) return fuzzy;
        }
        return null;
    }

    /// <summary>All series whose name starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<TimeSeries> WithPrefix(string prefix) => _series.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    /// <summary>First and last time over all series, or null when empty.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? Window
    {
        get
        {
            var pts = _series.Where(s => !s.IsEmpty).ToArray();
            if (pts.Length == 0) return null;
            return (pts.Min(s => s.Points[0].Time), pts.Max(s => s.Points[^1].Time));
        }
    }

    /// <summary>
    /// Buckets a series on a grid of <paramref name="step"/> starting at <paramref name="origin"/> (default: the first
    /// point rounded down to the step) and combines each bucket; empty buckets are left out.
    /// </summary>
    public static TimeSeries Resample(TimeSeries series, TimeSpan step, Aggregation how = Aggregation.Mean, DateTimeOffset? origin = null)
    {
        if (step <= TimeSpan.Zero) throw new InvalidInputException("step", "resampling step must be positive.");
        if (series.IsEmpty) return series;
        var o = origin ?? Floor(series.Points[0].Time, step);
        var buckets = new SortedDictionary<long, List<double>>();
        foreach (var p in series.Points)
        {
            long k = (long)Math.Floor((p.Time - o).Ticks / (double)step.Ticks);
            (buckets.TryGetValue(k, out var l) ? l : buckets[k] = new()).Add(p.Value);
        }
        return series with
        {
            Points = buckets.Select(b => new TimePoint(o + step * b.Key, Combine(b.Value, how))).ToArray(),
        };
    }

    public static DateTimeOffset Floor(DateTimeOffset t, TimeSpan step) =>
        new(t.UtcTicks - t.UtcTicks % step.Ticks, TimeSpan.Zero);

    private static double Combine(List<double> v, Aggregation how) => how switch
    {
        Aggregation.Max => v.Max(),
        Aggregation.Min => v.Min(),
        Aggregation.Sum => v.Sum(),
        Aggregation.Last => v[^1],
        Aggregation.Count => v.Count,
        _ => v.Average(),
    };

    /// <summary>Aligns the named series (those that exist) on one grid of <paramref name="step"/> over the timeline's window.</summary>
    public AlignedFrame Align(TimeSpan step, IEnumerable<string> names, Aggregation how = Aggregation.Mean)
    {
        var chosen = names.Select(n => Get(n) ?? Find(n)).Where(s => s is not null).Select(s => s!).DistinctBy(s => s.Name).ToArray();
        return AlignSeries(step, chosen, how);
    }

    public static AlignedFrame AlignSeries(TimeSpan step, IReadOnlyList<TimeSeries> series, Aggregation how = Aggregation.Mean)
    {
        var nonEmpty = series.Where(s => !s.IsEmpty).ToArray();
        if (nonEmpty.Length == 0) return new AlignedFrame(Array.Empty<DateTimeOffset>(), series.Select(s => s.Name).ToArray(), series.Select(_ => Array.Empty<double>()).ToArray());
        var from = Floor(nonEmpty.Min(s => s.Points[0].Time), step);
        var to = nonEmpty.Max(s => s.Points[^1].Time);
        int rows = (int)((to - from).Ticks / step.Ticks) + 1;
        var times = Enumerable.Range(0, rows).Select(i => from + step * i).ToArray();
        var values = new List<double[]>();
        foreach (var s in series)
        {
            var col = Enumerable.Repeat(double.NaN, rows).ToArray();
            foreach (var p in Resample(s, step, how, from).Points)
            {
                int i = (int)((p.Time - from).Ticks / step.Ticks);
                if (i >= 0 && i < rows) col[i] = p.Value;
            }
            values.Add(col);
        }
        return new AlignedFrame(times, series.Select(s => s.Name).ToArray(), values);
    }

    /// <summary>
    /// Joins request latency (e.g. alb.latency_p95) with host metrics on one grid (default one minute) and returns the
    /// frame plus each host metric's correlation with latency: which resource moved with the slow requests.
    /// </summary>
    public (AlignedFrame Frame, IReadOnlyList<SeriesCorrelation> Correlations) JoinLatency(string latencySeries, IEnumerable<string> hostSeries, TimeSpan? step = null)
    {
        var lat = Get(latencySeries) ?? Find(latencySeries);
        var hosts = hostSeries.Select(n => Get(n) ?? Find(n)).Where(s => s is not null).Select(s => s!).DistinctBy(s => s.Name).ToArray();
        if (lat is null) return (AlignSeries(step ?? TimeSpan.FromMinutes(1), hosts), Array.Empty<SeriesCorrelation>());
        var frame = AlignSeries(step ?? TimeSpan.FromMinutes(1), new[] { lat }.Concat(hosts).ToArray());
        var latCol = frame.Values[0];
        var corr = hosts.Select((h, i) =>
        {
            var (r, n) = Pearson(latCol, frame.Values[i + 1]);
            return new SeriesCorrelation(lat.Name, h.Name, r, n);
        }).ToArray();
        return (frame, corr);
    }

    /// <summary>Pearson r over pairs where both values exist; NaN with fewer than 3 pairs or a constant column.</summary>
    public static (double R, int N) Pearson(double[] a, double[] b)
    {
        var pairs = a.Zip(b).Where(p => !double.IsNaN(p.First) && !double.IsNaN(p.Second)).ToArray();
        if (pairs.Length < 3) return (double.NaN, pairs.Length);
        double ma = pairs.Average(p => p.First), mb = pairs.Average(p => p.Second);
        double sab = 0, saa = 0, sbb = 0;
        foreach (var (x, y) in pairs) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb); }
        if (saa == 0 || sbb == 0) return (double.NaN, pairs.Length);
        return (sab / Math.Sqrt(saa * sbb), pairs.Length);
    }
}
