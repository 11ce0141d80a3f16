using System.Buffers.Binary;
using System.IO.Compression;

namespace PypiKit.Incidents;

/// <summary>
/// A gzip file that is truncated or corrupt. <see cref="CompressedOffset"/> is how far into the file the damage was
/// noticed (its length, for a file cut short; -1 when read from a pipe), <see cref="UncompressedOffset"/> how many bytes
/// had been read intact.
/// </summary>
public sealed class DamagedInputException : IOException
{
    public DamagedInputException(string source, long compressedOffset, long uncompressedOffset, string reason, Exception? inner = null)
        : base(compressedOffset >= 0
            ? $"damaged gzip at byte {compressedOffset:N0} of the file (after {uncompressedOffset:N0} bytes read intact): {reason}"
            : $"damaged gzip read from a pipe (after {uncompressedOffset:N0} bytes read intact): {reason}", inner)
    {
        File = source;
        CompressedOffset = compressedOffset;
        UncompressedOffset = uncompressedOffset;
    }

    public string File { get; }
    public long CompressedOffset { get; }
    public long UncompressedOffset { get; }
}

/// <summary>
/// Un-gzips a file and checks that it ended where gzip says it ends. .NET's <see cref="GZipStream"/> reports corrupt
/// data (and a wrong CRC) but returns a file cut short as if it were complete; here the decompressed length is compared,
/// at the end, with the ISIZE field of the trailer (the last 4 bytes: length mod 2^32) — a cut file ends in compressed
/// data whose last 4 bytes match the length read only by chance (2^-32). Checks single-member gzip (what ALB and
/// logrotate write); both failures surface as <see cref="DamagedInputException"/>. From a pipe (no end to read first)
/// only corrupt data is caught; a stream cut short there ends as if complete.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private readonly Stream _file;
    private readonly GZipStream _gzip;
    private readonly string _source;
    private readonly uint _trailerSize;
    private readonly bool _hasTrailer;
    private long _position;
    private bool _checked;

    public CheckedGzipStream(Stream file, string source)
    {
        _file = file;
        _source = source;
        _seekable = file.CanSeek;
        if (_seekable)
        {
            if (file.Length >= 18)
            {
                Span<byte> tail = stackalloc byte[4];
                file.Position = file.Length - 4;
                file.ReadExactly(tail);
                _trailerSize = BinaryPrimitives.ReadUInt32LittleEndian(tail);
                _hasTrailer = true;
            }
            file.Position = 0;
        }
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    private readonly bool _seekable;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try { n = _gzip.Read(buffer); }
        catch (InvalidDataException ex)
        {
            throw new DamagedInputException(_source, _seekable ? _file.Position : -1, _position, "the compressed data is corrupt (bad deflate block or CRC)", ex);
        }
        _position += n;
        if (n == 0 && buffer.Length > 0 && !_checked && _seekable)
        {
            _checked = true;
            if (!_hasTrailer || (uint)_position != _trailerSize)
                throw new DamagedInputException(_source, _file.Length, _position,
                    _hasTrailer ? $"truncated: the trailer says {_trailerSize:N0} bytes (mod 2^32) but the data ends after {_position:N0}" : "truncated: shorter than a gzip header and trailer");
        }
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _gzip.Dispose(); _file.Dispose(); }
        base.Dispose(disposing);
    }
}
