namespace PypiKit.Incidents.Parsers;

/// <summary>
/// Reads a byte stream line by line into one reusable buffer (no per-line allocation). Lines are returned as spans
/// valid until the next call; a trailing '\r' is dropped. <see cref="LineNumber"/> is 1-based.
/// </summary>
public sealed class ByteLineReader
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start, _end, _scanned;
    private bool _eof;

    public ByteLineReader(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[Math.Max(bufferSize, 4096)];
    }

    public long LineNumber { get; private set; }
    public long BytesRead { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
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
                return true;
            }
            _scanned = _end - _start;
            if (_eof)
            {
                if (_end > _start)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    _scanned = 0;
                    if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            else { _end += n; BytesRead += n; }
        }
    }
}
