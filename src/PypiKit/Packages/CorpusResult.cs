using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Packages;

/// <summary>What a corpus generation wrote.</summary>
public sealed record CorpusResult(string Directory, IReadOnlyList<CorpusFile> Files)
{
    public long TotalBytes => Files.Sum(f => f.SizeBytes);
}
