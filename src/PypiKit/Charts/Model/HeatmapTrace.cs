namespace PypiKit.Charts;

/// <summary>plotly <c>heatmap</c>: <see cref="Z"/>[row][column] coloured over <see cref="X"/> (columns) × <see cref="Y"/> (rows).</summary>
public sealed record HeatmapTrace : Trace
{
    public override string Type => "heatmap";

    public PlotValues? X { get; init; }
    public PlotValues? Y { get; init; }
    public IReadOnlyList<IReadOnlyList<double>>? Z { get; init; }

    /// <summary>A plotly colour-scale name (<c>Viridis</c>, <c>YlOrRd</c>, <c>Blues</c>, …).</summary>
    public string? ColorScale { get; init; }
    public double? ZMin { get; init; }
    public double? ZMax { get; init; }
    public ColorBar? ColorBar { get; init; }

    /// <summary>Cell labels, e.g. <c>"%{z:.0f}"</c>.</summary>
    public string? TextTemplate { get; init; }
}

/// <summary>The heatmap's colour bar; put the unit of <c>z</c> in its title.</summary>
public sealed record ColorBar(Title? Title = null);
