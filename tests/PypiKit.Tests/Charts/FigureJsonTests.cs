using System.Text.Json;
using System.Text.RegularExpressions;
using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

public class FigureJsonTests
{
    private static JsonElement Parse(Figure f) => JsonDocument.Parse(f.ToJson()).RootElement;

    [Fact]
    public void A_figure_is_data_layout_and_config()
    {
        var json = Parse(SampleFigures.TimeSeriesWithThreshold());
        Assert.Equal(["data", "layout", "config"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, json.GetProperty("data").GetArrayLength());
        Assert.False(json.GetProperty("config").GetProperty("displaylogo").GetBoolean());
    }

    [Fact]
    public void Scatter_traces_use_plotly_attribute_names()
    {
        var trace = Parse(SampleFigures.TimeSeriesWithThreshold()).GetProperty("data")[1];
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("p50", trace.GetProperty("name").GetString());
        Assert.Equal("lines", trace.GetProperty("mode").GetString());
        Assert.Equal("dot", trace.GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal(ChartColors.Orange, trace.GetProperty("line").GetProperty("color").GetString());
        Assert.Equal("2026-01-02 03:00:00.000", trace.GetProperty("x")[0].GetString());
        Assert.Equal(JsonValueKind.Null, trace.GetProperty("y")[4].ValueKind); // NaN is a gap
        var third = Parse(SampleFigures.TimeSeriesWithThreshold()).GetProperty("data")[2];
        Assert.Equal("y2", third.GetProperty("yaxis").GetString());
    }

    [Fact]
    public void Layout_axes_grid_and_legend_use_plotly_attribute_names()
    {
        var layout = Parse(SampleFigures.GridOfKinds()).GetProperty("layout");
        Assert.Equal("Every trace kind", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("category", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("Tasks per instance (tasks)", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("xaxis2").GetProperty("type").GetString());
        Assert.Equal("Latency (ms)", layout.GetProperty("xaxis2").GetProperty("title").GetProperty("text").GetString());
        Assert.True(layout.TryGetProperty("yaxis4", out _));
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal("independent", layout.GetProperty("grid").GetProperty("pattern").GetString());
        Assert.Equal("group", layout.GetProperty("barmode").GetString());
        Assert.Equal(700, layout.GetProperty("height").GetInt32());

        var ts = Parse(SampleFigures.TimeSeriesWithThreshold()).GetProperty("layout");
        Assert.Equal("date", ts.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("tozero", ts.GetProperty("yaxis").GetProperty("rangemode").GetString());
        Assert.Equal("y", ts.GetProperty("yaxis2").GetProperty("overlaying").GetString());
        Assert.Equal("right", ts.GetProperty("yaxis2").GetProperty("side").GetString());
        Assert.Equal("h", ts.GetProperty("legend").GetProperty("orientation").GetString());
    }

    [Fact]
    public void Other_trace_kinds_use_plotly_attribute_names()
    {
        var data = Parse(SampleFigures.GridOfKinds()).GetProperty("data");
        Assert.Equal(["bar", "bar", "histogram", "box", "heatmap"], data.EnumerateArray().Select(t => t.GetProperty("type").GetString()));
        Assert.Equal(ChartColors.Blue, data[0].GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal(30, data[2].GetProperty("nbinsx").GetInt32());
        Assert.Equal("percent", data[2].GetProperty("histnorm").GetString());
        Assert.Equal("x2", data[2].GetProperty("xaxis").GetString());
        Assert.Equal("outliers", data[3].GetProperty("boxpoints").GetString());
        Assert.True(data[3].GetProperty("boxmean").GetBoolean());
        Assert.Equal(6, data[4].GetProperty("z")[1][2].GetDouble());
        Assert.Equal("YlOrRd", data[4].GetProperty("colorscale").GetString());
        Assert.Equal("errors (count)", data[4].GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void A_threshold_line_sits_at_the_configured_value_across_the_plot()
    {
        var layout = Parse(SampleFigures.TimeSeriesWithThreshold()).GetProperty("layout");
        var line = layout.GetProperty("shapes").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "line");
        Assert.Equal("paper", line.GetProperty("xref").GetString());
        Assert.Equal(0, line.GetProperty("x0").GetDouble());
        Assert.Equal(1, line.GetProperty("x1").GetDouble());
        Assert.Equal("y", line.GetProperty("yref").GetString());
        Assert.Equal(2000, line.GetProperty("y0").GetDouble());
        Assert.Equal(2000, line.GetProperty("y1").GetDouble());
        var label = layout.GetProperty("annotations").EnumerateArray().First();
        Assert.Equal(2000, label.GetProperty("y").GetDouble());
        Assert.False(label.GetProperty("showarrow").GetBoolean());
        var window = layout.GetProperty("shapes").EnumerateArray().Last();
        Assert.Equal("2026-01-02 03:15:00.000", window.GetProperty("x0").GetString());
        Assert.Equal("below", window.GetProperty("layer").GetString());
    }

    [Fact]
    public void Every_key_is_a_plotly_style_name_not_snake_or_camel_case()
    {
        var allowed = new HashSet<string> { "plot_bgcolor", "paper_bgcolor", "staticPlot" };
        var fig = SampleFigures.GridOfKinds() with
        {
            Layout = SampleFigures.GridOfKinds().Layout with { PlotBgColor = "#fff", PaperBgColor = "#fff" },
            Config = PlotConfig.Default with { StaticPlot = true },
        };
        var keys = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
                foreach (var p in e.EnumerateObject()) { keys.Add(p.Name); Walk(p.Value); }
            else if (e.ValueKind == JsonValueKind.Array)
                foreach (var i in e.EnumerateArray()) Walk(i);
        }
        Walk(Parse(fig));
        Walk(Parse(SampleFigures.TimeSeriesWithThreshold()));
        Assert.Contains("plot_bgcolor", keys);
        Assert.All(keys, k => Assert.True(Regex.IsMatch(k, "^[a-z]+[0-9]*$") || allowed.Contains(k), $"'{k}' is not a plotly attribute name"));
    }

    [Fact]
    public void Extra_attributes_are_written_as_given()
    {
        var fig = new Figure
        {
            Traces = [new ScatterTrace { Y = new[] { 1.0, 2 }, Extra = new Dictionary<string, object?> { ["cliponaxis"] = false } }],
            Layout = new Layout { Extra = new Dictionary<string, object?> { ["uirevision"] = "keep", ["hoverlabel"] = new { namelength = -1 } } },
        };
        var json = Parse(fig);
        Assert.False(json.GetProperty("data")[0].GetProperty("cliponaxis").GetBoolean());
        Assert.Equal("keep", json.GetProperty("layout").GetProperty("uirevision").GetString());
        Assert.Equal(-1, json.GetProperty("layout").GetProperty("hoverlabel").GetProperty("namelength").GetInt32());
    }

    [Fact]
    public void Figures_are_immutable_values_the_builder_does_not_change_later()
    {
        var builder = Figure.Build("t").Add(ScatterTrace.Lines("a", new[] { 1.0 }, new[] { 2.0 }));
        var first = builder.Build();
        builder.Add(ScatterTrace.Lines("b", new[] { 1.0 }, new[] { 3.0 })).HorizontalLine(1);
        Assert.Single(first.Traces);
        Assert.Null(first.Layout.Shapes);
        Assert.Equal(2, builder.Build().Traces.Count);
        Assert.Equal("Figure \"t\" (1 traces)", first.ToString());
    }

    [Fact]
    public void Scatter_modes_with_several_parts_use_plus()
    {
        var json = Parse(new Figure { Traces = [new ScatterTrace { Mode = ScatterMode.LinesMarkers, Y = new[] { 1.0 } }] });
        Assert.Equal("lines+markers", json.GetProperty("data")[0].GetProperty("mode").GetString());
    }

    [Fact]
    public void Json_can_sit_inside_a_script_element()
    {
        var fig = Figure.Build("</script><b>x</b>").Build();
        Assert.DoesNotContain("</script", fig.ToJson(), StringComparison.OrdinalIgnoreCase);
    }
}
