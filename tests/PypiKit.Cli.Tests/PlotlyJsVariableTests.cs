namespace PypiKit.Cli.Tests;

/// <summary>
/// A <c>PYPIKIT_PLOTLY_JS</c> that names a missing file is bad input for every command that writes an HTML page: one
/// line naming the variable, exit 2, before any work — not a failure when the page is written after a long run.
/// </summary>
[Trait("Category", "Slow")]
public class PlotlyJsVariableTests
{
    public static TheoryData<string> Commands() => ["lab", "burst", "analyze", "size sweep", "notebook run", "notebook html"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_variable_naming_a_missing_file_is_refused_before_any_work(string command)
    {
        using var temp = new TempDir("pypikit-cli-plotly-");
        var missing = Path.Combine(temp.Path, "missing", "plotly.min.js");
        var outDir = Path.Combine(temp.Path, "out");
        var notebook = Path.Combine(temp.Path, "empty.ipynb");
        File.WriteAllText(notebook, """{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        string[] args = command switch
        {
            "lab" => ["lab", "--out", outDir],
            "burst" => ["burst", "--target", "http://127.0.0.1:1/", "--profile", "production_incident-local", "--out", outDir],
            "analyze" => ["analyze", temp.Path, "--out", outDir],
            "size sweep" => ["size", "sweep", "--instances", "2", "--html", Path.Combine(outDir, "sizing.html")],
            "notebook run" => ["notebook", "run", notebook, "--html", Path.Combine(outDir, "nb.html")],
            _ => ["notebook", "html", notebook, "--out", Path.Combine(outDir, "nb.html")],
        };
        var run = await CliRunner.RunAsync(args, TimeSpan.FromSeconds(90), environment: new Dictionary<string, string?> { ["PYPIKIT_PLOTLY_JS"] = missing });
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Equal($"error: PYPIKIT_PLOTLY_JS points to '{missing}', which does not exist.", run.Stderr.Trim());
        Assert.False(Directory.Exists(outDir), "a report folder was created");
        Assert.DoesNotContain("lab: starting", run.Stdout);
        Assert.DoesNotContain("requests", run.Stdout);
    }
}
