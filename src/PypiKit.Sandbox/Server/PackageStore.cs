using System.Collections.Concurrent;
using System.Security.Cryptography;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

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
