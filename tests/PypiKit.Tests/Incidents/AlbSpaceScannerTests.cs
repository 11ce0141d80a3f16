using System.Text;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// The field scanner must find exactly what a search per field finds: the same fields, the same refusals (empty field,
/// no space after), wherever the spaces fall against its 64-byte blocks and the line's end.
/// </summary>
public class AlbSpaceScannerTests
{
    private static List<string?> ByScanner(byte[] line, int fields)
    {
        var got = new List<string?>();
        var scanner = new AlbSpaceScanner(line);
        int pos = 0;
        for (int i = 0; i < fields; i++)
        {
            if (!scanner.Next(ref pos, out var f)) { got.Add(null); break; }
            got.Add(Encoding.Latin1.GetString(f));
        }
        return got;
    }

    private static List<string?> BySearch(byte[] line, int fields)
    {
        var got = new List<string?>();
        int pos = 0;
        for (int i = 0; i < fields; i++)
        {
            int sp = pos >= line.Length ? -1 : Array.IndexOf(line, (byte)' ', pos);
            if (sp <= pos) { got.Add(null); break; }
            got.Add(Encoding.Latin1.GetString(line, pos, sp - pos));
            pos = sp + 1;
        }
        return got;
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a")]
    [InlineData("a ")]
    [InlineData("a  b ")]
    [InlineData("http 2025-12-27T16:35:24.123456Z app/x 1.2.3.4:5 - -1 -1 -1 400 - 0 0 \"GET / HTTP/1.1\" \"-\"")]
    public void Finds_what_a_search_per_field_finds(string text)
    {
        var line = Encoding.Latin1.GetBytes(text);
        Assert.Equal(BySearch(line, 20), ByScanner(line, 20));
    }

    [Fact]
    public void Agrees_with_the_search_on_random_lines_across_block_boundaries()
    {
        var rng = new Random(20261205);
        for (int n = 0; n < 4000; n++)
        {
            // lengths around one, two and three 64-byte blocks; spaces dense or sparse, doubled now and then
            int length = rng.Next(0, 200);
            double spaces = rng.NextDouble() * 0.3;
            var line = new byte[length];
            for (int i = 0; i < length; i++) line[i] = rng.NextDouble() < spaces ? (byte)' ' : (byte)('a' + rng.Next(26));
            Assert.Equal(BySearch(line, 200), ByScanner(line, 200));
        }
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(127)]
    [InlineData(128)]
    public void A_field_ending_on_a_block_edge_is_found(int spaceAt)
    {
        var line = Enumerable.Repeat((byte)'x', 200).ToArray();
        line[spaceAt] = (byte)' ';
        line[199] = (byte)' ';
        var got = ByScanner(line, 3);
        Assert.Equal([new string('x', spaceAt), new string('x', 198 - spaceAt), null], got);
    }
}
