using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PypiKit.Incidents.Parsers;

/// <summary>Allocation-free readers for the pieces of an ALB log line (shared by the full parser and the aggregator).</summary>
internal static class AlbFields
{
    /// <summary>Number of fields through "user_agent"; shorter lines are rejected.</summary>
    public const int MinimumFields = 14;

    /// <summary>The reject reason for a line holding two records.</summary>
    public const string MergedRecordError = "two records on one line (a lost newline): a second request starts inside it; both are counted as this one rejected line";

    /// <summary>The values of field 1 (type) ALB writes.</summary>
    public static bool IsRequestType(ReadOnlySpan<char> t) => t is "http" or "https" or "h2" or "grpcs" or "ws" or "wss";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool EndsWithRequestType(ReadOnlySpan<byte> s) =>
        s.EndsWith("http"u8) || s.EndsWith("https"u8) || s.EndsWith("h2"u8) || s.EndsWith("grpcs"u8) || s.EndsWith("ws"u8) || s.EndsWith("wss"u8);

    /// <summary>
    /// Where a second record starts in the rest of a line after field 14 (user agent), or -1. A record starts with a
    /// request type directly followed by " yyyy-mm-ddT"; after field 14 the only unquoted time (request_creation_time)
    /// follows matched_rule_priority, a number or "-", so a type word before a time means a newline was lost. One vectorized
    /// search for " 20" per line keeps this cheap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FindMergedRecord(ReadOnlySpan<byte> rest)
    {
        int from = 0;
        while (from < rest.Length)
        {
            int i = rest[from..].IndexOf(" 20"u8);
            if (i < 0) return -1;
            i += from;
            // every type word ends in 'p', 's' or '2'; matched_rule_priority before request_creation_time is a number or "-"
            if (i > 0 && rest[i - 1] is (byte)'p' or (byte)'s' or (byte)'2'
                && i + 12 <= rest.Length && rest[i + 5] == (byte)'-' && rest[i + 8] == (byte)'-' && rest[i + 11] == (byte)'T'
                && EndsWithRequestType(rest[..i]))
                return i;
            from = i + 3;
        }
        return -1;
    }

    /// <summary>
    /// Reads the next field starting at <paramref name="pos"/>: a quoted field ends at the first unescaped '"' followed
    /// by a space or the end; a bare field at the next space. Returns false on a malformed field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Next(ReadOnlySpan<byte> line, scoped ref int pos, out int start, out int length, out bool quoted)
    {
        start = pos; length = 0; quoted = false;
        if (pos >= line.Length) return false;
        if (line[pos] == (byte)'"')
        {
            quoted = true;
            int i = pos + 1;
            while (true)
            {
                int rel = line[i..].IndexOfAny((byte)'"', (byte)'\\');
                if (rel < 0) return false;
                i += rel;
                if (line[i] == (byte)'\\') { i += 2; if (i > line.Length) return false; continue; }
                break;
            }
            start = pos + 1;
            length = i - start;
            pos = i + 1;
            if (pos < line.Length)
            {
                if (line[pos] != (byte)' ') return false;
                pos++;
            }
            return true;
        }
        int sp = line[pos..].IndexOf((byte)' ');
        if (sp < 0) { length = line.Length - pos; pos = line.Length; }
        else { length = sp; pos += sp + 1; }
        return length > 0;
    }

    /// <summary>
    /// The fraction of "…:SS.ffffffZ" (from index 19) as ticks: up to 9 digits, the first 7 kept; "…:SSZ" is 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFraction(ReadOnlySpan<byte> s, out long frac)
    {
        // ALB's own form, six digits (".123456Z" from index 19): read as one 8-byte word, the '.' and 'Z' masked away
        if (s.Length == 27 && BitConverter.IsLittleEndian && s[19] == (byte)'.' && s[26] == (byte)'Z')
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(s), 19));
            // shifted up a byte: 'Z' falls off the top, the six digits are bytes 2-7 and the '.' byte 1, cleared
            if (!TrySwarDigits((word << 8) & ~0xFFFFUL, 0xFFFF_FFFF_FFFF_0000UL, out long micros)) { frac = 0; return false; }
            frac = micros * 10;
            return true;
        }
        frac = 0;
        if (s.Length <= 20) return s.Length == 20 && s[19] == 'Z';
        if (s[19] != '.' || s.Length == 21 || s.Length - 21 > 9) return false;
        int digits = 0;
        for (int i = 20; i < s.Length - 1; i++)
        {
            uint c = (uint)(s[i] - '0');
            if (c > 9) return false;
            if (digits < 7) { frac = frac * 10 + c; digits++; }
        }
        for (; digits < 7; digits++) frac *= 10;
        return true;
    }

    /// <summary>Parses "2025-12-27T16:35:24.123456Z" into UTC ticks.</summary>
    public static bool TryTime(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[^1] != 'Z') return false;
        if (!D4(s, 0, out int y) || !D2(s, 5, out int mo) || !D2(s, 8, out int d) || !D2(s, 11, out int h)
            || !D2(s, 14, out int mi) || !D2(s, 17, out int sec)) return false;
        if (y < 1 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) return false;
        if (!TryFraction(s, out long frac)) return false;
        ticks = new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc).Ticks + Math.Min(sec, 59) * TimeSpan.TicksPerSecond + frac;
        return true;
    }

    private static bool D2(ReadOnlySpan<byte> s, int at, out int v)
    {
        uint a = (uint)(s[at] - '0'), b = (uint)(s[at + 1] - '0');
        v = (int)(a * 10 + b);
        return a <= 9 && b <= 9;
    }

    private static bool D4(ReadOnlySpan<byte> s, int at, out int v)
    {
        v = 0;
        for (int i = 0; i < 4; i++)
        {
            uint c = (uint)(s[at + i] - '0');
            if (c > 9) return false;
            v = v * 10 + (int)c;
        }
        return true;
    }

    /// <summary>Parses a processing time in seconds ("0.001", "-1") into microseconds (-1 stays -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryMicros(ReadOnlySpan<byte> s, out long micros)
    {
        micros = 0;
        // ALB's own form: milliseconds, one or two whole seconds ("0.009", "12.345"), read without a loop
        if (s.Length is 5 or 6 && s[^4] == (byte)'.')
        {
            uint w1 = s.Length == 6 ? (uint)(s[0] - '0') : 0, w0 = (uint)(s[^5] - '0');
            uint f0 = (uint)(s[^3] - '0'), f1 = (uint)(s[^2] - '0'), f2 = (uint)(s[^1] - '0');
            if (!(w1 > 9 | w0 > 9 | f0 > 9 | f1 > 9 | f2 > 9))
            {
                micros = ((w1 * 10 + w0) * 1000 + f0 * 100 + f1 * 10 + f2) * 1000L;
                return true;
            }
            return false;
        }
        if (s.Length == 2 && s[0] == '-' && s[1] == '1') { micros = -1; return true; }
        if (s.Length == 0 || s.Length > 18) return false;
        long whole = 0; int i = 0;
        for (; i < s.Length && s[i] != '.'; i++)
        {
            uint c = (uint)(s[i] - '0');
            if (c > 9) return false;
            whole = whole * 10 + c;
        }
        if (i == 0 || i > 9) return false;
        long frac = 0; int digits = 0;
        if (i < s.Length)
        {
            i++;
            if (i == s.Length) return false;
            for (; i < s.Length; i++)
            {
                uint c = (uint)(s[i] - '0');
                if (c > 9) return false;
                if (digits < 6) { frac = frac * 10 + c; digits++; }
            }
        }
        for (; digits < 6; digits++) frac *= 10;
        micros = whole * 1_000_000 + frac;
        return true;
    }

    /// <summary>Status code "200" or "-" (→ -1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryStatus(ReadOnlySpan<byte> s, out int code)
    {
        code = -1;
        if (s.Length == 1 && s[0] == '-') return true;
        if (s.Length != 3) return false;
        uint a = (uint)(s[0] - '0'), b = (uint)(s[1] - '0'), c = (uint)(s[2] - '0');
        if (a > 9 || b > 9 || c > 9 || a == 0) return false;
        code = (int)(a * 100 + b * 10 + c);
        return true;
    }

    /// <summary>Byte count or "-" (→ 0). Given the <paramref name="line"/> <paramref name="s"/> lies in, a short count is read as one word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCount(ReadOnlySpan<byte> s, out long v, ReadOnlySpan<byte> line = default)
    {
        v = 0;
        if (s.Length == 1 && s[0] == '-') return true;
        if (TryDigits(s, 18, out v, line)) return true;
        return Utf8Parser.TryParse(s, out v, out int used) && used == s.Length && v >= 0;
    }

    /// <summary>
    /// 1 to <paramref name="maxDigits"/> decimal digits and nothing else: the common form of counts and ports, read without
    /// a library call (anything else — a sign, more digits — falls back to <see cref="Utf8Parser"/>). With the
    /// <paramref name="line"/> that holds <paramref name="s"/> and 8 bytes readable from its start, up to 8 digits are
    /// read as one word (<see cref="TrySwarDigits"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDigits(ReadOnlySpan<byte> s, int maxDigits, out long v, ReadOnlySpan<byte> line = default)
    {
        v = 0;
        if (s.IsEmpty || s.Length > maxDigits) return false;
        // up to 8 digits inside a line with 8 bytes readable from their start: one word, no loop
        if (s.Length <= 8 && BitConverter.IsLittleEndian && !line.IsEmpty)
        {
            nint at = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(line), ref MemoryMarshal.GetReference(s));
            if (at >= 0 && at <= line.Length - 8)
            {
                int shift = (8 - s.Length) * 8;
                ulong word = Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference(s)) << shift;
                return TrySwarDigits(word, ~0UL << shift, out v);
            }
        }
        foreach (var b in s)
        {
            uint c = (uint)(b - '0');
            if (c > 9) { v = 0; return false; }
            v = v * 10 + c;
        }
        return true;
    }

    /// <summary>
    /// A number from ASCII digits packed in a little-endian word: the bytes under <paramref name="digitBytes"/> (the top
    /// ones) must be '0'-'9', the others zero (read as leading zeros). False, and 0, when a byte is not a digit. The
    /// digits are combined pairwise, then in fours, then in eights: three multiplications instead of a loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TrySwarDigits(ulong word, ulong digitBytes, out long value)
    {
        const ulong HighNibbles = 0xF0F0_F0F0_F0F0_F0F0UL, Zeros = 0x3030_3030_3030_3030UL, Six = 0x0606_0606_0606_0606UL;
        ulong expected = Zeros & digitBytes;
        // '0'-'9' are 0x30-0x39: high nibble 3, and still 3 after adding 6 (0x3A and up would carry into 4)
        if ((word & HighNibbles) != expected || ((word + Six) & HighNibbles) != expected) { value = 0; return false; }
        ulong d = word & 0x0F0F_0F0F_0F0F_0F0FUL;
        d = d * 10 + (d >> 8);                                   // each byte pair: 10 × first + second
        d = (((d & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32)))
            + (((d >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32;
        value = (long)d;
        return true;
    }

    /// <summary>
    /// Splits "ip:port" at the last ':' (IPv6 addresses contain colons); "-" gives false. With
    /// <paramref name="checkAddress"/> false the address part is not checked (<see cref="IsIpLike"/>): for a caller that
    /// has seen this very text before and checks only new ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySplitEndpoint(ReadOnlySpan<byte> s, out ReadOnlySpan<byte> ip, out int port, bool checkAddress = true, ReadOnlySpan<byte> line = default)
    {
        ip = default; port = 0;
        int c = s.LastIndexOf((byte)':');
        if (c <= 0 || c == s.Length - 1) return false;
        var p = s[(c + 1)..];
        if (TryDigits(p, 5, out long fast, line)) port = (int)fast;
        else if (p.Length > 5 || !Utf8Parser.TryParse(p, out port, out int used) || used != p.Length) return false;
        if (port > 65535) return false;
        ip = s[..c];
        if (ip.Length >= 2 && ip[0] == '[' && ip[^1] == ']') ip = ip[1..^1];
        return !checkAddress || IsIpLike(ip);
    }

    /// <summary>2–45 bytes of hex digits, dots and colons: the shape of an IPv4 or IPv6 address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsIpLike(ReadOnlySpan<byte> ip)
    {
        if (ip.Length is < 2 or > 45) return false;
        foreach (var b in ip)
            if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F') || b == '.' || b == ':')) return false;
        return true;
    }

    /// <summary>Packs a dotted IPv4 address into 32 bits; false for anything else (IPv6 goes the slow path).</summary>
    public static bool TryIpv4(ReadOnlySpan<byte> s, out uint ip)
    {
        ip = 0;
        uint part = 0; int digits = 0, dots = 0;
        foreach (var b in s)
        {
            if (b == '.')
            {
                if (digits == 0 || ++dots > 3) return false;
                ip = (ip << 8) | part; part = 0; digits = 0;
                continue;
            }
            uint c = (uint)(b - '0');
            if (c > 9 || ++digits > 3) return false;
            part = part * 10 + c;
            if (part > 255) return false;
        }
        if (dots != 3 || digits == 0) return false;
        ip = (ip << 8) | part;
        return true;
    }

    public static string Ipv4ToString(uint ip) => $"{ip >> 24}.{(ip >> 16) & 255}.{(ip >> 8) & 255}.{ip & 255}";

    /// <summary>Undoes ALB's escaping inside quoted fields (backslash escapes, \xHH).</summary>
    public static string Unescape(ReadOnlySpan<byte> s)
    {
        if (s.IndexOf((byte)'\\') < 0) return System.Text.Encoding.UTF8.GetString(s);
        var buf = new byte[s.Length];
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                if (s[i + 1] == 'x' && i + 3 < s.Length && Utf8Parser.TryParse(s.Slice(i + 2, 2), out byte hex, out int used, 'x') && used == 2)
                { buf[n++] = hex; i += 3; continue; }
                buf[n++] = s[i + 1]; i++;
                continue;
            }
            buf[n++] = s[i];
        }
        return System.Text.Encoding.UTF8.GetString(buf, 0, n);
    }
}
