using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using PypiKit.Incidents;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// Captures read from a pipe (a FIFO, or a shell's <c>&lt;(zcat …)</c>) cannot be rewound after the gzip check: the
/// bytes it looked at must still reach the reader, gzip or not, and corrupt gzip must still be called damaged.
/// </summary>
[Trait("Category", "Slow")] // starts mkfifo
public class PipeInputTests
{
    private static async Task<string> ReadThroughFifo(byte[] content)
    {
        using var temp = new TempDir("pypikit-fifo-");
        var dir = temp.Path;
        var fifo = Path.Combine(dir, "capture");
        using (var mk = Process.Start("mkfifo", [fifo])!) await mk.WaitForExitAsync(TestContext.Current.CancellationToken);
        var writer = Task.Run(() =>
        {
            using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
            w.Write(content);
        }, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(IncidentFiles.OpenRead(fifo), Encoding.UTF8);
        var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        await writer;
        return text;
    }

    private static byte[] Gzip(string text)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    private static readonly string Text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i}\n"));

    [Fact]
    public async Task A_plain_capture_through_a_pipe_arrives_whole_first_bytes_included()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(Text, await ReadThroughFifo(Encoding.UTF8.GetBytes(Text)));
        Assert.Equal("x", await ReadThroughFifo("x"u8.ToArray())); // shorter than the two bytes looked at
    }

    [Fact]
    public async Task A_gzipped_capture_through_a_pipe_is_unpacked()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(Text, await ReadThroughFifo(Gzip(Text)));
    }

    [Fact]
    public async Task Corrupt_gzip_through_a_pipe_is_damaged_input_naming_the_pipe()
    {
        if (OperatingSystem.IsWindows()) return;
        var gz = Gzip(Text);
        for (int i = 20; i < gz.Length - 8; i++) gz[i] ^= 0x5A; // the deflate data scrambled, header and trailer kept
        var ex = await Assert.ThrowsAsync<DamagedInputException>(() => ReadThroughFifo(gz));
        Assert.Equal(-1, ex.CompressedOffset);
        Assert.Contains("read from a pipe", ex.Message);
    }
}
