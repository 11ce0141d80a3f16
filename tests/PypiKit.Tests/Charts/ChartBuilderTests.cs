using System.Text.Json.Nodes;
using Plotly.NET;
using PypiKit.Charts;

namespace PypiKit.Tests.Charts;

/// <summary>What <see cref="ChartBuilder"/> puts into the plotly JSON Plotly.NET writes.</summary>
public class ChartBuilderTests
{
    [Fact]
    public void A_chart_is_plotly_data_and_layout_serialized_by_plotly_net()
    {
        GenericChart chart = SampleFigures.TimeSeriesWithThreshold();
        var json = new ChartJson(chart);
        Assert.Equal(5, json.Data.Count);
        Assert.Equal("Latency over time", json.Title);
        Assert.Equal("p95 latency (ms)", json.AxisTitle("yaxis"));
        Assert.Equal("date", (string?)json.Layout["xaxis"]!["type"]);
        Assert.Equal("tozero", (string?)json.Layout["yaxis"]!["rangemode"]);
        Assert.Equal("y", (string?)json.Layout["yaxis2"]!["overlaying"]);
        Assert.Equal("right", (string?)json.Layout["yaxis2"]!["side"]);
        Assert.Equal("y2", (string?)json.Trace("throughput (right)")["yaxis"]);
        Assert.Equal(5, ChartFacts.TraceCount(chart));
    }

    [Fact]
    public void Times_are_utc_plotly_dates_and_missing_values_are_gaps()
    {
        var json = new ChartJson(SampleFigures.TimeSeriesWithThreshold());
        var p50 = json.Trace("p50");
        Assert.Equal("2026-01-02 03:00:00.000", ChartJson.Strings(p50, "x")[0]);
        Assert.Null(ChartJson.Numbers(p50, "y")[4]);
        Assert.Equal("dot", (string?)p50["line"]!["dash"]);
    }

    [Fact]
    public void A_threshold_line_is_a_legend_entry_at_its_value_across_the_data()
    {
        var json = new ChartJson(SampleFigures.TimeSeriesWithThreshold());
        var line = json.Trace("target (burst) 2000 ms");
        Assert.Equal([2000.0, 2000.0], ChartJson.Numbers(line, "y"));
        Assert.Equal(SampleFigures.Times(12)[^1], ChartJson.Strings(line, "x")[1]);
        Assert.Equal("dash", (string?)line["line"]!["dash"]);
    }

    [Fact]
    public void A_threshold_far_outside_the_data_is_noted_not_drawn()
    {
        var b = new ChartBuilder("Swap").Add(Traces.Lines("si", new[] { 0.0, 1, 2 }, [3.0, 8, 5]));
        Assert.False(b.Threshold(1000, "swap storm", 0, 8, 0.0, 2.0));
        var json = new ChartJson(b.Build());
        Assert.Single(json.Data);
        Assert.Contains("swap storm: above the data, not drawn", json.Title);

        var near = new ChartBuilder().Add(Traces.Lines("si", new[] { 0.0, 1 }, [300.0, 900]));
        Assert.True(near.Threshold(1000, "swap storm", 0, 900, 0.0, 1.0));
        Assert.Equal(2, new ChartJson(near.Build()).Data.Count);
    }

    [Theory]
    [InlineData(1000, 0, 900, true)]
    [InlineData(1000, 0, 20, false)]
    [InlineData(-50, 0, 20, false)]
    [InlineData(5, 5, 5, true)]
    [InlineData(80, 0, 97, true)]
    public void Threshold_in_view_means_within_half_a_span_of_the_data(double y, double min, double max, bool inView) =>
        Assert.Equal(inView, ChartBuilder.ThresholdInView(y, min, max));

    [Fact]
    public void Bands_of_one_group_share_a_single_legend_entry()
    {
        var json = new ChartJson(new ChartBuilder()
            .Band(0.0, 1.0, 0, 10, "burst window")
            .Band(5.0, 6.0, 0, 10, "burst window")
            .Band(0.0, 6.0, 8, 10, "alarm zone")
            .Build());
        Assert.Equal([true, false, true], json.Traces.Select(t => (bool)t["showlegend"]!).ToArray());
        Assert.All(json.Traces, t => Assert.Equal("toself", (string?)t["fill"]));
    }

    [Fact]
    public void The_page_writer_keeps_chart_json_inside_its_script_element()
    {
        var chart = new ChartBuilder("</script><b>x</b>").Add(Traces.Bars("b", new[] { "a" }, [1.0])).Build();
        var html = new HtmlReportWriter(new HtmlReportOptions { PlotlyJs = PlotlyJsMode.Cdn }).Render(HtmlReport.Create("t").Figure(chart).Build());
        Assert.DoesNotContain("</script><b>", html, StringComparison.OrdinalIgnoreCase);
        var script = html[(html.IndexOf("PypiKitCharts.plot(\"pypikit-figure-1\", ", StringComparison.Ordinal) + 39)..];
        var figure = JsonNode.Parse(script[..script.IndexOf(");</script>", StringComparison.Ordinal)])!;
        Assert.Equal("</script><b>x</b>", (string?)figure["layout"]!["title"]!["text"]);
    }
}
