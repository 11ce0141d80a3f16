using System.Collections.Concurrent;
using System.Security.Cryptography;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

/// <summary>One listed distribution file.</summary>
public sealed class PackageFile
{
    internal PackageFile(string fullPath, string relPath, DistributionFileName parsed, long size, DateTime mtimeUtc)
    {
        FullPath = fullPath; RelPath = relPath; Parsed = parsed; Size = size; MtimeUtc = mtimeUtc;
        VersionKey = LegacyVersion.SortKey(parsed.Version);
    }

    public string FullPath { get; }
    /// <summary>POSIX path relative to the package root (<c>sub/x.whl</c> for files in subdirectories).</summary>
    public string RelPath { get; }
    public DistributionFileName Parsed { get; }
    public string FileName => Parsed.FileName;
    public string Project => Parsed.NormalizedProject;
    public long Size { get; }
    public DateTime MtimeUtc { get; }
    internal string VersionKey { get; }
}

/// <summary>
/// An immutable listing of the package directory, with lookups by project and by path, and a cache of the pages rendered
/// from it (which therefore live exactly as long as the listing is valid).
/// </summary>
public sealed class PackageSnapshot
{
    internal PackageSnapshot(IReadOnlyList<PackageFile> files, IReadOnlyList<(string Dir, DateTime Mtime)> dirs, DateTime builtUtc)
    {
        Files = files;
        Directories = dirs;
        BuiltUtc = builtUtc;
        ByProject = files.GroupBy(f => f.Project, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.VersionKey, StringComparer.Ordinal).ThenBy(f => f.RelPath, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        Projects = ByProject.Keys.Order(StringComparer.Ordinal).ToArray();
        var byRel = new Dictionary<string, PackageFile>(StringComparer.Ordinal);
        foreach (var f in files) byRel.TryAdd(f.RelPath, f);
        ByRelPath = byRel;
        FileNames = files.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<PackageFile> Files { get; }
    public IReadOnlyDictionary<string, PackageFile[]> ByProject { get; }
    public IReadOnlyList<string> Projects { get; }
    public IReadOnlyDictionary<string, PackageFile> ByRelPath { get; }
    public IReadOnlySet<string> FileNames { get; }
    internal IReadOnlyList<(string Dir, DateTime Mtime)> Directories { get; }
    internal DateTime BuiltUtc { get; }
    internal ConcurrentDictionary<string, RenderedPage> Pages { get; } = new(StringComparer.Ordinal);
}

/// <summary>A rendered response body and its strong ETag.</summary>
internal sealed record RenderedPage(byte[] Body, string ContentType, string ETag);

/// <summary>A pypiserver backend: lists the package directory and hashes files.</summary>
public abstract class PackageStore : IDisposable
{
    private readonly ConcurrentDictionary<string, (long Size, DateTime Mtime, string Hash)> _digests = new(StringComparer.Ordinal);

    protected PackageStore(SandboxServerOptions options)
    {
        Options = options;
        Root = Path.GetFullPath(options.PackagesDirectory);
        Directory.CreateDirectory(Root);
    }

    protected SandboxServerOptions Options { get; }
    public string Root { get; }

    /// <summary>Directory listings performed (a measure of the backend's storage cost).</summary>
    public long Scans => Interlocked.Read(ref _scans);
    private long _scans;

    /// <summary>The current listing, as this backend sees it (fresh for simple-dir, possibly stale for cached-dir).</summary>
    public abstract ValueTask<PackageSnapshot> GetSnapshotAsync(CancellationToken ct);

    /// <summary>Called after this process added or removed a file.</summary>
    public abstract void Invalidate();

    public static PackageStore Create(SandboxServerOptions options) => options.Backend switch
    {
        SandboxBackend.CachedDir => new CachedDirStore(options),
        _ => new SimpleDirStore(options),
    };

    /// <summary>Hex sha256 of a file, memoised by path + size + mtime (which stays correct when files change).</summary>
    public string Sha256(PackageFile f)
    {
        if (_digests.TryGetValue(f.FullPath, out var d) && d.Size == f.Size && d.Mtime == f.MtimeUtc) return d.Hash;
        string hash;
        using (var s = new FileStream(f.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536))
            hash = Convert.ToHexStringLower(SHA256.HashData(s));
        _digests[f.FullPath] = (f.Size, f.MtimeUtc, hash);
        return hash;
    }

    /// <summary>Lists the tree the way pypiserver does: dot-directories and dot-files skipped, regular files with a parseable name.</summary>
    protected PackageSnapshot Scan()
    {
        Interlocked.Increment(ref _scans);
        var files = new List<PackageFile>();
        var dirs = new List<(string, DateTime)>();
        var stack = new Stack<string>();
        stack.Push(Root);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            DirectoryInfo di = new(dir);
            if (!di.Exists) continue;
            dirs.Add((dir, di.LastWriteTimeUtc));
            foreach (var e in di.EnumerateFileSystemInfos())
            {
                if (e.Name.StartsWith('.')) continue;
                if (e is DirectoryInfo sub)
                {
                    if ((sub.Attributes & FileAttributes.ReparsePoint) == 0) stack.Push(sub.FullName);
                    continue;
                }
                if (e is not FileInfo fi || (fi.Attributes & FileAttributes.ReparsePoint) != 0 && !File.Exists(fi.FullName)) continue;
                var parsed = DistributionFileName.TryParse(fi.Name);
                if (parsed is null) continue;
                var rel = Path.GetRelativePath(Root, fi.FullName).Replace('\\', '/');
                try { files.Add(new PackageFile(fi.FullName, rel, parsed, fi.Length, fi.LastWriteTimeUtc)); }
                catch (FileNotFoundException) { } // removed while listing
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelPath, b.RelPath));
        return new PackageSnapshot(files, dirs, DateTime.UtcNow);
    }

    /// <summary>Sleeps for the emulated storage cost of listing <paramref name="s"/> (per directory + per file).</summary>
    protected ValueTask EmulateLatencyAsync(PackageSnapshot s, CancellationToken ct)
    {
        double ms = Options.ScanLatencyMs * s.Directories.Count + Options.StatLatencyMs * s.Files.Count;
        return ms <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(ms), ct));
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>
/// simple-dir: every request sees the directory as it is now. With <see cref="SandboxServerOptions.ListingCache"/> the
/// listing is reused while every listed directory keeps its modification time and that time is more than a second older
/// than the listing (so two changes within one timestamp tick cannot hide each other); otherwise the tree is listed again.
/// The emulated storage latency is charged on every request either way.
/// </summary>
public sealed class SimpleDirStore(SandboxServerOptions options) : PackageStore(options)
{
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(1);
    private volatile PackageSnapshot? _last;

    public override async ValueTask<PackageSnapshot> GetSnapshotAsync(CancellationToken ct)
    {
        var s = Options.ListingCacheInEffect ? Reusable(_last) : null;
        if (s is null)
        {
            s = Scan();
            _last = s;
        }
        await EmulateLatencyAsync(s, ct);
        return s;
    }

    private static PackageSnapshot? Reusable(PackageSnapshot? s)
    {
        if (s is null) return null;
        foreach (var (dir, mtime) in s.Directories)
        {
            if (s.BuiltUtc - mtime < RacyWindow) return null;
            if (Directory.GetLastWriteTimeUtc(dir) != mtime) return null;
        }
        return s;
    }

    public override void Invalidate() => _last = null;
}

/// <summary>
/// cached-dir: one listing per process, built lazily, dropped by this process's own uploads/removals and by its own
/// file-system watcher (any file event under the root). With <see cref="SharedStorage.Nfs"/> there is no watcher — as on
/// EFS, where inotify sees nothing written by other hosts — so instances serve stale listings (pypiserver #449).
/// </summary>
public sealed class CachedDirStore : PackageStore
{
    private readonly FileSystemWatcher? _watcher;
    private readonly object _gate = new();
    private volatile PackageSnapshot? _cached;
    private long _generation;

    public CachedDirStore(SandboxServerOptions options) : base(options)
    {
        if (options.SharedStorage == SharedStorage.Local)
        {
            _watcher = new FileSystemWatcher(Root) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName };
            _watcher.Created += (_, _) => Invalidate();
            _watcher.Changed += (_, _) => Invalidate();
            _watcher.Deleted += (_, _) => Invalidate();
            _watcher.Renamed += (_, _) => Invalidate();
            _watcher.Error += (_, _) => Invalidate();
            _watcher.EnableRaisingEvents = true;
        }
    }

    public override async ValueTask<PackageSnapshot> GetSnapshotAsync(CancellationToken ct)
    {
        var s = _cached;
        if (s is not null) return s;
        lock (_gate)
        {
            s = _cached;
            if (s is null)
            {
                long gen = Interlocked.Read(ref _generation);
                s = Scan();
                if (gen == Interlocked.Read(ref _generation)) _cached = s;
            }
        }
        await EmulateLatencyAsync(s, ct);
        return s;
    }

    public override void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _cached = null;
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }
}
