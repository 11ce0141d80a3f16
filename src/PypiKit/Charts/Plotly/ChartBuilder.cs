using Plotly.NET;
using Plotly.NET.LayoutObjects;

namespace PypiKit.Charts;

/// <summary>
/// Fluent assembly of a Plotly.NET <see cref="GenericChart"/> from traces, axes, reference lines and bands:
/// <code>
/// GenericChart chart = new ChartBuilder("EFS burst credits")
///     .XAxis(Axes.Date())
///     .YAxis(Axes.Linear("Burst credit balance", "TB").ToZero())
///     .Add(Traces.Lines("BurstCreditBalance", PlotlyProps.Times(times), values))
///     .HorizontalLine(1.0, "alarm: below 1 TB")
///     .Build();
/// </code>
/// Reference lines and bands are drawn as traces on the data axes (not layout shapes), so each has a legend entry,
/// hover text and counts in the axis range — a line outside the data would otherwise stretch or hide the chart.
/// </summary>
public sealed class ChartBuilder
{
    private readonly List<Trace> _traces = [];
    private readonly List<Annotation> _annotations = [];
    private readonly Layout _layout = new();
    private readonly List<string> _notes = [];
    private readonly string? _title;

    public ChartBuilder(string? title = null)
    {
        _title = title;
        _layout.With("hovermode", "closest")
               .With("margin", new Margin().With("l", 80).With("r", 30).With("t", 60).With("b", 60));
    }

    public ChartBuilder XAxis(LinearAxis axis) => Axis('x', 1, axis);
    public ChartBuilder YAxis(LinearAxis axis) => Axis('y', 1, axis);

    /// <summary>Axis number <paramref name="n"/> (1 = the first) of kind 'x' or 'y'; traces use it as <c>x{n}</c>/<c>y{n}</c>.</summary>
    public ChartBuilder Axis(char kind, int n, LinearAxis axis)
    {
        if (kind is not ('x' or 'y')) throw new ArgumentOutOfRangeException(nameof(kind), "axis kind is 'x' or 'y'");
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "axes are numbered from 1");
        _layout.SetProperty(n == 1 ? $"{kind}axis" : $"{kind}axis{n}", axis);
        return this;
    }

    /// <summary>A second y axis on the right of the first plot (traces use <c>.With("yaxis", "y2")</c>).</summary>
    public ChartBuilder SecondaryYAxis(LinearAxis axis)
    {
        _layout.With("margin", new Margin().With("l", 80).With("r", 80).With("t", 60).With("b", 60));
        return Axis('y', 2, axis.With("overlaying", "y").With("side", "right").With("showgrid", false));
    }

    public ChartBuilder Add(Trace trace) { _traces.Add(trace); return this; }

    /// <summary>A text annotation (plotly <c>annotation</c> object).</summary>
    public ChartBuilder Annotation(Annotation annotation) { _annotations.Add(annotation); return this; }

    /// <summary>A dashed threshold line across <paramref name="x0"/>..<paramref name="x1"/> at <paramref name="y"/>, named
    /// <paramref name="label"/> in the legend (on axes <paramref name="xAxis"/>/<paramref name="yAxis"/>).</summary>
    public ChartBuilder HorizontalLine(object x0, object x1, double y, string label, string color = ChartColors.Threshold,
        string xAxis = "x", string yAxis = "y") =>
        Add(Traces.Lines(label, new[] { x0, x1 }, [y, y], color, "dash").With("xaxis", xAxis).With("yaxis", yAxis)
            .With("hovertemplate", label + "<extra></extra>"));

    /// <summary>A dashed marker line at <paramref name="x"/> from <paramref name="y0"/> to <paramref name="y1"/>, in the legend.</summary>
    public ChartBuilder VerticalLine(object x, double y0, double y1, string label, string color = ChartColors.Threshold) =>
        Add(Traces.Lines(label, new[] { x, x }, [y0, y1], color, "dot").With("hovertemplate", label + "<extra></extra>"));

    /// <summary>A shaded rectangle x0..x1 × y0..y1 (e.g. "above the 80 % limit", a burst window), one legend entry per
    /// <paramref name="legendGroup"/> (the first band of a group shows it).</summary>
    public ChartBuilder Band(object x0, object x1, double y0, double y1, string label, string fillColor = ChartColors.ThresholdBand,
        string? legendGroup = null)
    {
        var group = legendGroup ?? label;
        var first = !_traces.Any(t => t.TryGetPropertyValue("legendgroup") is { } g && Equals(g.Value, group));
        return Add(new Trace2D("scatter").With("name", label).With("legendgroup", group).With("showlegend", first)
            .With("x", new[] { x0, x1, x1, x0, x0 }).With("y", new object[] { y0, y0, y1, y1, y0 })
            .With("mode", "lines").With("fill", "toself").With("fillcolor", fillColor)
            .With("line", Traces.Line(fillColor, null, 0)).With("hoveron", "fills").With("hoverinfo", "name"));
    }

    /// <summary>
    /// A threshold line when it falls within the data (see <see cref="ThresholdInView"/>); otherwise a note under the
    /// title says where it is, so one far-off alarm level does not flatten the data against an axis.
    /// </summary>
    /// <returns>Whether the line was drawn.</returns>
    public bool Threshold(double y, string label, double dataMin, double dataMax, object x0, object x1, string color = ChartColors.Threshold,
        string xAxis = "x", string yAxis = "y")
    {
        if (ThresholdInView(y, dataMin, dataMax))
        {
            HorizontalLine(x0, x1, y, label, color, xAxis, yAxis);
            return true;
        }
        Note($"{label}: {(y > dataMax ? "above" : "below")} the data, not drawn");
        return false;
    }

    /// <summary>True when <paramref name="y"/> lies within the data's span [<paramref name="min"/>, <paramref name="max"/>]
    /// widened by half of it on each side (a flat series counts its own magnitude as the span).</summary>
    public static bool ThresholdInView(double y, double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return false;
        var span = max - min;
        if (span <= 0) span = Math.Max(Math.Abs(max), 1);
        return y >= min - span / 2 && y <= max + span / 2;
    }

    /// <summary>A line of small print under the title.</summary>
    public ChartBuilder Note(string text) { _notes.Add(text); return this; }

    public ChartBuilder Legend(Legend legend) { _layout.With("legend", legend).With("showlegend", true); return this; }
    public ChartBuilder BarMode(string mode) { _layout.With("barmode", mode); return this; }
    public ChartBuilder HoverMode(string mode) { _layout.With("hovermode", mode); return this; }
    public ChartBuilder Size(int? width, int? height) { _layout.With("width", width).With("height", height); return this; }

    /// <summary>Any other layout attribute.</summary>
    public ChartBuilder Layout(string name, object value) { _layout.SetProperty(name, value); return this; }

    public GenericChart Build()
    {
        if (_title is not null || _notes.Count > 0)
            _layout.With("title", Axes.Title(string.Join("<br>", new[] { _title ?? "" }.Concat(_notes.Select(n => "<sup>" + System.Net.WebUtility.HtmlEncode(n) + "</sup>")))));
        if (_notes.Count > 0)
            _layout.With("margin", new Margin().With("l", 80).With("r", _layout.TryGetPropertyValue("yaxis2") is null ? 30 : 80).With("t", 60 + 18 * _notes.Count).With("b", 60));
        if (_annotations.Count > 0) _layout.SetProperty("annotations", _annotations.ToArray());
        var chart = GenericChart.ofTraceObjects(false, _traces.ToArray());
        return GenericChart.setLayout(_layout, chart);
    }

    /// <summary>A horizontal legend under the plot (good for many traces).</summary>
    public static Legend LegendBelow(double y = -0.2) =>
        new Legend().With("orientation", "h").With("x", 0).With("y", y).With("xanchor", "left").With("yanchor", "top");

    /// <summary>A horizontal legend above the plot, right-aligned.</summary>
    public static Legend LegendTop() =>
        new Legend().With("orientation", "h").With("x", 1).With("y", 1).With("xanchor", "right").With("yanchor", "bottom");

    /// <summary>A label in paper coordinates (0..1 over the plot area).</summary>
    public static Annotation PaperLabel(string text, double x, double y, string xAnchor = "left", string yAnchor = "bottom") =>
        new Annotation().With("text", text).With("xref", "paper").With("x", x).With("yref", "paper").With("y", y)
            .With("showarrow", false).With("xanchor", xAnchor).With("yanchor", yAnchor);
}
