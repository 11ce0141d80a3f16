using System.CommandLine;
using System.Runtime.InteropServices;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Format;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Cli.Commands.Notebook;

/// <summary><c>pypikit notebook html</c>: export a notebook as a self-contained HTML page.</summary>
internal static class HtmlCommand
{
    public static Command Build()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb file (usually an executed one) to export." };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write (replaced if it exists).", Required = true }.Path(PathKind.OutputFile);
        var noCode = new Option<bool>("--no-code") { Description = "Leave code out: markdown and outputs only." };
        var cdn = new Option<bool>("--plotly-cdn") { Description = "Link plotly.js from its CDN instead of inlining it." };
        var cmd = new Command("html",
            "Export a notebook as one HTML page without running it (markdown through Markdig, outputs and Plotly charts embedded).\n" +
            "Example: pypikit notebook html out/sizing.executed.ipynb --out out/sizing.html");
        cmd.Arguments.Add(notebook);
        cmd.Options.Add(output);
        cmd.Options.Add(noCode);
        cmd.Options.Add(cdn);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var doc = NotebookDocument.Load(r.GetValue(notebook)!);
            if (!r.GetValue(cdn)) ReportPages.CheckPlotlyJs();
            var path = Path.GetFullPath(r.GetValue(output)!);
            NotebookHtmlExporter.Export(doc, path, new NotebookHtmlOptions
            {
                IncludeCode = !r.GetValue(noCode),
                PlotlyScript = r.GetValue(cdn) ? PlotlyScriptMode.Cdn : PlotlyScriptMode.Inline,
            });
            CliConsole.Text.WriteLine($"html report: {path}");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
