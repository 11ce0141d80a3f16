using System.CommandLine;
using PypiKit.Browser;
using PypiKit.Charts;
using Spectre.Console;

namespace PypiKit.Cli.Commands.Chart;

/// <summary><c>pypikit chart png</c>: a PNG of any PypiKit HTML report, rendered in headless Chromium.</summary>
internal static class PngCommand
{
    public static Command Build()
    {
        var html = new Argument<string>("html") { Description = "The HTML report to render (any page PypiKit wrote)." };
        var output = new Option<string?>("--out") { Description = "PNG file to write (default: the report's path with .png)." };
        var png = new Command("png",
            "Render an HTML report in headless Chromium (Debian's chromium, PYPIKIT_CHROMIUM to override) and save the " +
            "whole page as a PNG, after every chart has drawn. Fails, naming the figure, when a chart does not draw.\n" +
            "Example: pypikit chart png lab-results/lab_20261122_011955/burst_production_incident-local_20261122_011957.html");
        png.Arguments.Add(html);
        png.Options.Add(output);
        png.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var page = Path.GetFullPath(r.GetValue(html)!);
            if (!File.Exists(page)) throw new InvalidInputException("html", $"no such report: {page}");
            var target = Path.GetFullPath(r.GetValue(output) ?? Path.ChangeExtension(page, ".png"));
            await using var exporter = await PngExporter.StartAsync(ct: ct);
            ChartPageRender render;
            try { render = await exporter.ExportPageAsync(page, target, ct); }
            catch (ChartRenderException ex)
            {
                CliConsole.Error.WriteLine($"error: {ex.Message}");
                if (ex.Message.Contains("plotly.js did not load", StringComparison.Ordinal))
                    CliConsole.Error.WriteLine("hint: the page refers to a plotly.js it could not load (a CDN page, and the browser here is offline, " +
                                            "or plotly.min.js missing beside it). Write the report again with plotly.js inlined (the default), then export it.");
                return ExitCodes.Failure;
            }
            CliConsole.Out.MarkupLine($"wrote [blue]{Markup.Escape(target)}[/] ({render.FigureCount} charts, {render.DrawnTraceCount} traces drawn)");
            return 0;
        });
        return png;
    }
}
