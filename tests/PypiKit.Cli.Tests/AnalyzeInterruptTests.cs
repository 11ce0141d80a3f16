using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PypiKit.Processes;

namespace PypiKit.Cli.Tests;

/// <summary>
/// Ctrl+C during the two long <c>analyze</c> jobs: <c>analyze alb</c> summarises what it read, says so and exits 130;
/// <c>analyze synth-alb</c> leaves no shortened log behind (and an older file at <c>--out</c> untouched).
/// </summary>
[Trait("Category", "Slow")]
public class AnalyzeInterruptTests
{
    private const string Line =
        "https 2026-01-05T08:00:00.001349Z app/pypiserver-alb/5f3a1c2d9e8b7a60 184.2.10.214:55908 10.0.2.31:32801 0.009 0.741 0.000 200 200 352 792829 " +
        "\"GET https://pypi.example.internal:443/simple/acme-core/ HTTP/1.1\" \"pip/25.3\" TLS_AES_128_GCM_SHA256 TLSv1.3 " +
        "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/pypiserver/6d0ecf831eec9f09 \"Root=1-78bdc577-153cd0e834121a5256f89c01\" " +
        "\"pypi.example.internal\" \"-\" 0 2026-01-05T08:00:00.000349Z \"forward\" \"-\" \"-\" \"10.0.2.31:32801\" \"200\" \"-\" \"-\" TID_0123456789abcdef\n";

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliRunner.CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "160";
        return Process.Start(psi)!;
    }

    private static void Interrupt(Process p) => Assert.True(UnixSignal.Send(p.Id, UnixSignal.Interrupt));

    private static async Task WaitForExit(Process p)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw; }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Analyze_alb_interrupted_summarises_the_lines_it_read_and_exits_130(bool writerStopsToo)
    {
        // writerStopsToo: as in a shell pipeline, where Ctrl+C also ends the writer: the pipe closes right after the
        // signal, before the reader's next look at it, and the input looks complete
        if (OperatingSystem.IsWindows()) return; // a named pipe the test writes at its own pace (mkfifo)
        using var temp = new TempDir("pypikit-cli-alb-int-");
        var dir = temp.Path;
        // A FIFO as the log: the analyzer cannot reach the end before the signal, and the test knows how much it wrote.
        var fifo = Path.Combine(dir, "alb.log");
        using (var mk = Process.Start("mkfifo", [fifo])!) await mk.WaitForExitAsync(TestContext.Current.CancellationToken);
        using var p = Start("analyze", "alb", fifo, "--json");
        var stdout = p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var bytes = Encoding.ASCII.GetBytes(Line);
        long written = 0;
        var signalled = false;
        // Write until the analyzer stops reading: past 100,000 lines send SIGINT, then keep the lines coming so it
        // reaches the point where it looks at the signal (every 65,536 lines). Bounded: 2 million lines at most.
        // Unbuffered, so every counted line was handed to the pipe; a broken pipe means the reader has gone.
        try
        {
            using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
            while (!p.HasExited && written < 2_000_000)
            {
                w.Write(bytes);
                written++;
                if (written == 100_000)
                {
                    Interrupt(p);
                    signalled = true;
                    // a writer in a pipeline takes a moment to die of the same signal; the reader's signal handler runs meanwhile
                    if (writerStopsToo) { await Task.Delay(1000, TestContext.Current.CancellationToken); break; }
                }
            }
        }
        catch (IOException) { }
        await WaitForExit(p);
        var err = await stderr;
        Assert.True(signalled);
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}\n{err}");
        Assert.Contains("interrupted while reading", err);
        using var json = JsonDocument.Parse(await stdout);
        long requests = json.RootElement.GetProperty("requests").GetInt64();
        // everything counted was read, and at least what was written before the signal was reached
        Assert.InRange(requests, writerStopsToo ? written : 65_536, written);
        Assert.Contains($"the first {requests.ToString("N0", CultureInfo.InvariantCulture)} lines only", err);
    }

    [Fact]
    public async Task Synth_alb_interrupted_leaves_no_short_log_and_keeps_the_older_file()
    {
        using var temp = new TempDir("pypikit-cli-synth-int-");
        var dir = temp.Path;
        var output = Path.Combine(dir, "alb.log");
        File.WriteAllText(output, "an older file\n");
        using var p = Start("analyze", "synth-alb", "--out", output, "--size-mb", "20000");
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // the signal goes in once the partial file has grown past its first lines (bounded wait)
        var partial = output + ".partial";
        for (int i = 0; i < 300 && !(File.Exists(partial) && new FileInfo(partial).Length > 1 << 20); i++)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(File.Exists(partial), "the partial file never appeared");
        Interrupt(p);
        await WaitForExit(p);
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}\n{await stderr}");
        Assert.Contains("was not written", await stderr);
        Assert.False(File.Exists(partial));
        Assert.Equal("an older file\n", File.ReadAllText(output));
    }
}
