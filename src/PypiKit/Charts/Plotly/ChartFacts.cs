using Plotly.NET;

namespace PypiKit.Charts;

/// <summary>What the HTML writer and PNG export need to know about a Plotly.NET chart: its plotly JSON, title and size.</summary>
public static class ChartFacts
{
    /// <summary>The chart as plotly figure JSON (<c>{"data":[…],"layout":{…},"frames":[]}</c>), serialized by Plotly.NET.</summary>
    public static string Json(GenericChart chart) => GenericChart.toFigureJson(chart);

    /// <summary>The layout's title text, or null.</summary>
    public static string? Title(GenericChart chart) =>
        GenericChart.getLayout(chart).TryGetPropertyValue("title") is { } t && t.Value is DynamicObj.DynamicObj title
            && title.TryGetPropertyValue("text") is { } text ? text.Value as string : null;

    /// <summary>The layout's width and height in px, when set.</summary>
    public static (int? Width, int? Height) Size(GenericChart chart)
    {
        var layout = GenericChart.getLayout(chart);
        return (Int(layout, "width"), Int(layout, "height"));
    }

    /// <summary>The traces of the chart.</summary>
    public static int TraceCount(GenericChart chart) => GenericChart.countTrace(chart);

    private static int? Int(DynamicObj.DynamicObj o, string name) =>
        o.TryGetPropertyValue(name) is { } v && v.Value is int i ? i : null;
}
