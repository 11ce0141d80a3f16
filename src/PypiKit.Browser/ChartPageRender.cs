namespace PypiKit.Browser;

/// <summary>What headless Chromium saw on a chart page.</summary>
/// <param name="FigureCount">plotly graph divs on the page.</param>
/// <param name="SvgRootPresent">Every graph div has plotly's <c>svg.main-svg</c> root (the plot was drawn).</param>
/// <param name="TraceCount">Traces plotly holds over all figures (<c>gd.data.length</c> summed).</param>
/// <param name="DrawnTraceCount">Trace groups drawn in the SVG (<c>g.trace</c>, heatmap <c>g.hm</c>) over all figures.</param>
/// <param name="Figures">The same per figure, in page order.</param>
/// <param name="ChartErrors">Failures reported by the page's own drawing code (<c>window.PypiKitCharts.errors</c>).</param>
/// <param name="ConsoleErrors">Console errors and uncaught exceptions the page logged.</param>
/// <param name="PngPath">The screenshot, when one was asked for.</param>
public sealed record ChartPageRender(
    int FigureCount,
    bool SvgRootPresent,
    int TraceCount,
    int DrawnTraceCount,
    IReadOnlyList<FigureRender> Figures,
    IReadOnlyList<string> ChartErrors,
    IReadOnlyList<string> ConsoleErrors,
    string? PngPath)
{
    /// <summary>Drawn, with no errors of any kind.</summary>
    public bool Ok => SvgRootPresent && FigureCount > 0 && ChartErrors.Count == 0 && ConsoleErrors.Count == 0;
}

/// <summary>One drawn figure: its div id, the traces plotly holds and the trace groups it drew, its title as drawn,
/// what <c>Plotly.validate</c> says about its data and layout (unknown attribute names, bad values), and the data values
/// that lie outside the range plotly drew their axis with (<paramref name="OutsideAxisRange"/>; empty when every point
/// is in view).</summary>
public sealed record FigureRender(string Id, bool SvgRootPresent, int TraceCount, int DrawnTraceCount, string? Title,
    IReadOnlyList<string> ValidationErrors, IReadOnlyList<string> OutsideAxisRange)
{
    /// <summary>The names of the visible traces plotly drew, in order (legend entries, threshold and formula lines).</summary>
    public IReadOnlyList<string> TraceNames { get; init; } = [];
}

/// <summary>A chart page failed to draw in headless Chromium.</summary>
public sealed class ChartRenderException(string message) : Exception(message);
