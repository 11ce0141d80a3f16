namespace PypiKit.Incidents;

/// <summary>File helpers shared by the parsers: gzip detection by magic bytes, line enumeration with numbers.</summary>
public static class IncidentFiles
{
    /// <summary>
    /// Opens a file for reading, transparently un-gzipping it when it starts with the gzip magic (1f 8b); a truncated or
    /// corrupt gzip throws <see cref="DamagedInputException"/> when the damage is reached.
    /// </summary>
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException(path, $"file not found: {path}");
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var magic = new byte[2];
        int n = fs.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        // a pipe (a FIFO, <(zcat …)) cannot go back: its first bytes are handed out again before the rest
        Stream content = fs.CanSeek ? Rewound(fs) : new ReplayStream(magic.AsMemory(0, n), fs);
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new CheckedGzipStream(content, path);
        return content;
    }

    private static FileStream Rewound(FileStream fs)
    {
        fs.Position = 0;
        return fs;
    }

    /// <summary>A read-only stream: some bytes already read from <c>inner</c>, then the rest of <c>inner</c>.</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _head = head;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_head.IsEmpty) return inner.Read(buffer);
            int n = Math.Min(buffer.Length, _head.Length);
            _head.Span[..n].CopyTo(buffer);
            _head = _head[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _head.IsEmpty ? inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    public static TextReader OpenText(string path) => new StreamReader(OpenRead(path), System.Text.Encoding.UTF8, true, 1 << 16);

    /// <summary>
    /// Lines with 1-based numbers; the trailing '\r' of CRLF files is dropped. A line longer than the diagnostics'
    /// <see cref="ParseOptions.MaxLineBytes"/> (counted in characters) is rejected there and skipped, never held whole;
    /// it still counts as read.
    /// </summary>
    public static IEnumerable<(long Number, string Text)> Lines(TextReader reader, ParseDiagnostics diagnostics)
    {
        int max = diagnostics.Options.MaxLineBytes;
        var chunk = new char[Math.Min(64 * 1024, max + 1)];
        var line = new System.Text.StringBuilder();
        string? prefix = null;
        long n = 0;
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
        {
            int from = 0;
            while (from < read)
            {
                int nl = Array.IndexOf(chunk, '\n', from, read - from);
                int end = nl < 0 ? read : nl;
                if (prefix is null)
                {
                    line.Append(chunk, from, end - from);
                    if (line.Length > max) { prefix = line.ToString(0, 200); line.Clear(); }
                }
                from = end + 1;
                if (nl < 0) break;
                n++;
                if (prefix is not null) { diagnostics.LinesRead++; diagnostics.Reject(n, $"line longer than {max:N0} characters (skipped unread)", prefix); prefix = null; continue; }
                if (line.Length > 0 && line[^1] == '\r') line.Length--;
                var text = line.ToString();
                line.Clear();
                yield return (n, text);
            }
        }
        if (prefix is not null) { n++; diagnostics.LinesRead++; diagnostics.Reject(n, $"line longer than {max:N0} characters (skipped unread)", prefix); }
        else if (line.Length > 0)
        {
            if (line[^1] == '\r') line.Length--;
            yield return (n + 1, line.ToString());
        }
    }
}
