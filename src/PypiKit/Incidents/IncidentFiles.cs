using System.IO.Compression;

namespace PypiKit.Incidents;

/// <summary>File helpers shared by the parsers: gzip detection by magic bytes, line enumeration with numbers.</summary>
public static class IncidentFiles
{
    /// <summary>Opens a file for reading, transparently un-gzipping it when it starts with the gzip magic (1f 8b).</summary>
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException(path, $"file not found: {path}");
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        int n = fs.Read(magic);
        fs.Position = 0;
        if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new GZipStream(fs, CompressionMode.Decompress);
        return fs;
    }

    public static TextReader OpenText(string path) => new StreamReader(OpenRead(path), System.Text.Encoding.UTF8, true, 1 << 16);

    /// <summary>Lines with 1-based numbers; the trailing '\r' of CRLF files is dropped.</summary>
    public static IEnumerable<(long Number, string Text)> Lines(TextReader reader)
    {
        long n = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            n++;
            yield return (n, line);
        }
    }
}
