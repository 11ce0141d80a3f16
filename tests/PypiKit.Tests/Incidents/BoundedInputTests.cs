using System.IO.Compression;
using System.Text;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>Over-long lines, damaged gzip and unrecognised files: reported (file, line or offset), never buffered whole or dropped silently.</summary>
public class BoundedInputTests
{
    private static readonly string Line = CaptureFormatTests.AlbLine;

    [Fact]
    public void An_alb_line_over_the_limit_is_rejected_unread_and_the_next_lines_are_read()
    {
        var huge = new string('x', 16 << 20);
        var bytes = Encoding.ASCII.GetBytes(Line + "\n" + "h2 " + huge + "\n" + Line + "\n");
        var options = ParseOptions.Tolerant with { MaxLineBytes = 64 * 1024 };
        var d = new ParseDiagnostics("long.log", AlbLogParser.Format, options);
        var agg = new AlbTrafficAggregator();
        using var stream = new MemoryStream(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        agg.AddStream(stream, d, TestContext.Current.CancellationToken);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal([2L], d.RejectedLineNumbers);
        Assert.Contains("longer than 65,536 bytes", d.Rejects[0].Reason);
        Assert.StartsWith("h2 xxx", d.Rejects[0].Line);
        Assert.Equal(2, agg.ToSummary().Requests);
        Assert.True(allocated < 4 << 20, $"allocated {allocated:N0} bytes for a 16 MiB line");
    }

    [Fact]
    public void A_text_capture_line_over_the_limit_is_rejected_and_counted()
    {
        var text = " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n" +
                   " 1  1 365432 114367   2496 183223  231   92   390   269  410  670  6  4 54 36  0\n" +
                   new string('7', 300_000) + "\n" +
                   " 1  1 365432 114367   2496 183223  258   92   390   269  410  670  6  4 54 36  0\n";
        var p = VmstatParser.Parse(new StringReader(text), "vmstat.txt", ParseOptions.Tolerant with { MaxLineBytes = 100_000 });
        Assert.Equal([3L], p.Diagnostics.RejectedLineNumbers);
        Assert.Equal(4, p.Diagnostics.LinesRead);
        Assert.Equal(258, Assert.Single(p.Value).SwapIn);
        Assert.Throws<IncidentParseException>(() => VmstatParser.Parse(new StringReader(text), "vmstat.txt", ParseOptions.Strict with { MaxLineBytes = 100_000 }));
    }

    private static byte[] Gzip(string text)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, true)) gz.Write(Encoding.ASCII.GetBytes(text));
        return ms.ToArray();
    }

    private static string ManyLines(int n) => string.Concat(Enumerable.Repeat(Line + "\n", n));

    [Fact]
    public void A_truncated_gzip_is_reported_with_file_and_offset_and_fails_strict()
    {
        using var dir = new TempDir();
        var full = Gzip(ManyLines(2000));
        var path = Path.Combine(dir.Path, "cut.log.gz");
        File.WriteAllBytes(path, full[..(full.Length - 8)]);
        var d = new ParseDiagnostics(path, AlbLogParser.Format, ParseOptions.Tolerant);
        using (var s = IncidentFiles.OpenRead(path)) new AlbTrafficAggregator().AddStream(s, d, TestContext.Current.CancellationToken);
        Assert.NotNull(d.Problem);
        Assert.Contains($"damaged gzip at byte {full.Length - 8:N0}", d.Problem);
        Assert.Contains("truncated", d.Problem);

        var strict = new ParseDiagnostics(path, AlbLogParser.Format, ParseOptions.Strict);
        using var s2 = IncidentFiles.OpenRead(path);
        var ex = Assert.Throws<InvalidInputException>(() => new AlbTrafficAggregator().AddStream(s2, strict, TestContext.Current.CancellationToken));
        Assert.Contains("cut.log.gz", ex.Message);
        Assert.Contains("truncated", ex.Message);

        var intact = Path.Combine(dir.Path, "ok.log.gz");
        File.WriteAllBytes(intact, full);
        var ok = new ParseDiagnostics(intact, AlbLogParser.Format, ParseOptions.Strict);
        using (var s3 = IncidentFiles.OpenRead(intact)) new AlbTrafficAggregator().AddStream(s3, ok, TestContext.Current.CancellationToken);
        Assert.Null(ok.Problem);
        Assert.Equal(2000, ok.Accepted);
    }

    [Fact]
    public void A_corrupt_gzip_is_reported_as_damaged_by_the_loader()
    {
        using var dir = new TempDir();
        var bytes = Gzip(ManyLines(2000));
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(dir.Path, "corrupt.log.gz"), bytes);
        File.WriteAllText(Path.Combine(dir.Path, "good.log"), ManyLines(3));
        var data = IncidentLoader.Load(dir.Path, ParseOptions.Tolerant, ct: TestContext.Current.CancellationToken);
        var bad = data.Diagnostics.Single(x => x.Source.EndsWith("corrupt.log.gz", StringComparison.Ordinal));
        Assert.Contains("damaged gzip", bad.Problem);
        Assert.Contains("corrupt", bad.Problem);
        Assert.ThrowsAny<InvalidInputException>(() => IncidentLoader.Load(dir.Path, ParseOptions.Strict, ct: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Unrecognised_files_are_listed_and_fail_strict()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "good.log"), ManyLines(3));
        var rnd = new Random(7);
        var junk = new byte[4096];
        rnd.NextBytes(junk);
        File.WriteAllBytes(Path.Combine(dir.Path, "random.log"), junk);
        var data = IncidentLoader.Load(dir.Path, ParseOptions.Tolerant, ct: TestContext.Current.CancellationToken);
        Assert.Equal(["random.log"], data.SkippedFiles);
        var ex = Assert.Throws<InvalidInputException>(() => IncidentLoader.Load(dir.Path, ParseOptions.Strict, ct: TestContext.Current.CancellationToken));
        Assert.Contains("random.log", ex.Message);
    }

    [Fact]
    public void A_directory_with_nothing_recognised_is_an_error_saying_what_was_looked_for()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "notes.txt"), "nothing here");
        var ex = Assert.Throws<InvalidInputException>(() => IncidentLoader.Load(dir.Path, ParseOptions.Tolerant, ct: TestContext.Current.CancellationToken));
        Assert.Contains("nothing recognised", ex.Message);
        Assert.Contains("vmstat*", ex.Message);
        Assert.Contains("notes.txt", ex.Message);
    }
}
