using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PypiKit.Packages;

/// <summary>Which representation of the simple API to ask for.</summary>
public enum SimpleIndexFormat
{
    /// <summary>Ask for PEP 691 JSON, accept PEP 503 HTML (what pip sends).</summary>
    PreferJson,
    /// <summary>Ask for PEP 503 HTML only (what pypiserver serves).</summary>
    Html,
}
