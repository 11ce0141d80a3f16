using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Format;
using static PypiKit.Notebooks.Tests.Notebooks.NotebookTestHelpers;

namespace PypiKit.Notebooks.Tests.Notebooks;

public class RunnerTests
{
    [Fact]
    public async Task State_is_shared_across_cells_and_outputs_are_captured()
    {
        var nb = Build("var x = 20;", "int Twice(int v) => v * 2;\nConsole.WriteLine($\"x={x}\");", "Twice(x) + 2");
        var r = await RunAsync(nb);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var stream = Assert.Single(r.Outputs(1));
        Assert.Equal("stream", (string?)stream["output_type"]);
        Assert.Equal("stdout", (string?)stream["name"]);
        Assert.Equal("x=20\n", Text(stream["text"]));
        var result = Assert.Single(r.Outputs(2));
        Assert.Equal("execute_result", (string?)result["output_type"]);
        Assert.Equal("42", Text(result["data"]!["text/plain"]));
        Assert.Equal(3, (int?)r.Notebook.Cells[2].Json["execution_count"]);
        Assert.Empty(nb.Cells[2].Outputs); // the input notebook is not modified
    }

    [Fact]
    public async Task Parameters_override_the_parameters_cell_with_its_declared_types()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddMarkdown("# Title");
        nb.AddCode("int instances = 2;\nstring name = \"a\";\nvar ratio = 0.5;\nbool dryRun = true;", ParameterInjector.ParametersTag);
        nb.AddCode("Console.WriteLine($\"{instances} {name} {ratio * 2} {dryRun}\");");
        var r = await RunAsync(nb, new NotebookRunOptions
        {
            Parameters = new Dictionary<string, string> { ["instances"] = "5", ["name"] = "he said \"hi\"", ["ratio"] = "1.5", ["dryRun"] = "false" },
        });
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Empty(r.Warnings);
        var injected = r.Notebook.Cells[2];
        Assert.Contains(ParameterInjector.InjectedTag, injected.Tags);
        Assert.Contains("int instances = 5;", injected.Source);
        Assert.Contains("double ratio = 1.5;", injected.Source);
        Assert.Equal("5 he said \"hi\" 3 False\n", r.Stdout(3));
    }

    [Fact]
    public async Task Without_parameters_the_defaults_run_and_no_cell_is_injected()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddCode("int instances = 2;", ParameterInjector.ParametersTag);
        nb.AddCode("instances");
        var r = await RunAsync(nb);
        Assert.Equal(2, r.Notebook.Cells.Count);
        Assert.Equal("2", Text(r.Outputs(1)[0]["data"]!["text/plain"]));
    }

    [Fact]
    public void A_parameter_value_that_does_not_fit_its_type_is_bad_input()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddCode("int instances = 2;", ParameterInjector.ParametersTag);
        var ex = Assert.Throws<InvalidInputException>(() =>
            ParameterInjector.Inject(nb, new Dictionary<string, string> { ["instances"] = "many" }));
        Assert.Equal("instances", ex.Input);
        Assert.Contains("int", ex.Message);
    }

    [Fact]
    public void An_undeclared_parameter_is_injected_with_a_warning()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddCode("int instances = 2;", ParameterInjector.ParametersTag);
        var warnings = ParameterInjector.Inject(nb, new Dictionary<string, string> { ["extra"] = "0.25" });
        Assert.Contains(warnings, w => w.Contains("extra"));
        Assert.Contains("double extra = 0.25;", nb.Cells[1].Source);
    }

    [Fact]
    public async Task A_failing_cell_stops_the_run_and_is_reported_with_its_line()
    {
        var nb = Build("Console.WriteLine(\"first\");",
            "var a = 1;\nthrow new InvalidOperationException(\"boom\");",
            "Console.WriteLine(\"never\");");
        var r = await RunAsync(nb);
        Assert.False(r.Succeeded);
        var f = r.Failure!;
        Assert.Equal(1, f.CellIndex);
        Assert.Equal(2, f.Line);
        Assert.Equal("InvalidOperationException", f.ErrorName);
        Assert.Contains("cell 2", f.ToString());
        Assert.Contains("line 2", f.ToString());
        var error = Assert.Single(r.Outputs(1));
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("boom", (string?)error["evalue"]);
        Assert.Contains((error["traceback"] as JsonArray)!, l => ((string?)l)!.Contains("line 2"));
        Assert.Empty(r.Outputs(2));
        Assert.Null(r.Notebook.Cells[2].Json["execution_count"]);
        Assert.Equal(CellStatus.Skipped, r.Cells[2].Status);
        Assert.Equal("failed", (string?)r.Notebook.Metadata["pypikit"]!["status"]);
    }

    [Fact]
    public async Task A_compile_error_names_the_diagnostic_and_the_line_of_the_cell()
    {
        var nb = Build("var ok = 1;", "#!csharp\nvar y = 2;\nConsole.WriteLine(undefinedThing);");
        var r = await RunAsync(nb);
        Assert.Equal(1, r.Failure!.CellIndex);
        Assert.Equal("CS0103", r.Failure.ErrorName);
        Assert.Equal(3, r.Failure.Line); // the selector line counts: lines are the cell's
    }

    [Fact]
    public async Task Hash_r_resolves_a_dll_relative_to_the_notebook()
    {
        using var dir = new TempDir();
        var lib = Path.Combine(dir.Path, "lib");
        Directory.CreateDirectory(lib);
        var compilation = CSharpCompilation.Create("Tiny",
            [CSharpSyntaxTree.ParseText("namespace Tiny; public static class Answer { public static int Value => 42; }", cancellationToken: TestContext.Current.CancellationToken)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
             MetadataReference.CreateFromFile(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll"))],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emit = compilation.Emit(Path.Combine(lib, "Tiny.dll"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));

        var nb = Build("#r \"lib/Tiny.dll\"\nvar v = Tiny.Answer.Value;", "v + 0");
        var path = Path.Combine(dir.Path, "uses-tiny.ipynb");
        nb.Save(path);
        var r = await NotebookRunner.RunAsync(path, new NotebookRunOptions(), ct: TestContext.Current.CancellationToken);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal("42", Text(r.Outputs(1)[0]["data"]!["text/plain"]));
    }

    [Fact]
    public async Task Hash_r_nuget_maps_to_PypiKit_and_fails_clearly_for_unknown_packages()
    {
        var ok = await RunAsync(Build("#r \"nuget:PypiKit, 0.1.0\"\n#r \"nuget:Markdig\"\nMarkdig.Markdown.ToHtml(\"*x*\").Trim()"));
        Assert.True(ok.Succeeded, ok.Failure?.ToString());
        Assert.Equal("<p><em>x</em></p>", Text(ok.Outputs(0)[0]["data"]!["text/plain"]));

        var bad = await RunAsync(Build("var a = 1;\n#r \"nuget:No.Such.Package.Anywhere, 1.0\""));
        Assert.Equal("NuGetReference", bad.Failure!.ErrorName);
        Assert.Equal(2, bad.Failure.Line);
        Assert.Contains("No.Such.Package.Anywhere", bad.Failure.Message);
        Assert.Contains("no NuGet access", bad.Failure.Message);
    }

    [Fact]
    public async Task Selectors_split_cells_and_markdown_cells_are_not_run()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddMarkdown("# Heading\nnot code");
        nb.AddCode("#!markdown\n**bold** text\n#!csharp\nConsole.WriteLine(\"after\");");
        nb.AddCode("#!time\nvar t = 1;");
        var r = await RunAsync(nb);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var outputs = r.Outputs(1);
        Assert.Equal("**bold** text", Text(outputs[0]["data"]!["text/markdown"]));
        Assert.Equal("after\n", Text(outputs[1]["text"]));
        Assert.Contains("Wall time", r.Stdout(2));
    }

    [Fact]
    public async Task An_unsupported_magic_or_kernel_fails_with_a_clear_message()
    {
        var r = await RunAsync(Build("#!fsharp\nlet x = 1"));
        Assert.Equal("UnsupportedKernel", r.Failure!.ErrorName);
        Assert.Contains("fsharp", r.Failure.Message);
        var m = await RunAsync(Build("#!share --from fsharp x"));
        Assert.Equal("UnsupportedMagic", m.Failure!.ErrorName);
    }

    [Fact]
    public async Task Display_and_HTML_write_display_data_like_Polyglot()
    {
        var nb = Build(
            "display(HTML(\"<b>bold</b>\"));\nvar d = display(\"first\");\nd.Update(\"second\");\n\"text\".Display();",
            "display(new PypiKit.Notebooks.Display.PlotlyFigureJson(\"{\\\"data\\\":[{\\\"type\\\":\\\"bar\\\",\\\"y\\\":[1,2]}],\\\"layout\\\":{\\\"title\\\":{\\\"text\\\":\\\"T\\\"}}}\"))",
            "new[] { new { Name = \"a\", Size = 1 }, new { Name = \"b\", Size = 2 } }");
        var r = await RunAsync(nb);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var o = r.Outputs(0);
        Assert.Equal(3, o.Length);
        Assert.Equal("<b>bold</b>", Text(o[0]["data"]!["text/html"]));
        Assert.Equal("second", Text(o[1]["data"]!["text/plain"]));
        Assert.Equal("text", Text(o[2]["data"]!["text/plain"]));
        var figure = Assert.Single(r.Outputs(1));
        Assert.Equal("display_data", (string?)figure["output_type"]);
        Assert.Equal("bar", (string?)figure["data"]!["application/vnd.plotly.v1+json"]!["data"]![0]!["type"]);
        Assert.Contains("Plotly.newPlot", Text(figure["data"]!["text/html"]));
        Assert.Equal("T", Text(figure["data"]!["text/plain"]));
        var table = Assert.Single(r.Outputs(2));
        Assert.Contains("<th>Name</th>", Text(table["data"]!["text/html"]));
    }

    [Fact]
    public async Task A_PypiKit_figure_displays_as_a_Plotly_figure_with_an_html_fragment()
    {
        var r = await RunAsync(Build(
            "var fig = new ChartBuilder(\"Tasks\").Add(Traces.Bars(\"tasks\", new[] { \"a\", \"b\" }, new[] { 3.0, 4.0 })).Build();\ndisplay(fig);",
            "fig"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        foreach (var output in new[] { r.Outputs(0).Single(), r.Outputs(1).Single() })
        {
            var data = output["data"]!;
            Assert.Equal("bar", (string?)data["application/vnd.plotly.v1+json"]!["data"]![0]!["type"]);
            Assert.Contains("newPlot", Text(data["text/html"]));
            Assert.Equal("Tasks", Text(data["text/plain"]));
        }
    }

    [Fact]
    public async Task A_cell_running_past_the_cell_timeout_fails_the_run()
    {
        var r = await RunAsync(Build("var started = true;", "System.Threading.Thread.Sleep(8000);", "1"),
            new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(1, r.Failure!.CellIndex);
        Assert.Equal("Timeout", r.Failure.ErrorName);
        Assert.Equal(CellStatus.Skipped, r.Cells[2].Status);
    }

    [Fact]
    public async Task Notebooks_running_in_parallel_keep_their_console_output_apart()
    {
        var a = RunAsync(Build("for (var i = 0; i < 50; i++) { Console.Write(\"a\"); await Task.Yield(); }"));
        var b = RunAsync(Build("for (var i = 0; i < 50; i++) { Console.Write(\"b\"); await Task.Yield(); }"));
        var results = await Task.WhenAll(a, b);
        Assert.Equal(new string('a', 50), results[0].Stdout(0));
        Assert.Equal(new string('b', 50), results[1].Stdout(0));
    }

    [Fact]
    public async Task Default_imports_do_not_make_common_System_names_ambiguous()
    {
        var r = await RunAsync(Build(
            "var p = Path.Combine(\"a\", \"b\"); var e = File.Exists(p); var l = new List<int> { 1 }; " +
            "await Task.Delay(1); var s = new StringBuilder(\"x\"); var j = System.Text.Json.JsonSerializer.Serialize(l); " +
            "var sum = Enumerable.Range(1, 3).Sum(); var ts = TimeSpan.FromSeconds(1); var u = new Uri(\"http://x\"); sum"));
        Assert.True(r.Succeeded, r.Failure?.ToString());
    }
}
