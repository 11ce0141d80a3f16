using System.Text;
using HdrHistogram;

namespace PypiKit.Burst;

/// <summary>
/// The result's latency as a standard HdrHistogram interval log (<c>.hlog</c>), written by HdrHistogram's
/// <see cref="HistogramLogWriter"/>: one interval per second of the run (success latency from the intended start,
/// untagged) plus, tagged, the same seconds' service time (<c>Tag=service</c>). Values are microseconds (so the
/// log's <c>Interval_Max</c> column, which the format divides by 10⁶, reads in seconds). Plot it with
/// HdrHistogram's HistogramLogAnalyzer or any port's log reader.
/// </summary>
public static class HlogBurstReport
{
    public const string Extension = ".hlog";
    public const string ServiceTag = "service";

    public static void Write(BurstResult result, string path)
    {
        using var file = File.Create(path);
        Write(result, file);
    }

    public static void Write(BurstResult result, Stream output)
    {
        var intervals = new List<HistogramBase>();
        foreach (var (second, tally) in result.Tally.Seconds)
        {
            Add(intervals, tally.Latency, second, null);
            Add(intervals, tally.ServiceTime, second, ServiceTag);
        }
        // HdrHistogram.NET writes UTF-16; the log format (and the Java, C, Go and Python readers) expect ASCII.
        using var ascii = new Utf16ToUtf8Stream(output);
        using var writer = new HistogramLogWriter(ascii);
        writer.Write(result.StartTime.UtcDateTime, [.. intervals]);
    }

    private static void Add(List<HistogramBase> intervals, LatencyHistogram h, long unixSecond, string? tag)
    {
        if (h.Hdr is null || h.Count == 0) return;
        var copy = h.Hdr.Copy();
        copy.StartTimeStamp = unixSecond * 1000;
        copy.EndTimeStamp = (unixSecond + 1) * 1000;
        if (tag is not null) copy.Tag = tag;
        intervals.Add(copy);
    }

    /// <summary>Reads an <c>.hlog</c> back with HdrHistogram's <see cref="HistogramLogReader"/>.</summary>
    public static IReadOnlyList<HistogramBase> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new HistogramLogReader(file);
        return reader.ReadHistograms().ToList();
    }

    /// <summary>A write-only stream that re-encodes UTF-16 (little endian) text as UTF-8, dropping the byte-order mark.</summary>
    private sealed class Utf16ToUtf8Stream(Stream inner) : Stream
    {
        private readonly Decoder _decoder = Encoding.Unicode.GetDecoder();
        private readonly char[] _chars = new char[4096];

        public override void Write(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                var take = Math.Min(count, _chars.Length);
                _decoder.Convert(buffer, offset, take, _chars, 0, _chars.Length, false, out var used, out var produced, out _);
                var text = new string(_chars, 0, produced).Replace("\uFEFF", "", StringComparison.Ordinal);
                var bytes = Encoding.UTF8.GetBytes(text);
                inner.Write(bytes, 0, bytes.Length);
                offset += used;
                count -= used;
            }
        }

        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
