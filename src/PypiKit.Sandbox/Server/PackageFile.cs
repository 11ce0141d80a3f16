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
