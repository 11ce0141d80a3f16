using System.Globalization;
using System.Text;
using PypiKit.Incidents.Parsers;

namespace PypiKit.Tests.Incidents;

/// <summary>
/// Counts, ports and time fractions are read eight bytes at a time when the line allows it: the word path must agree
/// with the byte-by-byte path on every value and every refusal, whatever bytes surround the field.
/// </summary>
public class AlbNumberFieldTests
{
    [Fact]
    public void A_count_read_as_one_word_equals_the_count_read_byte_by_byte()
    {
        var rng = new Random(20261205);
        const string Pool = "0123456789-+ .xZ\"\0\u00ff:/";
        for (int n = 0; n < 50_000; n++)
        {
            // a field of 1-10 bytes, mostly digits, at a random place in a line of random bytes
            int length = rng.Next(1, 11);
            var field = new char[length];
            bool digitsOnly = rng.NextDouble() < 0.7;
            for (int i = 0; i < length; i++) field[i] = digitsOnly ? (char)('0' + rng.Next(10)) : Pool[rng.Next(Pool.Length)];
            var before = new string('a', rng.Next(0, 5));
            var after = new string('b', rng.Next(0, 12));
            var line = Encoding.Latin1.GetBytes(before + new string(field) + after);
            var s = line.AsSpan(before.Length, length);

            bool scalar = AlbFields.TryCount(s, out long expected);
            bool word = AlbFields.TryCount(s, out long got, line);
            Assert.Equal(scalar, word);
            Assert.Equal(expected, got);
        }
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("7", 7L)]
    [InlineData("00000042", 42L)]
    [InlineData("99999999", 99_999_999L)]
    [InlineData("12345678", 12_345_678L)]
    [InlineData("123456789", 123_456_789L)]   // 9 digits: past one word, read byte by byte
    public void Counts_of_every_length_read_inside_a_line(string digits, long expected)
    {
        var line = Encoding.ASCII.GetBytes($"x {digits} \"GET / HTTP/1.1\" \"pip\"");
        Assert.True(AlbFields.TryCount(line.AsSpan(2, digits.Length), out long v, line));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("12:3")]
    [InlineData("1/34")]
    [InlineData("9:99")]
    [InlineData("12 4")]
    public void A_byte_beside_the_digit_range_is_no_digit(string text)
    {
        // ':' and '/' sit right after and before '0'-'9': the word check must refuse them as the byte loop does
        var line = Encoding.ASCII.GetBytes(text + " tail of the line");
        Assert.False(AlbFields.TryCount(line.AsSpan(0, text.Length), out _, line));
    }

    [Fact]
    public void A_port_read_as_one_word_equals_the_port_read_byte_by_byte()
    {
        var rng = new Random(7);
        for (int n = 0; n < 20_000; n++)
        {
            int port = rng.Next(0, 70_000);
            string text = rng.NextDouble() < 0.1 ? $"10.0.0.1:{port}x" : $"10.0.0.1:{port}";
            var line = Encoding.ASCII.GetBytes(text + " 0.000 0.001 0.000 200 200 34 366");
            var s = line.AsSpan(0, text.Length);
            bool scalar = AlbFields.TrySplitEndpoint(s, out _, out int p1);
            bool word = AlbFields.TrySplitEndpoint(s, out _, out int p2, line: line);
            Assert.Equal(scalar, word);
            Assert.Equal(p1, p2);
        }
    }

    [Fact]
    public void Six_fraction_digits_read_as_one_word_give_the_ticks_of_the_time()
    {
        var rng = new Random(11);
        for (int n = 0; n < 20_000; n++)
        {
            int micros = rng.Next(0, 1_000_000);
            var text = $"2025-12-27T16:35:24.{micros.ToString("D6", CultureInfo.InvariantCulture)}Z";
            Assert.True(AlbFields.TryFraction(Encoding.ASCII.GetBytes(text), out long frac));
            Assert.Equal(micros * 10L, frac);
            Assert.True(AlbFields.TryTime(Encoding.ASCII.GetBytes(text), out long ticks));
            Assert.Equal(new DateTime(2025, 12, 27, 16, 35, 24, DateTimeKind.Utc).Ticks + micros * 10L, ticks);
        }
        foreach (var bad in new[] { "2025-12-27T16:35:24.12a456Z", "2025-12-27T16:35:24.12:456Z", "2025-12-27T16:35:24.1234/6Z", "2025-12-27T16:35:24 123456Z" })
            Assert.False(AlbFields.TryFraction(Encoding.ASCII.GetBytes(bad), out _), bad);
    }

    [Fact]
    public void Processing_times_in_albs_millisecond_form_read_without_a_loop_match_their_decimal_value()
    {
        var rng = new Random(3);
        const string Pool = "0123456789.-+ x/:";
        for (int n = 0; n < 50_000; n++)
        {
            // "d.ddd" / "dd.ddd" (the fast form), sometimes with a byte replaced
            int whole = rng.Next(1, 3);
            var chars = (new string('0', whole) + ".000").ToCharArray();
            for (int i = 0; i < chars.Length; i++) if (chars[i] != '.') chars[i] = (char)('0' + rng.Next(10));
            if (rng.NextDouble() < 0.3) chars[rng.Next(chars.Length)] = Pool[rng.Next(Pool.Length)];
            var text = new string(chars);
            // the reference: a plain decimal number (a replaced '.' leaves whole seconds, which are valid too)
            bool valid = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds);
            Assert.True(valid == AlbFields.TryMicros(Encoding.ASCII.GetBytes(text), out long micros), text);
            if (valid) Assert.Equal((long)(seconds * 1_000_000m), micros);
        }
        Assert.True(AlbFields.TryMicros("-1"u8, out long none));
        Assert.Equal(-1, none);
        Assert.True(AlbFields.TryMicros("0.0005"u8, out long sub));   // other forms take the general reader
        Assert.Equal(500, sub);
    }
}
