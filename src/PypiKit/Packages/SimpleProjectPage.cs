using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>A project page of a simple index. <c>Format</c> is "json" or "html" (what the server sent); <c>Instance</c> is the
/// <c>X-PypiKit-Instance</c> header of the final reply, when present.</summary>
public sealed record SimpleProjectPage(string Name, IReadOnlyList<SimpleFile> Files, string Format, string? Instance);
