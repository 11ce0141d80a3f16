using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Sandbox.Auth;

/// <summary>
/// Checks passwords against one hash from an Apache htpasswd file: bcrypt (<c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>),
/// <c>$apr1$</c> (and <c>$1$</c>) MD5-crypt, <c>{SHA}</c> (base64 SHA-1) and plain text. Other formats never match.
/// </summary>
public static class HtpasswdHash
{
    public static bool Verify(string password, string hash)
    {
        if (Bcrypt.IsBcryptHash(hash)) return Bcrypt.Verify(password, hash);
        if (hash.StartsWith("$apr1$", StringComparison.Ordinal) || hash.StartsWith("$1$", StringComparison.Ordinal)) return Md5Crypt.Verify(password, hash);
        if (hash.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            var expected = "{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
            return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hash));
        }
        if (hash.StartsWith('$')) return false; // $5$, $6$ and other crypt schemes: not supported here
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(hash));
    }
}

/// <summary>
/// An htpasswd file, re-read whenever its modification time or size changes (checked on every call, as pypiserver's
/// <c>load_if_changed</c> does), so users can be added without a restart. Successful and failed checks are memoised per
/// file version (keyed by user and a SHA-256 of the password), so bcrypt's deliberate cost is paid once per credential
/// rather than on every request — pypiserver pays it every time; the sandbox does not emulate that CPU cost.
/// </summary>
public sealed class HtpasswdFile
{
    private readonly string _path;
    private readonly object _gate = new();
    private volatile State _state = new(DateTime.MinValue, -1, new Dictionary<string, string>());
    private long _nextCheckTicks;

    private sealed record State(DateTime Mtime, long Size, Dictionary<string, string> Users)
    {
        public ConcurrentDictionary<string, Lazy<bool>> Memo { get; } = new();
    }

    public HtpasswdFile(string path)
    {
        _path = Path.GetFullPath(path);
        Reload(force: true);
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath => _path;

    /// <summary>User names currently in the file.</summary>
    public IReadOnlyCollection<string> Users => _state.Users.Keys;

    /// <summary>True when the user exists and the password matches its hash.</summary>
    public bool Verify(string user, string password)
    {
        Reload(force: false);
        var state = _state;
        if (!state.Users.TryGetValue(user, out var hash)) return false;
        var key = user + "\n" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        return state.Memo.GetOrAdd(key, _ => new Lazy<bool>(() => HtpasswdHash.Verify(password, hash))).Value; // one bcrypt per credential, even under a burst
    }

    private void Reload(bool force)
    {
        // stat at most every 100 ms under load; always on the first call
        long now = Environment.TickCount64;
        if (!force && now < Interlocked.Read(ref _nextCheckTicks)) return;
        Interlocked.Exchange(ref _nextCheckTicks, now + 100);
        var fi = new FileInfo(_path);
        DateTime mtime = fi.Exists ? fi.LastWriteTimeUtc : DateTime.MinValue;
        long size = fi.Exists ? fi.Length : -1;
        var cur = _state;
        if (!force && cur.Mtime == mtime && cur.Size == size) return;
        lock (_gate)
        {
            var users = new Dictionary<string, string>(StringComparer.Ordinal);
            if (fi.Exists)
            {
                foreach (var raw in File.ReadAllLines(_path))
                {
                    var line = raw.Trim();
                    if (line.Length == 0 || line.StartsWith('#')) continue;
                    var colon = line.IndexOf(':');
                    if (colon <= 0) continue;
                    users[line[..colon]] = line[(colon + 1)..];
                }
            }
            _state = new State(mtime, size, users);
        }
    }

    /// <summary>Writes (or replaces) <paramref name="user"/> in an htpasswd file with a bcrypt hash (<c>$2y$</c>, cost 10), atomically.</summary>
    public static void SetUser(string path, string user, string password, int cost = 10)
    {
        if (string.IsNullOrEmpty(user) || user.Contains(':') || user.Contains('\n'))
            throw new InvalidInputException("user", $"user: '{user}' is not a valid htpasswd user name.");
        var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.StartsWith(user + ":", StringComparison.Ordinal)).ToList() : [];
        lines.Add($"{user}:{Bcrypt.Hash(password, cost)}");
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = System.IO.Path.Combine(dir, $".htpasswd.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(tmp, string.Join('\n', lines) + "\n");
        File.Move(tmp, path, overwrite: true);
    }
}
