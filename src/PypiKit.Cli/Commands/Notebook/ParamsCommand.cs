using System.CommandLine;
using System.Runtime.InteropServices;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Export;
using PypiKit.Notebooks.Format;
using PypiKit.Notebooks.Kernels;

namespace PypiKit.Cli.Commands.Notebook;

/// <summary><c>pypikit notebook params</c>: list the parameters a notebook declares.</summary>
internal static class ParamsCommand
{
    public static Command Build()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb file." };
        var cmd = new Command("params",
            "List the variables of a notebook's 'parameters' cell (what -p can override), with their types and defaults.\n" +
            "Example: pypikit notebook params notebooks/03-burst-lab.ipynb");
        cmd.Arguments.Add(notebook);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var declared = ParameterInjector.Declared(NotebookFile.Read(r.GetValue(notebook)!));
            if (declared.Count == 0) CliConsole.Text.WriteLine("(no cell tagged 'parameters')");
            foreach (var p in declared) CliConsole.Text.WriteLine($"{p.Name} : {p.Type ?? "var"} = {p.DefaultExpression}");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
