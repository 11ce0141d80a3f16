using System.Reflection;
using PypiKit.Burst;
using PypiKit.Charts;
using PypiKit.Incidents;
using PypiKit.Series;
using PypiKit.Sizing;

namespace PypiKit.Tests.Architecture;

/// <summary>
/// Dependencies run one way: domain (sizing, burst, incidents…) → the domain's reports (<c>*.Reports</c>, which own its
/// charts) → generic charts (<c>PypiKit.Charts</c>: page writer, plotly.js, axes and units; PNG export is PypiKit.Browser). A back edge fails
/// here, naming the type and what it uses.
/// </summary>
public class DependencyDirectionTests
{
    private static readonly Assembly Core = typeof(HtmlReportWriter).Assembly;

    /// <summary>What the generic charts may use of PypiKit: themselves, the shared time series and units.</summary>
    private static readonly string[] ChartsMayUse = ["PypiKit.Charts", "PypiKit.Series", "PypiKit.Units"];

    private static bool In(Type t, string ns) => t.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal));
    /// <summary>A PypiKit area's type (generated helpers such as regex engines and the root namespace's shared
    /// exceptions are no area).</summary>
    private static bool IsPypiKit(Type t) => t.Assembly == Core && t.Namespace is { } n && n.StartsWith("PypiKit.", StringComparison.Ordinal);
    private static bool IsReports(Type t) => t.Namespace is { } n && (n.EndsWith(".Reports", StringComparison.Ordinal) || n.Contains(".Reports.", StringComparison.Ordinal));

    private static IEnumerable<Type> CoreTypes() =>
        Core.GetTypes().Where(t => t.DeclaringType is null && IsPypiKit(t) && !t.Name.StartsWith('<'));

    private static string[] Violations(IEnumerable<Type> types, Func<Type, bool> forbidden) =>
        types.SelectMany(t => TypeReferences.Of(t).Where(IsPypiKit).Select(TypeReferences.Owner).Where(forbidden).Distinct()
                .Select(used => $"{t.FullName} uses {used.FullName}"))
            .Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Charts_know_no_domain_type()
    {
        var charts = CoreTypes().Where(t => In(t, "PypiKit.Charts")).ToArray();
        Assert.Contains(typeof(ChartBuilder), charts);
        Assert.Empty(Violations(charts, used => !ChartsMayUse.Any(ns => In(used, ns))));
    }

    [Fact]
    public void Only_reports_use_the_charts()
    {
        var others = CoreTypes().Where(t => !In(t, "PypiKit.Charts") && !IsReports(t)).ToArray();
        Assert.Empty(Violations(others, used => In(used, "PypiKit.Charts")));
    }

    [Fact]
    public void Domain_results_know_neither_reports_nor_charts()
    {
        Type[] results =
        [
            typeof(BurstResult), typeof(ModelComparison), typeof(LatencyHistogram), typeof(Timeline), typeof(IncidentData),
            typeof(CapacityPlan), typeof(SweepResult), typeof(CpuCreditSimulation), typeof(EfsCreditSimulation), typeof(TimeSeries),
        ];
        Assert.Empty(Violations(results, used => In(used, "PypiKit.Charts") || IsReports(used)));
    }

    [Fact]
    public void The_check_sees_uses_inside_method_bodies()
    {
        // HtmlBurstReport names the chart builders only inside its methods (and a lambda); the reader must still find them.
        var used = TypeReferences.Of(typeof(PypiKit.Burst.Reports.HtmlBurstReport));
        Assert.Contains(typeof(PypiKit.Burst.Reports.BurstCharts), used);
        Assert.Contains(typeof(HtmlReportWriter), used);
        Assert.Contains(typeof(BurstResult), used);
    }

    [Fact]
    public void A_back_edge_is_reported_with_both_ends()
    {
        var found = Violations([typeof(ResultThatDrawsItself)], used => In(used, "PypiKit.Charts"));
        Assert.Equal(
        [
            $"{typeof(ResultThatDrawsItself).FullName} uses {typeof(HtmlReportOptions).FullName}",
            $"{typeof(ResultThatDrawsItself).FullName} uses {typeof(HtmlReportWriter).FullName}",
        ], found);
    }

    /// <summary>A stand-in for a domain result that renders itself: the back edge the rules forbid.</summary>
    private sealed class ResultThatDrawsItself
    {
        public int Figures() => new HtmlReportWriter().Options.DefaultFigureHeight;
    }
}
