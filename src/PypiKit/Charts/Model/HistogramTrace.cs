namespace PypiKit.Charts;

/// <summary>plotly <c>histogram</c>: plotly bins the raw <see cref="X"/> values itself (or give <see cref="XBins"/>).
/// <see cref="Cumulative"/> turns it into an empirical CDF.</summary>
public sealed record HistogramTrace : Trace
{
    public override string Type => "histogram";

    public PlotValues? X { get; init; }

    /// <summary>Maximum number of bins plotly may use.</summary>
    public int? NBinsX { get; init; }

    public HistNorm? HistNorm { get; init; }
    public Bins? XBins { get; init; }
    public CumulativeOptions? Cumulative { get; init; }
}

/// <summary>Histogram bin edges: <c>start</c>, <c>end</c>, bin <c>size</c>.</summary>
public sealed record Bins(double? Start = null, double? End = null, double? Size = null);

/// <summary>Histogram <c>cumulative</c>: <c>enabled</c> draws a running total (a CDF with <see cref="HistNorm.Percent"/>).</summary>
public sealed record CumulativeOptions(bool Enabled = true);

/// <summary>Histogram <c>histnorm</c> (leave it null for plain counts).</summary>
public enum HistNorm
{
    Percent,
    Probability,
    Density,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("probability density")] ProbabilityDensity,
}
