using System.Text;
using PypiKit.Incidents;
using PypiKit.Incidents.Parsers;
using PypiKit.Json;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// A large log file is mapped instead of read: every line, number, limit and reject must come out exactly as from the
/// reading path over the same bytes.
/// </summary>
public sealed class MappedLineReaderTests : IDisposable
{
    private const int Limit = 64 * 1024;
    private readonly TempDir _temp = new("pypikit-mapped-");

    public void Dispose() => _temp.Dispose();

    /// <summary>≥ 4 MiB of ALB lines with CRLF endings, empty and damaged lines, over-long lines mid-file and at the end without a newline.</summary>
    private static byte[] Log(bool longLast)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (sb.Length < MappedFileBytes.MinimumLength + 100_000)
        {
            sb.Append(CaptureFormatTests.AlbLine).Append(i % 7 == 0 ? "\r\n" : "\n");
            if (i == 500) sb.Append('\n');                                            // empty line
            if (i == 900) sb.Append("h2 not a log line\n");                           // rejected
            if (i == 1200) sb.Append("h2 ").Append('x', 3 * Limit).Append('\n');       // over the limit, mid-file
            if (i == 1300) sb.Append('y', Limit).Append("\r\n");                      // exactly at the limit with CRLF
            i++;
        }
        sb.Append(longLast ? "h2 " + new string('z', 2 * Limit) : CaptureFormatTests.AlbLine); // no newline at the end
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static List<(long Number, bool TooLong, string Text)> Lines(ByteLineReader reader)
    {
        var lines = new List<(long, bool, string)>();
        while (reader.TryReadLine(out var line)) lines.Add((reader.LineNumber, reader.LastLineTooLong, Encoding.ASCII.GetString(line)));
        return lines;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_mapped_file_gives_the_lines_of_the_read_path(bool longLast)
    {
        var bytes = Log(longLast);
        var path = Path.Combine(_temp.Path, "big.log");
        File.WriteAllBytes(path, bytes);

        using var file = File.OpenRead(path);
        using var mapped = new ByteLineReader(file, 1 << 20, Limit);
        using var read = new ByteLineReader(new MemoryStream(bytes), 1 << 20, Limit);
        Assert.True(mapped.Mapped);
        Assert.False(read.Mapped);

        var fromMap = Lines(mapped);
        var fromRead = Lines(read);
        Assert.Equal(fromRead.Count, fromMap.Count);
        for (int i = 0; i < fromRead.Count; i++) Assert.Equal(fromRead[i], fromMap[i]);
        Assert.Equal(bytes.Length, mapped.BytesRead);
        Assert.Equal(read.BytesRead, mapped.BytesRead);
        Assert.Contains(fromMap, l => l.TooLong && l.Text.StartsWith("h2 xxx", StringComparison.Ordinal));
        Assert.Equal(longLast, fromMap[^1].TooLong);
    }

    [Fact]
    public void The_aggregator_reports_the_same_rejects_and_summary_from_a_mapped_file()
    {
        var bytes = Log(longLast: true);
        var path = Path.Combine(_temp.Path, "alb.log");
        File.WriteAllBytes(path, bytes);
        var options = ParseOptions.Tolerant with { MaxLineBytes = Limit };

        var mappedDiag = new ParseDiagnostics("alb.log", AlbLogParser.Format, options);
        var mappedAgg = new AlbTrafficAggregator();
        using (var s = IncidentFiles.OpenRead(path)) mappedAgg.AddStream(s, mappedDiag, TestContext.Current.CancellationToken);
        var readDiag = new ParseDiagnostics("alb.log", AlbLogParser.Format, options);
        var readAgg = new AlbTrafficAggregator();
        readAgg.AddStream(new MemoryStream(bytes), readDiag, TestContext.Current.CancellationToken);

        Assert.Equal(readDiag.RejectedLineNumbers, mappedDiag.RejectedLineNumbers);
        Assert.Equal(readDiag.Rejects.Select(r => r.Reason), mappedDiag.Rejects.Select(r => r.Reason));
        Assert.Equal(readDiag.LinesRead, mappedDiag.LinesRead);
        Assert.Equal(readDiag.Accepted, mappedDiag.Accepted);
        // the damaged line, the two over the limit, and the one at the limit whose CRLF puts its content (with the CR) one byte over
        Assert.Equal(4, mappedDiag.Rejected);
        Assert.Equal(PypiKitJson.Serialize(readAgg.ToSummary()), PypiKitJson.Serialize(mappedAgg.ToSummary()));
        Assert.Equal(bytes.Length, mappedAgg.BytesRead);
    }

    [Fact]
    public void Small_files_and_streams_that_are_not_files_are_read_not_mapped()
    {
        var path = Path.Combine(_temp.Path, "small.log");
        File.WriteAllText(path, CaptureFormatTests.AlbLine + "\n");
        using var small = File.OpenRead(path);
        using var reader = new ByteLineReader(small);
        Assert.False(reader.Mapped);
        Assert.True(reader.TryReadLine(out var line));
        Assert.Equal(CaptureFormatTests.AlbLine, Encoding.ASCII.GetString(line));
        Assert.False(reader.TryReadLine(out _));
        Assert.Null(MappedFileBytes.TryMap(new MemoryStream(new byte[MappedFileBytes.MinimumLength])));
    }
}
