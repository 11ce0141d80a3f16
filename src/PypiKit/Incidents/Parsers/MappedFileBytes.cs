using System.IO.MemoryMappedFiles;

namespace PypiKit.Incidents.Parsers;

/// <summary>
/// A regular file's bytes mapped read-only into memory, so a line reader scans the page cache where it lies instead of
/// having the kernel copy every byte into a buffer first (for a 1 GB ALB log that copy is about as much CPU as all of
/// <c>wc -l</c>; bench/results/incidents.md). Only the length the file had when it was opened is mapped, so a log that
/// grows while it is read is read up to that length. (A file cut shorter by another process during the read would
/// fault, as with any mapping; logs handed to the analyzer are closed files or grow only.)
/// </summary>
internal sealed unsafe class MappedFileBytes : IDisposable
{
    /// <summary>Below this a plain read is as cheap as setting up the mapping.</summary>
    public const long MinimumLength = 4 << 20;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private bool _released;

    private MappedFileBytes(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        _file = file;
        _view = view;
        Length = length;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _start = p + view.PointerOffset;
    }

    public long Length { get; }

    /// <summary>
    /// Maps <paramref name="stream"/> when it is a file stream of a regular file at its start, at least
    /// <see cref="MinimumLength"/> long; null otherwise (pipes, devices, gzip wrappers, small files, or a mapping the
    /// system refuses), and the caller reads the stream as usual.
    /// </summary>
    public static MappedFileBytes? TryMap(Stream stream)
    {
        if (stream is not FileStream fs || !fs.CanSeek || fs.Position != 0) return null;
        long length;
        try { length = fs.Length; }
        catch (IOException) { return null; }
        if (length < MinimumLength) return null;
        MemoryMappedFile? file = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(fs, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedFileBytes(file, view, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>The bytes from <paramref name="offset"/> on, at most <see cref="int.MaxValue"/> of them.</summary>
    public ReadOnlySpan<byte> From(long offset) =>
        offset >= Length ? default : new ReadOnlySpan<byte>(_start + offset, (int)Math.Min(Length - offset, int.MaxValue));

    public void Dispose()
    {
        if (_released) return;
        _released = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
