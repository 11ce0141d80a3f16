using System.Text.Json.Nodes;
using PypiKit.Notebooks.Execution;
using PypiKit.Notebooks.Format;
using static PypiKit.Notebooks.Tests.Notebooks.NotebookTestHelpers;

namespace PypiKit.Notebooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
public class FormatTests
{
    [Fact]
    public void Loading_an_older_notebook_upgrades_it_to_4_5_with_cell_ids_and_keeps_metadata()
    {
        var json = """
            {"cells":[{"cell_type":"code","metadata":{"dotnet_interactive":{"language":"csharp"}},"source":["1 +","1"],"outputs":[],"execution_count":null},
                      {"cell_type":"markdown","metadata":{},"source":"# T"}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"custom":{"keep":true}},
             "nbformat":4,"nbformat_minor":2}
            """;
        var nb = NotebookDocument.Parse(json);
        Assert.Equal(5, (int?)nb.Json["nbformat_minor"]);
        Assert.All(nb.Cells, c => Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", c.Id));
        Assert.Equal("1 +1", nb.Cells[0].Source);
        Assert.Equal("csharp", nb.Cells[0].KernelName);
        Assert.Equal("csharp", nb.DefaultKernelName);
        var again = NotebookDocument.Parse(nb.ToJson());
        Assert.True((bool)again.Metadata["custom"]!["keep"]!);
        Assert.Equal(nb.Cells[0].Id, again.Cells[0].Id);
        Assert.IsType<JsonArray>(again.Cells[0].Json["source"]);
    }

    [Fact]
    public void A_file_that_is_not_nbformat_4_is_bad_input_naming_it()
    {
        var ex = Assert.Throws<InvalidInputException>(() => NotebookDocument.Parse("""{"nbformat":3,"worksheets":[]}""", "old.ipynb"));
        Assert.Contains("old.ipynb", ex.Message);
        Assert.Throws<InvalidInputException>(() => NotebookDocument.Parse("not json", "x.ipynb"));
    }

    [Fact]
    public async Task An_executed_notebook_is_valid_nbformat_4_5()
    {
        var nb = NotebookDocument.CreateCSharp();
        nb.AddMarkdown("# Check");
        nb.AddCode("int n = 1;", ParameterInjector.ParametersTag);
        nb.AddCode("Console.WriteLine(\"out\"); Console.Error.WriteLine(\"err\");\ndisplay(HTML(\"<i>x</i>\"));\nn + 1");
        nb.AddCode(PypiKitCell() + "\ndisplay(new ChartBuilder(\"t\").Add(Traces.Bars(\"y\", new[] { \"a\" }, new[] { 1.0 })).Build());");
        nb.AddCode("throw new Exception(\"stop\");");
        nb.AddCode("1");
        var r = await RunAsync(nb, new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["n"] = "3" } });
        Assert.False(r.Succeeded);
        var written = JsonNode.Parse(r.ToJson())!.AsObject();
        var problems = NbformatCheck.Validate(written);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // And the check itself notices a broken notebook.
        written["cells"]![3]!["outputs"]![0]!.AsObject().Remove("name"); // the stdout stream (cell 2 is the injected one)
        written["cells"]![1]!["id"] = "bad id!";
        var found = NbformatCheck.Validate(written);
        Assert.Contains(found, p => p.StartsWith("cells[3].outputs[0]") && p.Contains("missing 'name'"));
        Assert.Contains(found, p => p.StartsWith("cells[1]") && p.Contains("id must match"));
    }
}
