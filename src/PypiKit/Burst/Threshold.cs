using System.Globalization;
using System.Text.RegularExpressions;

namespace PypiKit.Burst;

/// <summary>
/// A k6-style pass criterion over a result: <c>metric[(scope)] comparator value[unit]</c>. Metrics:
/// <c>p50 p90 p95 p99 p99.9 p(95) avg mean median min max</c> (success latency from scheduled start; scope = an
/// operation such as <c>list</c>), <c>error_rate</c> (scope = operation), <c>count(5xx|4xx|connect|timeout|reset|other|errors|requests)</c>,
/// <c>rps</c>, <c>late_rate</c> (fraction of sends more than 1 ms behind schedule). Units: <c>ms s %</c> or none.
/// Examples: <c>p95(list) &lt; 2s</c>, <c>error_rate &lt; 1%</c>, <c>count(5xx) == 0</c>.
/// </summary>
public sealed partial record Threshold(string Expression, string Metric, string? Scope, string Comparator, double Value)
{
    /// <summary>The unit the expression was written in (<c>ms s %</c> or empty): measured values are shown in it.</summary>
    public string Unit { get; init; } = "";

    /// <summary>True for the latency metrics (p95, avg, max …), which are measured over successful requests.</summary>
    public bool IsLatency => IsLatencyMetric(Metric);

    [GeneratedRegex(@"^\s*(?<metric>[a-z_]+(?:\d+(?:\.\d+)?)?)\s*(?:\(\s*(?<scope>[a-z0-9_.\-]+)\s*\))?\s*(?<cmp><=|>=|==|!=|<|>)\s*(?<value>-?\d+(?:\.\d+)?)\s*(?<unit>ms|s|%)?\s*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Syntax();

    private static readonly string[] CountScopes = ["5xx", "4xx", "connect", "timeout", "reset", "other", "errors", "requests"];

    public static Threshold Parse(string expression)
    {
        var m = Syntax().Match(expression);
        if (!m.Success) throw Bad(expression, "expected metric[(scope)] <op> value[ms|s|%], e.g. 'p95(list) < 2s'");
        var metric = m.Groups["metric"].Value.ToLowerInvariant();
        var scope = m.Groups["scope"].Success ? m.Groups["scope"].Value.ToLowerInvariant() : null;
        if (metric == "p" && scope is not null && double.TryParse(scope, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            metric = "p" + scope; // k6's p(95)
            scope = null;
        }
        var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        var isLatency = IsLatencyMetric(metric);
        if (isLatency)
        {
            value = unit switch { "s" => value * 1000, "ms" or "" => value, _ => throw Bad(expression, "a latency takes ms or s") };
            if (scope is not null && !BurstOperationNames.TryParse(scope, out _)) throw Bad(expression, $"unknown operation '{scope}'");
        }
        else if (metric is "error_rate" or "late_rate")
        {
            value = unit switch { "%" => value / 100, "" => value, _ => throw Bad(expression, "a rate takes % or a fraction") };
            if (scope is not null && !BurstOperationNames.TryParse(scope, out _)) throw Bad(expression, $"unknown operation '{scope}'");
        }
        else if (metric == "count")
        {
            if (scope is null || !CountScopes.Contains(scope)) throw Bad(expression, $"count needs one of: {string.Join(", ", CountScopes)}");
            if (unit != "") throw Bad(expression, "a count takes no unit");
        }
        else if (metric == "rps")
        {
            if (unit != "") throw Bad(expression, "rps takes no unit");
        }
        else throw Bad(expression, $"unknown metric '{metric}'");
        return new Threshold(expression.Trim(), metric, scope, m.Groups["cmp"].Value, value) { Unit = unit };
    }

    private static bool IsLatencyMetric(string metric) =>
        metric is "avg" or "mean" or "median" or "min" or "max" || (metric.Length > 1 && metric[0] == 'p' && double.TryParse(metric[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static InvalidInputException Bad(string expression, string why) =>
        new("threshold", $"threshold '{expression}': {why}");

    /// <summary>The measured value of this threshold's metric (ms for latency, a fraction for rates).</summary>
    public double Measure(BurstTally tally, double durationSeconds)
    {
        OutcomeTally t = tally.Total;
        if (Scope is not null && Metric != "count")
        {
            t = BurstOperationNames.TryParse(Scope, out var op) && tally.Operations.TryGetValue(op.Name(), out var o) ? o : new OutcomeTally();
        }
        switch (Metric)
        {
            case "error_rate": return t.Count == 0 ? 0 : (double)t.Failures / t.Count;
            case "late_rate": return t.Count == 0 ? 0 : 1 - t.SendLateness.FractionAtOrBelow(1000);
            case "rps": return durationSeconds <= 0 ? 0 : t.Count / durationSeconds;
            case "count":
                return Scope switch
                {
                    "errors" => t.Failures,
                    "requests" => t.Count,
                    _ => t.ErrorCount(Scope!),
                };
            case "avg" or "mean": return t.Latency.MeanMicros / 1000;
            case "min": return t.Latency.MinMicros / 1000.0;
            case "max": return t.Latency.MaxMicros / 1000.0;
            case "median": return t.Latency.PercentileMs(50);
            default: return t.Latency.PercentileMs(double.Parse(Metric[1..], CultureInfo.InvariantCulture));
        }
    }

    public bool Holds(double measured) => Comparator switch
    {
        "<" => measured < Value,
        "<=" => measured <= Value,
        ">" => measured > Value,
        ">=" => measured >= Value,
        "==" => Math.Abs(measured - Value) < 1e-9,
        "!=" => Math.Abs(measured - Value) >= 1e-9,
        _ => false,
    };

    /// <summary>
    /// Evaluates the threshold; <paramref name="warnOnly"/> marks a criterion that does not fail the run. A latency
    /// criterion over requests none of which succeeded fails: there is no latency to hold it against.
    /// </summary>
    public ThresholdResult Evaluate(BurstTally tally, double durationSeconds, bool warnOnly = false)
    {
        var measured = Measure(tally, durationSeconds);
        if (IsLatency && SuccessesInScope(tally) == 0)
            return new ThresholdResult(Expression, warnOnly ? "warn" : "fail", 0, false, "no successful request");
        return new ThresholdResult(Expression, warnOnly ? "warn" : "fail", Math.Round(measured, 6), Holds(measured), FormatMeasured(measured));
    }

    private long SuccessesInScope(BurstTally tally)
    {
        if (Scope is null) return tally.Total.Successes;
        return BurstOperationNames.TryParse(Scope, out var op) && tally.Operations.TryGetValue(op.Name(), out var o) ? o.Successes : 0;
    }

    /// <summary>
    /// A measured value (ms for latency, a fraction for rates) in the unit the threshold was written in, with the unit:
    /// <c>p95 &lt; 15s</c> → "12.34 s", <c>p95 &lt; 800</c> → "640.2 ms", <c>error_rate &lt; 1%</c> → "0.25 %",
    /// <c>error_rate &lt; 0.01</c> → "0.0025 (fraction)", <c>rps &gt; 5</c> → "7.1 req/s".
    /// </summary>
    public string FormatMeasured(double measured)
    {
        var ci = CultureInfo.InvariantCulture;
        if (IsLatency)
            return Unit == "s" ? $"{(measured / 1000).ToString("0.###", ci)} s" : $"{measured.ToString("0.###", ci)} ms";
        return Metric switch
        {
            "error_rate" or "late_rate" => Unit == "%" ? $"{(measured * 100).ToString("0.###", ci)} %" : $"{measured.ToString("0.######", ci)} (fraction)",
            "rps" => $"{measured.ToString("0.##", ci)} req/s",
            _ => measured.ToString("0", ci),
        };
    }
}

/// <summary>
/// The outcome of one threshold: the measured value (ms for latency, fraction for rates), whether it held, and the
/// measured value as shown in reports (<see cref="MeasuredText"/>: in the threshold's own unit, with the unit, or why
/// there is none).
/// </summary>
public sealed record ThresholdResult(string Expression, string Severity, double Measured, bool Passed, string MeasuredText = "");
