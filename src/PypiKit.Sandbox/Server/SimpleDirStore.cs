using System.Collections.Concurrent;
using System.Security.Cryptography;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

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
