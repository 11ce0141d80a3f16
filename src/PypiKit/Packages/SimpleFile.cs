using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>One file listed on a project page: <c>Url</c> is absolute without the hash fragment; <c>Sha256</c> is the hex digest
/// from the <c>#sha256=</c> fragment or the JSON <c>hashes</c>, when given.</summary>
public sealed record SimpleFile(string FileName, string Url, string? Sha256, string? RequiresPython = null);
