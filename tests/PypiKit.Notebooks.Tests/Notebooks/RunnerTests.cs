using System.Text.Json.Nodes;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Format;
using static PypiKit.Notebooks.Tests.Notebooks.NotebookTestHelpers;

namespace PypiKit.Notebooks.Tests.Notebooks;

/// <summary>The runner on the real .NET Interactive C# kernel.</summary>
[Collection(KernelCollection.Name)]
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
        Assert.Contains(">42<", Text(result["data"]!["text/html"]));
        Assert.Equal(3, (int?)r.Executed().Cells[2].Json["execution_count"]);
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
        var injected = r.Executed().Cells[2];
        Assert.Contains(ParameterInjector.InjectedTag, injected.Tags);
        Assert.Contains("int instances = 5;", injected.Source);
        Assert.Contains("double ratio = 1.5;", injected.Source);
        Assert.Equal("5 he said \"hi\" 3 False\n", r.Stdout(3));
    }

    [Fact]
    public void A_parameter_value_that_does_not_fit_its_type_is_bad_input()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddCode("int instances = 2;", ParameterInjector.ParametersTag);
        var ex = Assert.Throws<InvalidInputException>(() =>
            ParameterInjector.Inject(NotebookFile.Parse(nb.ToJson()), new Dictionary<string, string> { ["instances"] = "many" }));
        Assert.Equal("instances", ex.Input);
        Assert.Contains("int", ex.Message);
    }

    [Fact]
    public void An_undeclared_parameter_is_injected_with_a_warning()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddCode("int instances = 2;", ParameterInjector.ParametersTag);
        var doc = NotebookFile.Parse(nb.ToJson());
        var warnings = ParameterInjector.Inject(doc, new Dictionary<string, string> { ["extra"] = "0.25" });
        Assert.Contains(warnings, w => w.Contains("extra"));
        Assert.Contains("double extra = 0.25;", doc.Elements[1].Contents);
    }

    [Fact]
    public async Task A_failing_cell_stops_the_run_and_the_partly_executed_notebook_names_it()
    {
        var nb = Build("Console.WriteLine(\"first\");",
            "var a = 1;\nthrow new InvalidOperationException(\"boom\");",
            "Console.WriteLine(\"never\");");
        var r = await RunAsync(nb);
        Assert.False(r.Succeeded);
        var f = r.Failure!;
        Assert.Equal(1, f.CellIndex);
        Assert.Equal("InvalidOperationException", f.ErrorName);
        Assert.Equal("boom", f.Message);
        Assert.Contains("cell 2", f.ToString());
        Assert.Equal("first\n", r.Stdout(0));
        var error = Assert.Single(r.Outputs(1));
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("boom", (string?)error["evalue"]);
        Assert.Contains((error["traceback"] as JsonArray)!, l => ((string?)l)!.Contains("cell 2"));
        Assert.Empty(r.Outputs(2));
        Assert.Null(r.Executed().Cells[2].Json["execution_count"]);
        Assert.Equal(CellStatus.Skipped, r.Cells[2].Status);
        Assert.Equal("failed", (string?)r.Executed().Metadata["pypikit"]!["status"]);
    }

    [Fact]
    public async Task A_compile_error_names_the_diagnostic_and_the_line_of_the_cell()
    {
        var r = await RunAsync(Build("var ok = 1;", "var y = 2;\nConsole.WriteLine(undefinedThing);"));
        Assert.Equal(1, r.Failure!.CellIndex);
        Assert.Equal("CS0103", r.Failure.ErrorName);
        Assert.Equal(2, r.Failure.Line);
        Assert.Contains("undefinedThing", r.Failure.Message);
    }

    [Fact]
    public async Task Cancelling_the_run_keeps_the_cells_that_ran_and_marks_it_interrupted()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var nb = Build("Console.WriteLine(\"done before\");", "Console.WriteLine(\"started\");\nawait Task.Delay(60_000);", "1");
        var run = RunAsync(nb, ct: cts.Token);
        cts.CancelAfter(TimeSpan.FromSeconds(4));
        var r = await run;
        Assert.True(r.Interrupted);
        Assert.Equal(NotebookRunner.Interrupted, r.Failure!.ErrorName);
        Assert.Equal(1, r.Failure.CellIndex);
        Assert.Equal("done before\n", r.Stdout(0));
        Assert.Equal(CellStatus.Skipped, r.Cells[2].Status);
        Assert.Equal("interrupted", (string?)r.Executed().Metadata["pypikit"]!["status"]);
    }

    [Fact]
    public async Task Display_helpers_and_PypiKit_figures_write_display_data_like_Jupyter()
    {
        var nb = Build(
            PypiKitCell(),
            "display(HTML(\"<b>bold</b>\"));\n\"text\".Display();",
            "var fig = new ChartBuilder(\"Tasks\").Add(Traces.Bars(\"tasks\", new[] { \"a\", \"b\" }, new[] { 3.0, 4.0 })).Build();\ndisplay(fig);",
            "fig");
        var r = await RunAsync(nb);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        var o = r.Outputs(1);
        Assert.Equal(2, o.Length);
        Assert.Equal("<b>bold</b>", Text(o[0]["data"]!["text/html"]));
        Assert.Equal("text", Text(o[1]["data"]!["text/plain"]));
        var first = true;
        foreach (var output in new[] { r.Outputs(2).Single(), r.Outputs(3).Single() })
        {
            var data = output["data"]!;
            Assert.Equal("bar", (string?)data["application/vnd.plotly.v1+json"]!["data"]![0]!["type"]);
            var html = Text(data["text/html"]);
            Assert.Contains("Plotly.newPlot", html);
            Assert.DoesNotContain("<script src=", html); // nothing loaded from the network
            // plotly.js (npm's, else Plotly.NET's copy: PlotlyJs.Resolve) is inlined with the first chart of a kernel
            // session only, never loaded from a CDN
            Assert.Equal(first, html.Length > 1_000_000);
            first = false;
        }
    }

    [Fact]
    public async Task A_cell_running_past_the_cell_timeout_fails_the_run()
    {
        var r = await RunAsync(Build("var started = true;", "await Task.Delay(30_000);", "1"),
            new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(1, r.Failure!.CellIndex);
        Assert.Equal("Timeout", r.Failure.ErrorName);
        Assert.Equal(CellStatus.Skipped, r.Cells[2].Status);
    }

    [Fact]
    public async Task An_unknown_package_fails_the_cell_naming_it()
    {
        var r = await RunAsync(Build("#r \"nuget: No.Such.Package.Anywhere, 1.0.0\""));
        Assert.Equal(0, r.Failure!.CellIndex);
        Assert.Contains("No.Such.Package.Anywhere", r.Failure.Message);
    }
}
