using PypiKit.Notebooks.Repl;

namespace PypiKit.Notebooks.Tests.Notebooks;

[Collection(KernelCollection.Name)]
public class ReplTests
{
    private static async Task<(string Out, string Err, ReplSession Session)> RunAsync(string input, TempDir dir, string? history = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var session = new ReplSession(
            new ReplOptions { HistoryPath = history, ChartsDirectory = Path.Combine(dir.Path, "charts"), ShowPrompts = false },
            new TextLineReader(new StringReader(input)), output, error);
        await session.RunAsync(TestContext.Current.CancellationToken);
        return (output.ToString(), error.ToString(), session);
    }

    [Fact]
    public async Task Expressions_multi_line_statements_and_errors_that_do_not_end_the_session()
    {
        using var dir = new TempDir("pypikit-nb-");
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
        Assert.Equal(2, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // one line per error
        Assert.Contains("int Add(int a, int b)\n{\n    return a + b;\n}", session.History);
        Assert.True(File.ReadAllLines(history).Length >= 6);

        // History is read back by the next session.
        var (_, _, next) = await RunAsync("#exit\n1\n", dir, history);
        Assert.Equal(session.History, next.History);
    }

    [Fact]
    public async Task Help_lists_the_entry_points_and_figures_become_files()
    {
        using var dir = new TempDir("pypikit-nb-");
        var (stdout, stderr, _) = await RunAsync(
            "#help\n" +
            $"#!import {Path.Combine(NotebookTestHelpers.RepoRoot(), "src", "PypiKit.Notebooks", "Extension", "extension.dib")}\n" +
            "var fig = new ChartBuilder(\"Tasks\").Add(Traces.Bars(\"tasks\", new[] { \"a\" }, new[] { 3.0 })).Build();\n" +
            "fig\n" +
            "#vars\n", dir);
        Assert.Contains("Entry points", stdout);
        Assert.Contains("Imported namespaces", stdout);
        var chartLine = stdout.Split('\n').Single(l => l.StartsWith("chart: ", StringComparison.Ordinal));
        var path = chartLine["chart: ".Length..].Trim();
        Assert.True(File.Exists(path));
        Assert.Contains("Plotly.newPlot", File.ReadAllText(path));
        Assert.Contains("fig : ", stdout); // #vars lists the session's variables
        Assert.DoesNotContain("error", stderr);
    }

    [Fact]
    public async Task Interrupt_cancels_the_running_submission_and_the_session_goes_on()
    {
        using var dir = new TempDir("pypikit-nb-");
        var input = new BlockingLines();
        var output = new StringWriter();
        var error = new StringWriter();
        await using var session = new ReplSession(new ReplOptions { HistoryPath = null, ChartsDirectory = dir.Path, ShowPrompts = false },
            input, output, error);
        var run = Task.Run(() => session.RunAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        input.Add("var kept = 41;");
        input.Add("Console.WriteLine(\"sleeping\"); await Task.Delay(60_000);");
        await WaitForAsync(() => output.ToString().Contains("sleeping"));
        session.Interrupt();
        input.Add("kept + 1");
        await WaitForAsync(() => output.ToString().Contains("42"));
        input.Add("var unfinished = new[] {");
        await Task.Delay(500, TestContext.Current.CancellationToken); // read into the input buffer
        session.Interrupt(); // no submission running: the unfinished input is dropped
        input.Add("\"after\"");
        input.End();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.Contains("cancelled", error.ToString());
        Assert.Contains("input cleared", error.ToString());
        Assert.Equal(["sleeping", "42", "after"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.True(condition());
    }

    /// <summary>Input typed line by line, as at a terminal: ReadLine waits for the next line.</summary>
    private sealed class BlockingLines : ILineReader, IDisposable
    {
        public void Dispose() => _lines.Dispose();
        private readonly System.Collections.Concurrent.BlockingCollection<string?> _lines = new();
        public void Add(string line) => _lines.Add(line);
        public void End() => _lines.Add(null);
        public string? ReadLine(string prompt, IReadOnlyList<string> history) => _lines.Take();
    }
}
