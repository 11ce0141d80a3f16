using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Sandbox.Auth;

/// <summary>
/// Checks passwords against one hash from an Apache htpasswd file: bcrypt (<c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, through
/// BCrypt.Net-Next), <c>$apr1$</c> (and <c>$1$</c>) MD5-crypt, <c>{SHA}</c> (base64 SHA-1) and plain text. Other formats
/// never match.
/// </summary>
internal static class HtpasswdHash
{
    /// <summary>The cost htpasswd -B uses by default (and the sandbox writes).</summary>
    public const int DefaultBcryptCost = 10;

    /// <summary>True for a 60-character <c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c> hash.</summary>
    public static bool IsBcrypt(string hash) =>
        hash.Length == 60 && hash.StartsWith("$2", StringComparison.Ordinal) && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$';

    public static bool Verify(string password, string hash)
    {
        if (IsBcrypt(hash))
        {
            try { return BCrypt.Net.BCrypt.Verify(password, hash); }
            catch (Exception ex) when (ex is BCrypt.Net.SaltParseException or BCrypt.Net.HashInformationException or ArgumentException) { return false; }
        }
        if (hash.StartsWith("$apr1$", StringComparison.Ordinal) || hash.StartsWith("$1$", StringComparison.Ordinal)) return Md5Crypt.Verify(password, hash);
        if (hash.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            var expected = "{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hash));
        }
        if (hash.StartsWith('$')) return false; // $5$, $6$ and other crypt schemes: not supported here
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(hash));
    }

    /// <summary>A new <c>$2y$</c> hash (the prefix Apache's htpasswd -B writes) of <paramref name="password"/>.</summary>
    public static string CreateBcrypt(string password, int cost = DefaultBcryptCost) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(cost, 'y'));

    /// <summary>
    /// The kind of work verifying against <paramref name="hash"/> costs: <c>$2y$10$</c> (scheme and cost), <c>$apr1$</c>,
    /// <c>{SHA}</c> or <c>plain</c>. Two hashes with the same shape cost the same to check.
    /// </summary>
    public static string Shape(string hash) =>
        IsBcrypt(hash) ? hash[..7]
        : hash.StartsWith("$apr1$", StringComparison.Ordinal) ? "$apr1$"
        : hash.StartsWith("$1$", StringComparison.Ordinal) ? "$1$"
        : hash.StartsWith("{SHA}", StringComparison.Ordinal) ? "{SHA}"
        : hash.StartsWith('$') ? "unsupported" : "plain";

    /// <summary>A hash of a random password with the same shape as <paramref name="hash"/>: what unknown users are checked against.</summary>
    public static string DummyLike(string hash)
    {
        var random = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        return Shape(hash) switch
        {
            var s when IsBcrypt(hash) => BCrypt.Net.BCrypt.HashPassword(random, BCrypt.Net.BCrypt.GenerateSalt(int.Parse(s[4..6], System.Globalization.CultureInfo.InvariantCulture), s[2])),
            "$apr1$" => Md5Crypt.Compute(random, Md5Crypt.NewSalt()),
            "$1$" => Md5Crypt.Compute(random, Md5Crypt.NewSalt(), "$1$"),
            "{SHA}" => "{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(random))),
            _ => random,
        };
    }
}
