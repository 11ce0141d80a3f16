using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PypiKit.Charts;

/// <summary>
/// The small Markdown subset report text needs (paragraphs, <c>- </c> lists, <c>#</c> headings, bold, italic, code,
/// links) turned into safe HTML. Not a Markdown implementation: anything else is shown literally, HTML-escaped.
/// </summary>
internal static partial class MarkdownLite
{
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder();
        var paragraph = new List<string>();
        var inList = false;

        void FlushParagraph()
        {
            if (paragraph.Count == 0) return;
            html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
            paragraph.Clear();
        }
        void CloseList()
        {
            if (!inList) return;
            html.Append("</ul>\n");
            inList = false;
        }

        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) { FlushParagraph(); CloseList(); continue; }
            var heading = HeadingLine().Match(line);
            if (heading.Success)
            {
                FlushParagraph(); CloseList();
                var level = Math.Min(6, heading.Groups[1].Length + 1);
                html.Append($"<h{level}>").Append(Inline(heading.Groups[2].Value)).Append($"</h{level}>\n");
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal))
            {
                FlushParagraph();
                if (!inList) { html.Append("<ul>\n"); inList = true; }
                html.Append("<li>").Append(Inline(line[2..])).Append("</li>\n");
            }
            else
            {
                CloseList();
                paragraph.Add(line);
            }
        }
        FlushParagraph();
        CloseList();
        return html.ToString();
    }

    /// <summary>Escapes the text, then applies code spans, bold, italic and links.</summary>
    public static string Inline(string text)
    {
        var s = WebUtility.HtmlEncode(text);
        s = Code().Replace(s, "<code>$1</code>");
        s = Bold().Replace(s, "<strong>$1</strong>");
        s = Italic().Replace(s, "<em>$1</em>");
        s = Link().Replace(s, m =>
        {
            var url = m.Groups[2].Value;
            var safe = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                       || !url.Contains(':');
            return safe ? $"<a href=\"{url}\">{m.Groups[1].Value}</a>" : m.Value;
        });
        return s;
    }

    [GeneratedRegex(@"^(#{1,4})\s+(.*)$")] private static partial Regex HeadingLine();
    [GeneratedRegex(@"`([^`]+)`")] private static partial Regex Code();
    [GeneratedRegex(@"\*\*([^*]+)\*\*")] private static partial Regex Bold();
    [GeneratedRegex(@"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])")] private static partial Regex Italic();
    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")] private static partial Regex Link();
}
