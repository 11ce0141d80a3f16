using HdrHistogram;
using HdrHistogram.Utilities;

namespace PypiKit.Burst;

/// <summary>
/// HdrHistogram's compressed encoding as base64 text — the form of an <c>.hlog</c> line's payload — so result files
/// can carry a histogram that HdrHistogram (any language's port) decodes.
/// </summary>
internal static class HdrEncoding
{
    public static string ToCompressedBase64(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++) bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    public static HistogramBase FromCompressedBase64(string text, long minHighestTrackable)
    {
        try
        {
            return HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(text)), minHighestTrackable);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidDataException
            or InvalidOperationException or NotSupportedException)
        {
            throw new FormatException($"not an HdrHistogram compressed encoding: {e.Message}", e);
        }
    }
}
