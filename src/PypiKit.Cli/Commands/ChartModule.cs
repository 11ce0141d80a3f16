using System.CommandLine;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit chart</c>: the chart commands (<c>png</c>: a PNG of any PypiKit HTML report), one file each under <c>Commands/Chart/</c>.</summary>
public sealed class ChartModule : ICliModule
{
    public Command Build()
    {
        var chart = new Command("chart", "Work with PypiKit's chart pages: export them as PNG images.");
        chart.Subcommands.Add(Chart.PngCommand.Build());
        return chart;
    }
}
