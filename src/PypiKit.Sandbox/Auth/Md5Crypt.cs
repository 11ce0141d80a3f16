using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Sandbox.Auth;

/// <summary>Apache's <c>$apr1$</c> password hash (MD5-crypt with the "$apr1$" magic, 1000 rounds), htpasswd's default.</summary>
internal static class Md5Crypt
{
    private const string Itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Checks a password against <c>$apr1$salt$hash</c> (or <c>$1$</c>, the same algorithm with the other magic).</summary>
    public static bool Verify(string password, string hash)
    {
        string magic = hash.StartsWith("$apr1$", StringComparison.Ordinal) ? "$apr1$" : hash.StartsWith("$1$", StringComparison.Ordinal) ? "$1$" : "";
        if (magic.Length == 0) return false;
        var rest = hash[magic.Length..];
        var dollar = rest.IndexOf('$');
        if (dollar < 0) return false;
        var computed = Compute(password, rest[..dollar], magic);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(hash));
    }

    /// <summary>Hashes with the given salt (at most 8 characters are used).</summary>
    public static string Compute(string password, string salt, string magic = "$apr1$")
    {
        if (salt.Length > 8) salt = salt[..8];
        var pw = Encoding.UTF8.GetBytes(password);
        var sl = Encoding.ASCII.GetBytes(salt);
        var mg = Encoding.ASCII.GetBytes(magic);

        var alt = MD5.HashData([.. pw, .. sl, .. pw]);
        var ctx = new List<byte>();
        ctx.AddRange(pw); ctx.AddRange(mg); ctx.AddRange(sl);
        for (int pl = pw.Length; pl > 0; pl -= 16) ctx.AddRange(alt.AsSpan(0, Math.Min(16, pl)).ToArray());
        for (int i = pw.Length; i != 0; i >>= 1) ctx.Add((i & 1) != 0 ? (byte)0 : (pw.Length > 0 ? pw[0] : (byte)0));
        var final = MD5.HashData(ctx.ToArray());
        for (int i = 0; i < 1000; i++)
        {
            var c = new List<byte>(64);
            if ((i & 1) != 0) c.AddRange(pw); else c.AddRange(final);
            if (i % 3 != 0) c.AddRange(sl);
            if (i % 7 != 0) c.AddRange(pw);
            if ((i & 1) != 0) c.AddRange(final); else c.AddRange(pw);
            final = MD5.HashData(c.ToArray());
        }
        var sb = new StringBuilder(magic).Append(salt).Append('$');
        To64(sb, (final[0] << 16) | (final[6] << 8) | final[12], 4);
        To64(sb, (final[1] << 16) | (final[7] << 8) | final[13], 4);
        To64(sb, (final[2] << 16) | (final[8] << 8) | final[14], 4);
        To64(sb, (final[3] << 16) | (final[9] << 8) | final[15], 4);
        To64(sb, (final[4] << 16) | (final[10] << 8) | final[5], 4);
        To64(sb, final[11], 2);
        return sb.ToString();
    }

    /// <summary>A random 8-character salt from the crypt alphabet.</summary>
    public static string NewSalt() => new(RandomNumberGenerator.GetItems<char>(Itoa64, 8));

    private static void To64(StringBuilder sb, int v, int n)
    {
        for (int i = 0; i < n; i++) { sb.Append(Itoa64[v & 0x3F]); v >>= 6; }
    }
}
