using System.Globalization;
using PypiKit.Series;

namespace PypiKit.Incidents;

/// <summary>How strongly a verdict is supported: from its score (≥ 0.7 likely, ≥ 0.4 possible, ≥ 0.15 unlikely, else ruled out).</summary>
public enum VerdictStatus { Likely, Possible, Unlikely, RuledOut, NoData }

/// <summary>One number that argues for or against a verdict: what was measured, its value, what it was compared with, where it came from.</summary>
public sealed record Evidence(string Metric, string Observed, string Reference, string Source);

/// <summary>A rule's conclusion: a score in [0, 1], a status, a one-line summary and the evidence on both sides.</summary>
public sealed record Verdict(string RuleId, string Title, double Score, VerdictStatus Status, string Summary,
    IReadOnlyList<Evidence> For, IReadOnlyList<Evidence> Against)
{
    /// <summary>The host(s) the verdict is about: where the finding holds (or, for balancer-wide rules, every host behind it).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = Array.Empty<string>();

    /// <summary>What to do about it, computed by the sizing models (<see cref="RemedyPlanner"/>); empty unless likely or possible.</summary>
    public IReadOnlyList<Remedy> Remedies { get; init; } = Array.Empty<Remedy>();

    public static VerdictStatus StatusOf(double score) =>
        score >= 0.7 ? VerdictStatus.Likely : score >= 0.4 ? VerdictStatus.Possible : score >= 0.15 ? VerdictStatus.Unlikely : VerdictStatus.RuledOut;

    public static Verdict NoData(string id, string title, string what) =>
        new(id, title, 0, VerdictStatus.NoData, $"no data: {what}", Array.Empty<Evidence>(), Array.Empty<Evidence>());
}

/// <summary>One diagnosis rule: reads an incident, returns a verdict (always, even when it rules itself out).</summary>
public interface IDiagnosisRule
{
    string Id { get; }
    string Title { get; }
    Verdict Evaluate(IncidentData data);

    /// <summary>True when the rule reads one host's metrics (memory, CPU, NFS): with several hosts it runs once per host.</summary>
    bool PerHost => false;
}

/// <summary>Verdicts ranked best first (ties: rules' order).</summary>
public sealed record DiagnosisResult(IReadOnlyList<Verdict> Verdicts)
{
    public Verdict? Top => Verdicts.FirstOrDefault(v => v.Status != VerdictStatus.NoData);
    public Verdict? Get(string ruleId) => Verdicts.FirstOrDefault(v => v.RuleId == ruleId);
}

/// <summary>Runs diagnosis rules over an incident, ranks their verdicts by score and attaches each one's remedies (<see cref="RemedyPlanner"/>).</summary>
public sealed class DiagnosisEngine
{
    public DiagnosisEngine(IEnumerable<IDiagnosisRule>? rules = null) => Rules = (rules ?? DefaultRules()).ToArray();

    public IReadOnlyList<IDiagnosisRule> Rules { get; }

    /// <summary>The built-in rules: memory/swap, EFS, CPU/credits, load imbalance, client burst, 5xx source.</summary>
    public static IReadOnlyList<IDiagnosisRule> DefaultRules() =>
    [
        new Rules.MemoryPressureRule(), new Rules.EfsThroughputRule(), new Rules.CpuRule(),
        new Rules.LoadImbalanceRule(), new Rules.ClientBurstRule(), new Rules.ServerErrorsRule(),
    ];

    public DiagnosisResult Diagnose(IncidentData data)
    {
        var verdicts = Rules.Select((r, i) => (Verdict: Evaluate(r, data), Index: i))
            .Select(v => (Verdict: v.Verdict with { Remedies = RemedyPlanner.For(v.Verdict, data) }, v.Index))
            .OrderBy(v => v.Verdict.Status == VerdictStatus.NoData ? 1 : 0)
            .ThenByDescending(v => v.Verdict.Score).ThenBy(v => v.Index)
            .Select(v => v.Verdict).ToArray();
        return new DiagnosisResult(verdicts);
    }

    /// <summary>
    /// One rule's verdict naming its host(s). A per-host rule over several hosts runs on each host's view; the verdict is
    /// the strongest host's, naming every host where it is likely or possible, its evidence tagged "[host]", and the
    /// summary adds how the other hosts came out.
    /// </summary>
    public static Verdict Evaluate(IDiagnosisRule rule, IncidentData data)
    {
        var all = data.HostNames;
        if (!rule.PerHost || data.Hosts.Count <= 1) return rule.Evaluate(data) with { Hosts = all };
        var per = data.Hosts.Select(h => (Host: h.Name, Verdict: rule.Evaluate(data.ForHost(h.Name)))).ToArray();
        var best = per.OrderBy(p => p.Verdict.Status == VerdictStatus.NoData ? 1 : 0).ThenByDescending(p => p.Verdict.Score).First();
        var hit = per.Where(p => p.Verdict.Status is VerdictStatus.Likely or VerdictStatus.Possible).Select(p => p.Host).ToArray();
        var named = hit.Length > 0 ? hit : [best.Host];
        var others = per.Where(p => !named.Contains(p.Host))
            .Select(p => $"{p.Host}: {StatusWord(p.Verdict.Status)}" + (p.Verdict.Status == VerdictStatus.NoData ? "" : $" ({p.Verdict.Score:0.00})")).ToArray();
        static IReadOnlyList<Evidence> Tag(IEnumerable<(string Host, Verdict Verdict)> src, Func<Verdict, IReadOnlyList<Evidence>> pick) =>
            src.SelectMany(p => pick(p.Verdict).Select(e => e with { Source = $"[{p.Host}] {e.Source}" })).ToArray();
        var inNamed = per.Where(p => named.Contains(p.Host)).ToArray();
        return best.Verdict with
        {
            Summary = $"{string.Join(", ", named)}: {best.Verdict.Summary}" + (others.Length > 0 ? $" Other hosts — {string.Join("; ", others)}." : ""),
            For = Tag(inNamed, v => v.For),
            Against = Tag(inNamed, v => v.Against),
            Hosts = named,
        };
    }

    /// <summary>The words reports use for a status.</summary>
    public static string StatusWord(VerdictStatus s) => s switch
    {
        VerdictStatus.Likely => "likely",
        VerdictStatus.Possible => "possible",
        VerdictStatus.Unlikely => "unlikely",
        VerdictStatus.RuledOut => "ruled out",
        _ => "no data",
    };
}

/// <summary>Small helpers the rules share: ramps, series statistics, number formatting.</summary>
internal static class RuleMath
{
    /// <summary>0 at or below <paramref name="lo"/>, 1 at or above <paramref name="hi"/>, linear between (reversed when lo &gt; hi).</summary>
    public static double Ramp(double x, double lo, double hi)
    {
        if (double.IsNaN(x)) return 0;
        double t = (x - lo) / (hi - lo);
        return Math.Clamp(t, 0, 1);
    }

    public static double Percentile(IEnumerable<double> values, double q)
    {
        var v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v[Math.Clamp((int)Math.Ceiling(q * v.Length) - 1, 0, v.Length - 1)];
    }

    public static double Max(TimeSeries? s) => s is null || s.IsEmpty ? double.NaN : s.Max;
    public static double Min(TimeSeries? s) => s is null || s.IsEmpty ? double.NaN : s.Min;

    /// <summary>Sum of several series point by point (matched by time), e.g. us + sy.</summary>
    public static TimeSeries? Sum(string name, params TimeSeries?[] series)
    {
        var present = series.Where(s => s is not null && !s.IsEmpty).Select(s => s!).ToArray();
        if (present.Length == 0) return null;
        var byTime = new SortedDictionary<DateTimeOffset, double>();
        foreach (var s in present) foreach (var p in s.Points) byTime[p.Time] = (byTime.TryGetValue(p.Time, out var v) ? v : 0) + p.Value;
        return new TimeSeries(name, present[0].Unit, byTime.Select(kv => new TimePoint(kv.Key, kv.Value)).ToArray());
    }

    public static string F(double v, string unit = "", int decimals = 1)
    {
        if (double.IsNaN(v)) return "n/a";
        var s = v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return unit.Length == 0 ? s : unit == "%" ? s + " %" : s + " " + unit;
    }

    /// <summary>Large byte counts the way CloudWatch shows them: "2.3e12 bytes (2.09 TiB)".</summary>
    public static string Bytes(double v) =>
        double.IsNaN(v) ? "n/a" : $"{v.ToString("0.0#e0", CultureInfo.InvariantCulture)} bytes ({(v / Math.Pow(1024, 4)).ToString("0.00", CultureInfo.InvariantCulture)} TiB)";
}
