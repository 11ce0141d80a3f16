using System.Runtime.CompilerServices;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// Reads a byte stream line by line into one reusable buffer (no per-line allocation). Lines are returned as spans
/// valid until the next call; a trailing '\r' is dropped. <see cref="LineNumber"/> is 1-based.
/// A line longer than the limit is never held whole: its bytes are discarded as they arrive, and it comes back as its
/// first 200 bytes with <see cref="LastLineTooLong"/> set, so the caller rejects it and goes on with the next line.
/// A large regular file is not read but mapped (<see cref="MappedFileBytes"/>): its lines are spans of the page cache,
/// with the same numbering, limits and rejects.
/// </summary>
internal sealed class ByteLineReader : IDisposable
{
    private const int KeptPrefix = 200;
    private readonly Stream _stream;
    private readonly int _maxLine;
    private byte[] _buffer;
    private int _start, _end, _scanned;
    private bool _eof;
    private readonly byte[] _prefix = new byte[KeptPrefix];
    private int _prefixLength;
    private readonly MappedFileBytes? _mapped;
    private long _offset;

    /// <param name="stream">The bytes (already un-gzipped).</param>
    /// <param name="bufferSize">Initial buffer; it grows up to the line limit when a line needs it.</param>
    /// <param name="maxLineBytes">Longest line returned whole (default <see cref="ParseOptions.DefaultMaxLineBytes"/>).</param>
    public ByteLineReader(Stream stream, int bufferSize = 1 << 20, int maxLineBytes = ParseOptions.DefaultMaxLineBytes)
    {
        _stream = stream;
        _maxLine = Math.Max(maxLineBytes, 1);
        _mapped = MappedFileBytes.TryMap(stream);
        _buffer = _mapped is null ? new byte[Math.Max(Math.Min(bufferSize, _maxLine + 1), 4096)] : [];
    }

    /// <summary>True when the lines come from a mapping of the file rather than from reads.</summary>
    public bool Mapped => _mapped is not null;

    public void Dispose() => _mapped?.Dispose();

    public long LineNumber { get; private set; }
    public long BytesRead { get; private set; }

    /// <summary>True when the line just returned was longer than the limit (the span holds only its start).</summary>
    public bool LastLineTooLong { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        LastLineTooLong = false;
        if (_mapped is not null) return TryReadMapped(_mapped, out line);
        bool discarding = false;
        while (true)
        {
            var pending = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned);
            int idx = pending.IndexOf((byte)'\n');
            if (idx >= 0)
            {
                int len = _scanned + idx;
                line = _buffer.AsSpan(_start, len);
                _start += len + 1;
                _scanned = 0;
                if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
                LineNumber++;
                if (discarding || line.Length > _maxLine) line = TooLong(discarding, line);
                return true;
            }
            _scanned = _end - _start;
            if (_eof)
            {
                if (_end > _start || discarding)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    _scanned = 0;
                    if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
                    LineNumber++;
                    if (discarding || line.Length > _maxLine) line = TooLong(discarding, line);
                    return true;
                }
                line = default;
                return false;
            }
            if (_end - _start > _maxLine)
            {
                // Over the limit without a newline: keep the start for the reject message, drop the rest as it comes.
                if (!discarding)
                {
                    _prefixLength = Math.Min(KeptPrefix, _end - _start);
                    Buffer.BlockCopy(_buffer, _start, _prefix, 0, _prefixLength);
                    discarding = true;
                }
                _start = _end = _scanned = 0;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxLine + 1L));
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            else { _end += n; BytesRead += n; }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadMapped(MappedFileBytes mapped, out ReadOnlySpan<byte> line)
    {
        var rest = mapped.From(_offset);
        if (rest.IsEmpty)
        {
            line = default;
            return false;
        }
        LineNumber++;
        // as on the read path: a line within the limit has its '\n' among its first limit + 1 bytes ('\r' counts as content)
        var window = rest[..(int)Math.Min(rest.Length, _maxLine + 1L)];
        int idx = window.IndexOf((byte)'\n');
        if (idx < 0 && window.Length < rest.Length)
        {
            line = rest[..Math.Min(KeptPrefix, rest.Length)];
            LastLineTooLong = true;
            _offset = AfterNextNewline(mapped, _offset + window.Length);
            BytesRead = _offset;
            return true;
        }
        int len = idx < 0 ? rest.Length : idx;
        line = rest[..len];
        _offset += idx < 0 ? len : len + 1;
        BytesRead = _offset;
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (line.Length > _maxLine) line = TooLong(false, line);
        return true;
    }

    private static long AfterNextNewline(MappedFileBytes mapped, long offset)
    {
        while (offset < mapped.Length)
        {
            var span = mapped.From(offset);
            int i = span.IndexOf((byte)'\n');
            if (i >= 0) return offset + i + 1;
            offset += span.Length;
        }
        return mapped.Length;
    }

    private ReadOnlySpan<byte> TooLong(bool discarding, ReadOnlySpan<byte> tail)
    {
        LastLineTooLong = true;
        if (discarding) return _prefix.AsSpan(0, _prefixLength);
        return tail[..Math.Min(KeptPrefix, tail.Length)];
    }
}
