using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace PypiKit.Packages;

/// <summary>One generated wheel file.</summary>
public sealed record CorpusFile(string Project, string Version, string FileName, string Path, long SizeBytes, string Sha256);
