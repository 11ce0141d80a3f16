namespace PypiKit.Charts;

/// <summary>
/// Fluent construction of a <see cref="Figure"/>:
/// <code>
/// var fig = Figure.Build("EFS burst credits")
///     .XAxis(Axis.Date())
///     .YAxis(Axis.Linear("Burst credit balance", "TB"))
///     .Add(ScatterTrace.Lines("BurstCreditBalance", times, values))
///     .HorizontalLine(1.0, "Alarm: 1 TB")
///     .Build();
/// </code>
/// Each call returns the builder; <see cref="Build"/> returns an immutable figure (the builder can go on).
/// </summary>
public sealed class FigureBuilder
{
    private readonly List<Trace> _traces = [];
    private readonly List<Shape> _shapes = [];
    private readonly List<Annotation> _annotations = [];
    private readonly Dictionary<string, Axis> _axes = [];
    private Layout _layout;
    private PlotConfig? _config = PlotConfig.Default;

    public FigureBuilder(string? title = null)
    {
        _layout = new Layout
        {
            Title = title is null ? null : new Title(title),
            HoverMode = Charts.HoverMode.Closest,
            Margin = new Margin(L: 80, R: 30, T: 60, B: 60),
        };
    }

    public FigureBuilder Title(string title) { _layout = _layout with { Title = title }; return this; }
    public FigureBuilder XAxis(Axis axis) { _layout = _layout with { XAxis = axis }; return this; }
    public FigureBuilder YAxis(Axis axis) { _layout = _layout with { YAxis = axis }; return this; }

    /// <summary>Sets axis number <paramref name="n"/> (1 = the first) of kind 'x' or 'y'; traces use it as <c>x{n}</c>/<c>y{n}</c>.</summary>
    public FigureBuilder Axis(char kind, int n, Axis axis)
    {
        if (kind is not ('x' or 'y')) throw new ArgumentOutOfRangeException(nameof(kind), "axis kind is 'x' or 'y'");
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "axes are numbered from 1");
        if (n == 1) return kind == 'x' ? XAxis(axis) : YAxis(axis);
        _axes[$"{kind}axis{n}"] = axis;
        return this;
    }

    /// <summary>A second y axis on the right of the first plot (traces use <c>YAxis = "y2"</c>).</summary>
    public FigureBuilder SecondaryYAxis(Axis axis)
    {
        _layout = _layout with { Margin = (_layout.Margin ?? new Margin()) with { R = 80 } };
        return Axis('y', 2, axis with { Overlaying = "y", Side = "right", ShowGrid = false, TickMode = axis.TickMode ?? "auto" });
    }

    public FigureBuilder Add(Trace trace) { _traces.Add(trace); return this; }
    public FigureBuilder AddRange(IEnumerable<Trace> traces) { _traces.AddRange(traces); return this; }
    public FigureBuilder Shape(Shape shape) { _shapes.Add(shape); return this; }
    public FigureBuilder Annotation(Annotation annotation) { _annotations.Add(annotation); return this; }

    /// <summary>A threshold: a dashed line across the plot at <paramref name="y"/> with <paramref name="label"/> at its right end.</summary>
    public FigureBuilder HorizontalLine(double y, string? label = null, string color = ChartColors.Threshold, string yRef = "y")
    {
        _shapes.Add(Charts.Shape.HorizontalLine(y, color, yRef: yRef));
        if (label is not null) _annotations.Add(Charts.Annotation.ForHorizontalLine(y, label, color, yRef));
        return this;
    }

    /// <summary>A shaded band between two y values (e.g. "above the 80 % limit").</summary>
    public FigureBuilder HorizontalBand(double y0, double y1, string? label = null, string fillColor = ChartColors.ThresholdBand, string yRef = "y")
    {
        _shapes.Add(Charts.Shape.HorizontalBand(y0, y1, fillColor, yRef));
        if (label is not null) _annotations.Add(Charts.Annotation.ForHorizontalLine(Math.Max(y0, y1), label, ChartColors.Gray, yRef) with { YAnchor = YAnchor.Top });
        return this;
    }

    /// <summary>A marker line at <paramref name="x"/> (a time or category), labelled at the top.</summary>
    public FigureBuilder VerticalLine(PlotValue x, string? label = null, string color = ChartColors.Threshold, string xRef = "x")
    {
        _shapes.Add(Charts.Shape.VerticalLine(x, color, xRef: xRef));
        if (label is not null) _annotations.Add(Charts.Annotation.ForVerticalLine(x, label, color, xRef));
        return this;
    }

    /// <summary>A shaded window between two x values (e.g. a burst).</summary>
    public FigureBuilder VerticalBand(PlotValue x0, PlotValue x1, string fillColor = ChartColors.ThresholdBand, string xRef = "x")
    {
        _shapes.Add(Charts.Shape.VerticalBand(x0, x1, fillColor, xRef));
        return this;
    }

    /// <summary>A subplot grid of <paramref name="rows"/> × <paramref name="columns"/> cells with independent axes
    /// (cell k, counted row by row from 1, uses axes <c>x{k}</c>/<c>y{k}</c>).</summary>
    public FigureBuilder Grid(int rows, int columns) { _layout = _layout with { Grid = new Grid(rows, columns) }; return this; }

    public FigureBuilder Legend(Legend legend) { _layout = _layout with { Legend = legend, ShowLegend = true }; return this; }
    public FigureBuilder ShowLegend(bool show) { _layout = _layout with { ShowLegend = show }; return this; }
    public FigureBuilder BarMode(BarMode mode) { _layout = _layout with { BarMode = mode }; return this; }
    public FigureBuilder HoverMode(HoverMode mode) { _layout = _layout with { HoverMode = mode }; return this; }
    public FigureBuilder Size(int? width, int? height) { _layout = _layout with { Width = width, Height = height }; return this; }
    public FigureBuilder Config(PlotConfig? config) { _config = config; return this; }

    /// <summary>Any other layout change: <c>.Layout(l =&gt; l with { Margin = … })</c>.</summary>
    public FigureBuilder Layout(Func<Layout, Layout> change) { _layout = change(_layout); return this; }

    public Figure Build() => new()
    {
        Traces = _traces.ToArray(),
        Layout = _layout with
        {
            Shapes = _shapes.Count == 0 ? _layout.Shapes : [.. _layout.Shapes ?? [], .. _shapes],
            Annotations = _annotations.Count == 0 ? _layout.Annotations : [.. _layout.Annotations ?? [], .. _annotations],
            Axes = _axes.Count == 0 ? _layout.Axes : new Dictionary<string, Axis>(_axes),
        },
        Config = _config,
    };
}
