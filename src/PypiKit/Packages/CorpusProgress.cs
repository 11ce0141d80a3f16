using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Packages;

/// <summary>Progress of corpus generation or upload.</summary>
public sealed record CorpusProgress(int Done, int Total, string? LastFile);
