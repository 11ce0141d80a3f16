using System.Text.Json.Nodes;

namespace PypiKit.Cli.Tests;

/// <summary><c>pypikit notebook run|html|params</c> and <c>pypikit repl</c>, run as the real CLI process.</summary>
[Trait("Category", "Slow")]
public class NotebookCommandTests
{
    private const string Notebook = """
        {
         "cells": [
          {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# CLI check"]},
          {"cell_type": "code", "execution_count": null, "id": "params", "metadata": {"tags": ["parameters"], "polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["int instances = 2;\n", "string label = \"default\";"]},
          {"cell_type": "code", "execution_count": null, "id": "work", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["Console.WriteLine($\"{label}: {instances * 10} tasks, cwd {System.IO.Path.GetFileName(Environment.CurrentDirectory)}\");"]},
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
        private readonly TempDir _dir = new("pypikit-cli-nb-");
        public string Dir => _dir.Path;
        public string NotebookPath => Path.Combine(Dir, "nbdir", "check.ipynb");
        public Scratch()
        {
            Directory.CreateDirectory(Path.Combine(Dir, "nbdir"));
            File.WriteAllText(NotebookPath, Notebook);
        }
        public void Dispose() => _dir.Dispose();
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
        Assert.Contains("check.ipynb failed in cell 5 (id fail)", run.Stderr);
        Assert.Contains("InvalidOperationException: too many", run.Stderr);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(s.Dir, "failed.ipynb")))!;
        Assert.Equal("error", (string?)executed["cells"]![4]!["outputs"]![0]!["output_type"]);
    }

    private const string SlowNotebook = """
        {
         "cells": [
          {"cell_type": "code", "execution_count": null, "id": "first", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["var child = System.Diagnostics.Process.Start(\"sleep\", \"300\");\n", "Console.WriteLine($\"child {child.Id}\");"]},
          {"cell_type": "code", "execution_count": null, "id": "slow", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["Console.WriteLine(\"waiting\");\n", "await Task.Delay(300_000);"]},
          {"cell_type": "code", "execution_count": null, "id": "never", "metadata": {"polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [], "source": ["Console.WriteLine(\"never\");"]}
         ],
         "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    [Fact]
    public async Task Ctrl_C_saves_the_partly_executed_notebook_stops_children_and_exits_130()
    {
        using var s = new Scratch();
        var path = Path.Combine(s.Dir, "slow.ipynb");
        File.WriteAllText(path, SlowNotebook);
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = s.Dir,
        };
        foreach (var a in new[] { CliRunner.CliDll, "notebook", "run", path, "--out", "partial.ipynb", "--html", "partial.html" }) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = new System.Text.StringBuilder();
        var firstCellDone = new TaskCompletionSource();
        p.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data?.Contains("var child") == true) firstCellDone.TrySetResult();
        };
        p.BeginErrorReadLine();
        try
        {
            await firstCellDone.Task.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
            await Task.Delay(1500, TestContext.Current.CancellationToken); // the slow cell is running
            Assert.True(PypiKit.Processes.UnixSignal.Send(p.Id, PypiKit.Processes.UnixSignal.Interrupt));
            await p.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        await stdout;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {stderr}");
        Assert.Contains("interrupted: slow.ipynb stopped in cell 2 (id slow)", stderr.ToString());
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(s.Dir, "partial.ipynb")))!;
        var cells = executed["cells"]!.AsArray();
        var childLine = string.Concat(cells[0]!["outputs"]![0]!["text"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("waiting\n", string.Concat(cells[1]!["outputs"]![0]!["text"]!.AsArray().Select(t => (string?)t)));
        Assert.Equal("Interrupted", (string?)cells[1]!["outputs"]![1]!["ename"]);
        Assert.Empty(cells[2]!["outputs"]!.AsArray());
        Assert.Equal("interrupted", (string?)executed["metadata"]!["pypikit"]!["status"]);
        Assert.True(File.Exists(Path.Combine(s.Dir, "partial.html")));
        // The process the first cell started was stopped with the run.
        var childPid = int.Parse(childLine.Trim().Split(' ')[1]);
        for (var i = 0; i < 50 && Directory.Exists($"/proc/{childPid}"); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(Directory.Exists($"/proc/{childPid}"), $"child {childPid} still runs");
    }

    [Fact]
    public async Task Bad_parameters_and_missing_notebooks_are_bad_input()
    {
        using var s = new Scratch();
        var bad = await InProcessCli.RunAsync("notebook", "run", s.NotebookPath, "-p", "instances=lots", "--out", Path.Combine(s.Dir, "x.ipynb"));
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("instances", bad.Stderr);
        Assert.False(File.Exists(Path.Combine(s.Dir, "x.ipynb")));
        var missing = await InProcessCli.RunAsync("notebook", "run", Path.Combine(s.Dir, "nope.ipynb"));
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("nope.ipynb", missing.Stderr);
        var parameters = await InProcessCli.RunAsync("notebook", "params", s.NotebookPath);
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
