using PypiKit.Notebooks.Repl;

namespace PypiKit.Notebooks.Tests.Notebooks;

public class ReplTests
{
    private static async Task<(string Out, string Err, ReplSession Session)> RunAsync(string input, NotebookTestHelpers.TempDir dir, string? history = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var session = new ReplSession(
            new ReplOptions { HistoryPath = history, ChartsDirectory = Path.Combine(dir.Path, "charts"), BaseDirectory = dir.Path, ShowPrompts = false },
            new TextLineReader(new StringReader(input)), output, error);
        await session.RunAsync(TestContext.Current.CancellationToken);
        return (output.ToString(), error.ToString(), session);
    }

    [Fact]
    public async Task Expressions_multi_line_statements_and_errors_that_do_not_end_the_session()
    {
        using var dir = new NotebookTestHelpers.TempDir();
        var history = Path.Combine(dir.Path, "history");
        var (stdout, stderr, session) = await RunAsync(
            "6 * 7\n" +
            "int Add(int a, int b)\n{\n    return a + b;\n}\n" +
            "nosuch + 1\n" +
            "throw new InvalidOperationException(\"boom\");\n" +
            "Console.WriteLine(Add(2, 3));\n" +
            "var list = new List<int> { 1,\n 2,\n 3 };\n" +
            "list.Sum()\n", dir, history);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["42", "5", "6"], lines);
        Assert.Contains("CS0103", stderr);
        Assert.Contains("InvalidOperationException: boom", stderr);
        Assert.Contains("int Add(int a, int b)\n{\n    return a + b;\n}", session.History);
        Assert.True(File.ReadAllLines(history).Length >= 6);

        // History is read back by the next session.
        var (_, _, next) = await RunAsync("#exit\n1\n", dir, history);
        Assert.Equal(session.History, next.History);
    }

    [Fact]
    public async Task Help_lists_the_entry_points_and_figures_become_files()
    {
        using var dir = new NotebookTestHelpers.TempDir();
        var (stdout, stderr, _) = await RunAsync(
            "#help\n" +
            "new PypiKit.Notebooks.Display.PlotlyFigureJson(\"{\\\"data\\\":[{\\\"y\\\":[1,2]}],\\\"layout\\\":{}}\")\n" +
            "#vars\n#nosuch\n", dir);
        Assert.Contains("Entry points", stdout);
        Assert.Contains("Imported namespaces", stdout);
        var chartLine = stdout.Split('\n').Single(l => l.StartsWith("chart: ", StringComparison.Ordinal));
        var path = chartLine["chart: ".Length..].Trim();
        Assert.True(File.Exists(path));
        Assert.Contains("Plotly.newPlot", File.ReadAllText(path));
        Assert.Contains("unknown command '#nosuch'", stderr);
    }
}
