using System.CommandLine;

namespace PypiKit.Cli.Commands;

/// <summary><c>pypikit notebook run|html|params</c>: run .ipynb notebooks headless (papermill-style) and export them as HTML; one file per verb under <c>Commands/Notebook/</c>.</summary>
public sealed class NotebookModule : ICliModule
{
    public Command Build()
    {
        var group = new Command("notebook",
            "Run C# notebooks (.ipynb, Polyglot/Jupyter format) headless, papermill-style, and export them as HTML.\n" +
            "Example: pypikit notebook run notebooks/01-sizing-explorer.ipynb -p instances=3 --html out/sizing.html");
        group.Subcommands.Add(Notebook.RunCommand.Build());
        group.Subcommands.Add(Notebook.HtmlCommand.Build());
        group.Subcommands.Add(Notebook.ParamsCommand.Build());
        return group;
    }
}
