using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Sandbox.Auth;

/// <summary>
/// Credentials that verified, remembered by an HMAC-SHA256 of <c>user NUL password</c> under a random key made when the
/// process starts: the memory holds no password and nothing an offline guesser could test, and valid clients skip the
/// deliberate cost of bcrypt after their first request. Only successes are kept; the set is emptied when it grows past
/// <see cref="Capacity"/> entries.
/// </summary>
internal sealed class CredentialCache
{
    /// <summary>Most entries kept before the cache starts over.</summary>
    public const int Capacity = 4096;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte> _valid = new(StringComparer.Ordinal);

    /// <summary>The keyed hash that stands for the credentials.</summary>
    public string KeyOf(string user, string password)
    {
        var data = Encoding.UTF8.GetBytes(user + "\0" + password);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, data));
    }

    public bool Contains(string key) => _valid.ContainsKey(key);

    public void Add(string key)
    {
        if (_valid.Count >= Capacity) _valid.Clear();
        _valid.TryAdd(key, 0);
    }

    public void Clear() => _valid.Clear();
}
