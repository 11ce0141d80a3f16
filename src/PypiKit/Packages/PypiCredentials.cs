using System.Net.Http.Headers;
using System.Text;

namespace PypiKit.Packages;

/// <summary>HTTP Basic credentials of a PyPI index.</summary>
public sealed record PypiCredentials(string User, string Password)
{
    /// <summary>The <c>Authorization</c> header value.</summary>
    public AuthenticationHeaderValue ToHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));

    /// <summary><paramref name="url"/> with <c>user:password@</c> inserted (for pip's <c>--index-url</c>).</summary>
    public string Embed(string url)
    {
        var b = new UriBuilder(url) { UserName = Uri.EscapeDataString(User), Password = Uri.EscapeDataString(Password) };
        return b.Uri.AbsoluteUri;
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"{User}:***";
}
