using System.Buffers.Binary;

namespace PypiKit.Tests.Charts;

/// <summary>Reads a PNG's signature and size, to check an export without a golden image.</summary>
public static class PngFile
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>(width, height) in px; throws when <paramref name="path"/> is not a PNG.</summary>
    public static (int Width, int Height) Size(string path)
    {
        var head = new byte[24];
        using (var f = File.OpenRead(path))
            if (f.Read(head, 0, head.Length) != head.Length) throw new InvalidDataException($"{path} is too short for a PNG");
        if (!head.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException($"{path} is not a PNG");
        return (BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(20)));
    }
}
