using System.Globalization;
using System.Text.Json;
using PypiKit.Series;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// CloudWatch metrics exported as JSON: a GetMetricData response (<c>{"MetricDataResults": [{"Id", "Label", "Timestamps",
/// "Values", "StatusCode"}]}</c>, as <c>aws cloudwatch get-metric-data</c> prints it), an array of such pages, or a
/// GetMetricStatistics response (<c>{"Label", "Datapoints": [{"Timestamp", "Average"|"Maximum"|…, "Unit"}]}</c>).
/// Each result becomes one series named "cloudwatch.&lt;Label or Id&gt;" (statistic appended for GetMetricStatistics).
/// Results whose timestamps and values disagree are rejected with the line they start on.
/// </summary>
public static class CloudWatchJsonParser
{
    public const string Format = "cloudwatch-json";

    public static Parsed<IReadOnlyList<TimeSeries>> Parse(string json, string source, ParseOptions? options = null)
    {
        options = (options ?? ParseOptions.Strict).Validate();
        var diag = new ParseDiagnostics(source, Format, options);
        diag.LinesRead = json.Count(c => c == '\n') + 1;
        var series = new Dictionary<string, (string Unit, List<TimePoint> Points)>(StringComparer.Ordinal);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException ex)
        {
            diag.Reject((ex.LineNumber ?? 0) + 1, "invalid JSON: " + FirstSentence(ex.Message), LineAt(json, (ex.LineNumber ?? 0) + 1));
            return new(Array.Empty<TimeSeries>(), diag);
        }
        using (doc)
        {
            var pages = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToArray() : [doc.RootElement];
            foreach (var page in pages)
            {
                if (page.ValueKind != JsonValueKind.Object) { diag.Reject(1, "expected a JSON object per page", ""); continue; }
                if (page.TryGetProperty("MetricDataResults", out var results) && results.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in results.EnumerateArray()) ReadResult(r, json, series, diag);
                }
                else if (page.TryGetProperty("Datapoints", out var dps) && dps.ValueKind == JsonValueKind.Array)
                {
                    ReadStatistics(page, dps, json, series, diag);
                }
                else diag.Reject(1, "neither 'MetricDataResults' (GetMetricData) nor 'Datapoints' (GetMetricStatistics) found", "");
            }
        }
        var list = series.Select(kv => new TimeSeries(kv.Key, kv.Value.Unit,
            kv.Value.Points.OrderBy(p => p.Time).ToArray())).OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return new(list, diag);
    }

    private static void ReadResult(JsonElement r, string json, Dictionary<string, (string, List<TimePoint>)> series, ParseDiagnostics diag)
    {
        string id = r.TryGetProperty("Id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : "?";
        string label = r.TryGetProperty("Label", out var l) && l.ValueKind == JsonValueKind.String && l.GetString() is { Length: > 0 } s ? s : id;
        long line = LineOf(json, $"\"{id}\"");
        if (!r.TryGetProperty("Timestamps", out var ts) || ts.ValueKind != JsonValueKind.Array
            || !r.TryGetProperty("Values", out var vs) || vs.ValueKind != JsonValueKind.Array)
        { diag.Reject(line, $"result '{id}' lacks Timestamps/Values arrays", LineAt(json, line)); return; }
        if (ts.GetArrayLength() != vs.GetArrayLength())
        { diag.Reject(line, $"result '{id}' has {ts.GetArrayLength()} timestamps but {vs.GetArrayLength()} values", LineAt(json, line)); return; }
        var points = new List<TimePoint>();
        var te = ts.EnumerateArray().ToArray();
        var ve = vs.EnumerateArray().ToArray();
        for (int i = 0; i < te.Length; i++)
        {
            if (te[i].ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(te[i].GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                || ve[i].ValueKind != JsonValueKind.Number || !double.IsFinite(ve[i].GetDouble()))
            { diag.Reject(line, $"result '{id}' point {i} is not (ISO time, number)", LineAt(json, line)); return; }
            points.Add(new TimePoint(t, ve[i].GetDouble()));
        }
        Add(series, "cloudwatch." + label, GuessUnit(label), points);
        diag.Accepted++;
    }

    private static void ReadStatistics(JsonElement page, JsonElement dps, string json, Dictionary<string, (string, List<TimePoint>)> series, ParseDiagnostics diag)
    {
        string label = page.TryGetProperty("Label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "metric";
        long line = LineOf(json, $"\"{label}\"");
        var byStat = new Dictionary<string, List<TimePoint>>(StringComparer.Ordinal);
        string unit = GuessUnit(label);
        foreach (var dp in dps.EnumerateArray())
        {
            if (dp.ValueKind != JsonValueKind.Object || !dp.TryGetProperty("Timestamp", out var tEl) || tEl.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(tEl.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            { diag.Reject(line, $"datapoint of '{label}' has no valid Timestamp", LineAt(json, line)); continue; }
            foreach (var p in dp.EnumerateObject())
            {
                if (p.Name == "Unit" && p.Value.ValueKind == JsonValueKind.String) unit = p.Value.GetString()!;
                if (p.Value.ValueKind != JsonValueKind.Number) continue;
                if (p.Name == "ExtendedStatistics") continue;
                (byStat.TryGetValue(p.Name, out var list) ? list : byStat[p.Name] = new()).Add(new TimePoint(t, p.Value.GetDouble()));
            }
            if (dp.TryGetProperty("ExtendedStatistics", out var ext) && ext.ValueKind == JsonValueKind.Object)
                foreach (var p in ext.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.Number)
                        (byStat.TryGetValue(p.Name, out var list) ? list : byStat[p.Name] = new()).Add(new TimePoint(t, p.Value.GetDouble()));
            diag.Accepted++;
        }
        foreach (var (stat, pts) in byStat) Add(series, $"cloudwatch.{label}.{stat}", unit, pts);
    }

    private static void Add(Dictionary<string, (string Unit, List<TimePoint> Points)> series, string name, string unit, List<TimePoint> pts)
    {
        if (series.TryGetValue(name, out var s)) s.Points.AddRange(pts);
        else series[name] = (unit, pts);
    }

    /// <summary>CloudWatch's unit for the metrics PypiKit reads, guessed from the name (GetMetricData omits units).</summary>
    public static string GuessUnit(string label) =>
        label.Contains("Percent", StringComparison.OrdinalIgnoreCase) || label.Contains("Utilization", StringComparison.OrdinalIgnoreCase) ? "Percent"
        : label.Contains("Bytes", StringComparison.OrdinalIgnoreCase) || label.Contains("BurstCredit", StringComparison.Ordinal) ? "Bytes"
        : label.Contains("ResponseTime", StringComparison.Ordinal) ? "Seconds"
        : label.Contains("CPUCredit", StringComparison.Ordinal) ? "Count"
        : "Count";

    private static long LineOf(string json, string needle)
    {
        int i = json.IndexOf(needle, StringComparison.Ordinal);
        if (i < 0) return 1;
        long line = 1;
        for (int k = 0; k < i; k++) if (json[k] == '\n') line++;
        return line;
    }

    private static string LineAt(string json, long line)
    {
        var lines = json.Split('\n');
        return line >= 1 && line <= lines.Length ? lines[line - 1] : "";
    }

    private static string FirstSentence(string m) { int i = m.IndexOf(". ", StringComparison.Ordinal); return i > 0 ? m[..i] : m; }

    public static Parsed<IReadOnlyList<TimeSeries>> ParseFile(string path, ParseOptions? options = null)
    {
        using var r = IncidentFiles.OpenText(path);
        return Parse(r.ReadToEnd(), path, options);
    }
}
