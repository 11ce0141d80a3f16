namespace PypiKit.Charts;

/// <summary>How a page gets plotly.js.</summary>
public enum PlotlyJsMode
{
    /// <summary>Copied into the page: one self-contained file (≈ 4.8 MB) that opens offline anywhere.</summary>
    Inline,

    /// <summary>Written once beside the page as <c>plotly.min.js</c> and referenced by a relative &lt;script src&gt;:
    /// small pages, works offline, but the two files travel together.</summary>
    Beside,

    /// <summary>Loaded from the plotly CDN (<see cref="PlotlyJs.CdnUrl"/>): for notebooks and pages viewed online.</summary>
    Cdn,
}
