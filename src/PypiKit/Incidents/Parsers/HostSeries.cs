using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>Builds named series column by column while a parser reads rows.</summary>
internal sealed class SeriesBuilder
{
    private readonly Dictionary<string, (string Unit, List<TimePoint> Points)> _series = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    public void Add(string name, string unit, DateTimeOffset time, double value)
    {
        if (!_series.TryGetValue(name, out var s))
        {
            s = (unit, new List<TimePoint>());
            _series[name] = s;
            _order.Add(name);
        }
        s.Points.Add(new TimePoint(time, value));
    }

    public IReadOnlyList<TimeSeries> Build() =>
        _order.Select(n => new TimeSeries(n, _series[n].Unit, _series[n].Points.ToArray())).ToArray();
}

/// <summary>Splits on runs of whitespace without allocating per call beyond the result.</summary>
internal static class Tokens
{
    public static string[] Split(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits on two or more spaces or on tabs (docker's column layout).</summary>
    public static List<string> SplitColumns(string line)
    {
        var cells = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
            if (i >= line.Length) break;
            int start = i;
            while (i < line.Length)
            {
                if (line[i] == '\t') break;
                if (line[i] == ' ' && i + 1 < line.Length && line[i + 1] == ' ') break;
                if (line[i] == ' ' && i + 1 == line.Length) break;
                i++;
            }
            cells.Add(line[start..i].Trim());
        }
        return cells;
    }
}
