using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>The root page of a simple index.</summary>
public sealed record SimpleIndexPage(IReadOnlyList<string> Projects, string Format, string? Instance);
