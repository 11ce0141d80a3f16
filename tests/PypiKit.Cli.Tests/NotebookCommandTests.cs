using System.Text.Json.Nodes;

namespace PypiKit.Cli.Tests;

/// <summary><c>pypikit notebook run|html|params</c> and <c>pypikit repl</c>, run as the real CLI process.</summary>
public class NotebookCommandTests
{
    private const string Notebook = """
        {
         "cells": [
          {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# CLI check"]},
          {"cell_type": "code", "execution_count": null, "id": "params", "metadata": {"tags": ["parameters"], "polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["int instances = 2;\n", "string label = \"default\";"]},
          {"cell_type": "code", "execution_count": null, "id": "work", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["Console.WriteLine($\"{label}: {instances * 10} tasks, cwd {Path.GetFileName(Environment.CurrentDirectory)}\");"]},
          {"cell_type": "code", "execution_count": null, "id": "fail", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["if (instances > 5)\n", "    throw new InvalidOperationException(\"too many\");"]}
         ],
         "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
                      "language_info": {"name": "polyglot-notebook"},
                      "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}},
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    private sealed class Scratch : IDisposable
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("pypikit-cli-nb-").FullName;
        public string NotebookPath => Path.Combine(Dir, "nbdir", "check.ipynb");
        public Scratch()
        {
            Directory.CreateDirectory(Path.Combine(Dir, "nbdir"));
            File.WriteAllText(NotebookPath, Notebook);
        }
        public void Dispose()
        {
            try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Notebook_run_injects_parameters_and_writes_the_executed_notebook_and_html()
    {
        using var s = new Scratch();
        var run = await CliRunner.RunAsync(
            ["notebook", "run", s.NotebookPath, "-p", "instances=3", "-p", "label=ci run", "--out", "out/executed.ipynb", "--html", "out/report.html", "--plotly-cdn"],
            workingDirectory: s.Dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(s.Dir, "out", "executed.ipynb")))!;
        var cells = executed["cells"]!.AsArray();
        Assert.Equal(5, cells.Count);
        Assert.Equal("injected-parameters", (string?)cells[2]!["metadata"]!["tags"]![0]);
        var text = string.Concat(cells[3]!["outputs"]![0]!["text"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("ci run: 30 tasks, cwd nbdir\n", text); // cells run in the notebook's directory
        Assert.Contains("ci run: 30 tasks", File.ReadAllText(Path.Combine(s.Dir, "out", "report.html")));
        Assert.Contains("executed notebook:", run.Stdout);
        Assert.Contains("html report:", run.Stdout);

        // Without --out the executed notebook goes beside the HTML report.
        var again = await CliRunner.RunAsync(["notebook", "run", s.NotebookPath, "--html", "report/page.html", "--quiet"], workingDirectory: s.Dir);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.True(File.Exists(Path.Combine(s.Dir, "report", "check.executed.ipynb")));
    }

    [Fact]
    public async Task A_failing_cell_exits_1_and_names_the_cell_and_line()
    {
        using var s = new Scratch();
        var run = await CliRunner.RunAsync(["notebook", "run", s.NotebookPath, "-p", "instances=9", "--out", "failed.ipynb"], workingDirectory: s.Dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("check.ipynb failed in cell 5 (id fail), line 2: InvalidOperationException: too many", run.Stderr);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(s.Dir, "failed.ipynb")))!;
        Assert.Equal("error", (string?)executed["cells"]![4]!["outputs"]![0]!["output_type"]);
    }

    [Fact]
    public async Task Bad_parameters_and_missing_notebooks_are_bad_input()
    {
        using var s = new Scratch();
        var bad = await CliRunner.RunAsync(["notebook", "run", s.NotebookPath, "-p", "instances=lots", "--out", "x.ipynb"], workingDirectory: s.Dir);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("instances", bad.Stderr);
        var missing = await CliRunner.RunAsync(["notebook", "run", "nope.ipynb"], workingDirectory: s.Dir);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.ipynb", missing.Stderr);
        var parameters = await CliRunner.RunAsync(["notebook", "params", s.NotebookPath]);
        Assert.Contains("instances : int = 2", parameters.Stdout);
    }

    [Fact]
    public async Task Repl_reads_piped_input_expression_multi_line_statement_and_survives_an_error()
    {
        using var s = new Scratch();
        var history = Path.Combine(s.Dir, "history");
        var run = await CliRunner.RunAsync(["repl", "--history", history],
            stdin: "var n = 6;\nn * 7\nstring Greet(string who)\n{\n    return $\"hello {who}\";\n}\nundefinedName\nGreet(\"repl\")\n#exit\n",
            workingDirectory: s.Dir);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["42", "hello repl"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("CS0103", run.Stderr);
        Assert.True(File.Exists(history));
    }
}
