namespace PypiKit.Notebooks.Display;

/// <summary>Content of a known MIME type (what Polyglot's <c>HTML(…)</c>, <c>Javascript(…)</c>, <c>CSS(…)</c> return).</summary>
public record MimeContent(string MimeType, string Content)
{
    public override string ToString() => Content;
}

/// <summary>An HTML fragment: displayed as <c>text/html</c> (Polyglot's <c>IHtmlContent</c>).</summary>
public sealed record HtmlContent(string Html) : MimeContent("text/html", Html)
{
    public override string ToString() => Html;
}

/// <summary>Markdown text: displayed as <c>text/markdown</c>, rendered to HTML in the report.</summary>
public sealed record MarkdownContent(string Markdown) : MimeContent("text/markdown", Markdown)
{
    public override string ToString() => Markdown;
}
