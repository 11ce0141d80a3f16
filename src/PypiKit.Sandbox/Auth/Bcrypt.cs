using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Sandbox.Auth;

/// <summary>
/// bcrypt (the OpenBSD eksblowfish password hash) in the <c>$2a$</c>, <c>$2b$</c> and <c>$2y$</c> forms that Apache's
/// htpasswd and passlib write. The three prefixes are computed identically here (password UTF-8 bytes plus a NUL,
/// truncated to 72 bytes); they differ only in historical bugs of other implementations for non-ASCII or &gt;255-byte
/// passwords. Blowfish's initial P-array and S-boxes are the hexadecimal digits of π's fraction; they are computed once
/// (Machin's formula in fixed point) rather than tabulated.
/// </summary>
public static class Bcrypt
{
    private const string Alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly Lazy<uint[]> PiWords = new(ComputePiWords);
    private static readonly uint[] Magic = ToWords("OrpheanBeholderScryDoubt"u8);

    /// <summary>True when <paramref name="hash"/> looks like a bcrypt hash this class can check.</summary>
    public static bool IsBcryptHash(string hash) =>
        hash.Length == 60 && hash[0] == '$' && hash[1] == '2' && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$' && hash[6] == '$';

    /// <summary>Checks <paramref name="password"/> against a 60-character bcrypt hash (constant-time compare).</summary>
    public static bool Verify(string password, string hash)
    {
        if (!IsBcryptHash(hash) || !int.TryParse(hash.AsSpan(4, 2), out var cost) || cost is < 4 or > 31) return false;
        byte[] salt;
        try { salt = Decode(hash.AsSpan(7, 22), 16); } catch (FormatException) { return false; }
        var computed = Compute(password, cost, salt, hash[..3]);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(hash));
    }

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt, as <c>htpasswd -B</c> does (<c>$2y$</c>).</summary>
    public static string Hash(string password, int cost = 10, string prefix = "$2y") =>
        Compute(password, cost, RandomNumberGenerator.GetBytes(16), prefix);

    /// <summary>Hashes with a given 16-byte salt. <paramref name="prefix"/> is <c>$2a</c>, <c>$2b</c> or <c>$2y</c>.</summary>
    public static string Compute(string password, int cost, byte[] salt, string prefix = "$2b")
    {
        if (cost is < 4 or > 31) throw new ArgumentOutOfRangeException(nameof(cost), "bcrypt cost must be 4…31.");
        if (salt.Length != 16) throw new ArgumentException("bcrypt salt must be 16 bytes.", nameof(salt));
        var pw = Encoding.UTF8.GetBytes(password);
        var key = new byte[Math.Min(pw.Length + 1, 72)];
        Array.Copy(pw, key, Math.Min(pw.Length, key.Length));

        var pi = PiWords.Value;
        var p = pi.AsSpan(0, 18).ToArray();
        var s = pi.AsSpan(18, 1024).ToArray();
        ExpandKey(p, s, key, salt);
        long rounds = 1L << cost;
        for (long r = 0; r < rounds; r++)
        {
            ExpandKey(p, s, key, null);
            ExpandKey(p, s, salt, null);
        }
        var text = (uint[])Magic.Clone();
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 6; j += 2)
                Encipher(p, s, ref text[j], ref text[j + 1]);
        var outBytes = new byte[24];
        for (int i = 0; i < 6; i++)
        {
            outBytes[4 * i] = (byte)(text[i] >> 24);
            outBytes[4 * i + 1] = (byte)(text[i] >> 16);
            outBytes[4 * i + 2] = (byte)(text[i] >> 8);
            outBytes[4 * i + 3] = (byte)text[i];
        }
        return $"{prefix}${cost:D2}${Encode(salt, 16)}{Encode(outBytes, 23)}";
    }

    private static void ExpandKey(uint[] p, uint[] s, byte[] key, byte[]? salt)
    {
        int kp = 0, sp = 0;
        for (int i = 0; i < 18; i++) p[i] ^= StreamWord(key, ref kp);
        uint l = 0, r = 0;
        for (int i = 0; i < 18; i += 2)
        {
            if (salt is not null) { l ^= StreamWord(salt, ref sp); r ^= StreamWord(salt, ref sp); }
            Encipher(p, s, ref l, ref r);
            p[i] = l; p[i + 1] = r;
        }
        for (int i = 0; i < 1024; i += 2)
        {
            if (salt is not null) { l ^= StreamWord(salt, ref sp); r ^= StreamWord(salt, ref sp); }
            Encipher(p, s, ref l, ref r);
            s[i] = l; s[i + 1] = r;
        }
    }

    private static uint StreamWord(byte[] data, ref int pos)
    {
        uint w = 0;
        for (int i = 0; i < 4; i++)
        {
            w = (w << 8) | data[pos];
            pos = (pos + 1) % data.Length;
        }
        return w;
    }

    private static void Encipher(uint[] p, uint[] s, ref uint xl, ref uint xr)
    {
        uint l = xl ^ p[0], r = xr;
        for (int i = 1; i <= 16; i += 2)
        {
            r ^= F(s, l) ^ p[i];
            l ^= F(s, r) ^ p[i + 1];
        }
        xl = r ^ p[17];
        xr = l;
    }

    private static uint F(uint[] s, uint x) =>
        ((s[x >> 24] + s[256 + ((x >> 16) & 0xFF)]) ^ s[512 + ((x >> 8) & 0xFF)]) + s[768 + (x & 0xFF)];

    private static uint[] ToWords(ReadOnlySpan<byte> b)
    {
        var w = new uint[b.Length / 4];
        for (int i = 0; i < w.Length; i++) w[i] = (uint)(b[4 * i] << 24 | b[4 * i + 1] << 16 | b[4 * i + 2] << 8 | b[4 * i + 3]);
        return w;
    }

    /// <summary>bcrypt's base64 (own alphabet, no padding): the first <paramref name="count"/> bytes.</summary>
    internal static string Encode(byte[] data, int count)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < count)
        {
            int c1 = data[i++];
            sb.Append(Alphabet[c1 >> 2]);
            c1 = (c1 & 0x03) << 4;
            if (i >= count) { sb.Append(Alphabet[c1]); break; }
            int c2 = data[i++];
            c1 |= c2 >> 4;
            sb.Append(Alphabet[c1]);
            c1 = (c2 & 0x0F) << 2;
            if (i >= count) { sb.Append(Alphabet[c1]); break; }
            c2 = data[i++];
            c1 |= c2 >> 6;
            sb.Append(Alphabet[c1]);
            sb.Append(Alphabet[c2 & 0x3F]);
        }
        return sb.ToString();
    }

    internal static byte[] Decode(ReadOnlySpan<char> text, int count)
    {
        var bits = new List<byte>(count);
        int acc = 0, nbits = 0;
        foreach (var ch in text)
        {
            int v = Alphabet.IndexOf(ch);
            if (v < 0) throw new FormatException("not bcrypt base64");
            acc = (acc << 6) | v;
            nbits += 6;
            if (nbits >= 8)
            {
                nbits -= 8;
                if (bits.Count < count) bits.Add((byte)(acc >> nbits));
                acc &= (1 << nbits) - 1;
            }
        }
        if (bits.Count < count) throw new FormatException("bcrypt base64 too short");
        return bits.ToArray();
    }

    /// <summary>The first 1042 32-bit words of π's fractional part in hexadecimal (Blowfish's P-array then S-boxes).</summary>
    internal static uint[] ComputePiWords()
    {
        const int words = 18 + 1024;
        int bits = words * 32 + 64;
        BigInteger one = BigInteger.One << bits;
        BigInteger pi = 16 * ArcTanInverse(5, one) - 4 * ArcTanInverse(239, one);
        BigInteger frac = pi - 3 * one;
        var result = new uint[words];
        for (int i = 0; i < words; i++)
            result[i] = (uint)((frac >> (bits - 32 * (i + 1))) & uint.MaxValue);
        return result;
    }

    private static BigInteger ArcTanInverse(int x, BigInteger one)
    {
        BigInteger term = one / x, sum = term, x2 = x * x;
        int k = 1;
        while (!term.IsZero)
        {
            term /= x2;
            var t = term / (2 * k + 1);
            sum = (k & 1) == 1 ? sum - t : sum + t;
            k++;
        }
        return sum;
    }
}
