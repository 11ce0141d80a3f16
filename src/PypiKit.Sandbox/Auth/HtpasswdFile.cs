using System.Text;

namespace PypiKit.Sandbox.Auth;

/// <summary>One version of an htpasswd file: its users and the hash an unknown user is checked against.</summary>
public sealed class HtpasswdUsers
{
    private readonly Lazy<string?> _dummy;

    internal HtpasswdUsers(Dictionary<string, string> users)
    {
        Users = users;
        _dummy = new Lazy<string?>(() => Representative(users.Values) is { } h ? HtpasswdHash.DummyLike(h) : null);
    }

    /// <summary>User → hash.</summary>
    public IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>
    /// A hash of a random password shaped like the costliest hash in the file (the highest bcrypt cost if any): checking
    /// an unknown user against it does the same work as checking a known user, so answers do not reveal who exists.
    /// </summary>
    public string? DummyHash => _dummy.Value;

    private static string? Representative(IEnumerable<string> hashes)
    {
        string? best = null;
        foreach (var h in hashes)
        {
            if (HtpasswdHash.IsBcrypt(h)) { if (best is null || !HtpasswdHash.IsBcrypt(best) || string.CompareOrdinal(h[4..6], best[4..6]) > 0) best = h; }
            else best ??= h;
        }
        return best;
    }
}

/// <summary>
/// An htpasswd file, re-read whenever its modification time or size changes (checked at most every 100 ms, as
/// pypiserver's <c>load_if_changed</c> checks on every call), so users can be added without a restart.
/// </summary>
public sealed class HtpasswdFile
{
    private readonly string _path;
    private readonly object _gate = new();
    private volatile State _state = new(DateTime.MinValue, -1, new HtpasswdUsers(new Dictionary<string, string>()));
    private long _nextCheckTicks;

    private sealed record State(DateTime Mtime, long Size, HtpasswdUsers Users);

    public HtpasswdFile(string path)
    {
        _path = Path.GetFullPath(path);
        Reload(force: true);
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath => _path;

    /// <summary>User names currently in the file.</summary>
    public IReadOnlyCollection<string> Users => [.. Current.Users.Keys];

    /// <summary>The file as it is now; a new object whenever the file changed.</summary>
    public HtpasswdUsers Current
    {
        get { Reload(force: false); return _state.Users; }
    }

    /// <summary>True when the user exists and the password matches its hash (no caching: one hash check per call).</summary>
    public bool Verify(string user, string password) =>
        Current.Users.TryGetValue(user, out var hash) && HtpasswdHash.Verify(password, hash);

    private void Reload(bool force)
    {
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
            _state = new State(mtime, size, new HtpasswdUsers(users));
        }
    }

    /// <summary>
    /// Writes (or replaces) <paramref name="user"/> in an htpasswd file with a bcrypt hash (<c>$2y$</c>), atomically. The
    /// file is created readable by its owner only (0600).
    /// </summary>
    public static void SetUser(string path, string user, string password, int cost = HtpasswdHash.DefaultBcryptCost)
    {
        if (string.IsNullOrEmpty(user) || user.Contains(':') || user.Contains('\n'))
            throw new InvalidInputException("user", $"user: '{user}' is not a valid htpasswd user name.");
        var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.StartsWith(user + ":", StringComparison.Ordinal)).ToList() : [];
        lines.Add($"{user}:{HtpasswdHash.CreateBcrypt(password, cost)}");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".htpasswd.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var fs = new FileStream(tmp, options))
            fs.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        File.Move(tmp, path, overwrite: true);
    }
}
