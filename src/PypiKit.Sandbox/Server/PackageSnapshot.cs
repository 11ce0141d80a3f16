using System.Collections.Concurrent;
using System.Security.Cryptography;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

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
