using PypiKit.Charts;

namespace PypiKit.Cli;

/// <summary>The plotly.js a command's HTML pages will inline, checked before any work starts.</summary>
internal static class ReportPages
{
    /// <summary>
    /// One line naming <c>PYPIKIT_PLOTLY_JS</c> (exit 2) when the pages could not get a plotly.js — the variable names a
    /// file that does not exist — so a long run never ends on it. Without the variable, the npm copy or Plotly.NET's
    /// own is always there (<see cref="PlotlyJs.Resolve(string?, string?)"/>).
    /// </summary>
    public static void CheckPlotlyJs()
    {
        try { _ = PlotlyJs.Resolve(); }
        catch (FileNotFoundException e) { throw new InvalidInputException(PlotlyJs.EnvironmentVariable, e.Message); }
    }
}
