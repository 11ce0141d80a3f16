namespace PypiKit.Charts;

/// <summary>plotly <c>box</c>: quartiles, whiskers and outliers of <see cref="Y"/> (one box per distinct <see cref="X"/>).</summary>
public sealed record BoxTrace : Trace
{
    public override string Type => "box";

    public PlotValues? X { get; init; }
    public PlotValues? Y { get; init; }

    /// <summary><c>all</c>, <c>outliers</c>, <c>suspectedoutliers</c>.</summary>
    public string? BoxPoints { get; init; }

    /// <summary>Draw the mean as a dashed line.</summary>
    public bool? BoxMean { get; init; }
}
