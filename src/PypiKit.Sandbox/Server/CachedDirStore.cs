using System.Collections.Concurrent;
using System.Security.Cryptography;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

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
