using System.Collections.Concurrent;
using System.Security.Cryptography;
using PypiKit.Packages;

namespace PypiKit.Sandbox.Server;

/// <summary>A rendered response body and its strong ETag.</summary>
internal sealed record RenderedPage(byte[] Body, string ContentType, string ETag);
