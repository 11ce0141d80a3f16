using PypiKit.Notebooks.Display;

namespace PypiKit.Notebooks;

/// <summary>
/// The helpers every notebook cell and REPL line sees, named as Polyglot's C# kernel names them
/// (<c>display</c>, <c>HTML</c>, <c>Javascript</c>, <c>CSS</c>), so a notebook runs the same under Polyglot, Jupyter
/// (with the .NET kernel) and PypiKit's runner.
/// </summary>
public class NotebookGlobals
{
    /// <summary>Shows <paramref name="value"/> as a cell output (only the given MIME types when any are named).</summary>
#pragma warning disable IDE1006 // lower-case on purpose: the Polyglot name
    public DisplayedValue display(object? value, params string[] mimeTypes) => Kernel.Display(value, mimeTypes);
#pragma warning restore IDE1006

    /// <summary>An HTML fragment that displays as <c>text/html</c>.</summary>
    public HtmlContent HTML(string html) => new(html);

    /// <summary>Script that displays as <c>application/javascript</c> (the HTML export runs it).</summary>
    public MimeContent Javascript(string code) => new("application/javascript", code);

    /// <summary>A style sheet, displayed as an HTML <c>&lt;style&gt;</c> element.</summary>
    public HtmlContent CSS(string css) => new($"<style>{css}</style>");

    /// <summary>Markdown that displays as <c>text/markdown</c>.</summary>
    public MarkdownContent Markdown(string markdown) => new(markdown);
}

/// <summary>Display helpers usable from any code running in a notebook or the REPL (not only from cells).</summary>
public static class Kernel
{
    private static long _nextId;

    /// <summary>Shows a value in the running cell; outside a notebook it prints its text to the console.</summary>
    public static DisplayedValue Display(object? value, params string[] mimeTypes)
    {
        var sink = NotebookContext.Current;
        var id = $"display-{Interlocked.Increment(ref _nextId)}";
        var bundle = DisplayFormatter.Format(value, mimeTypes);
        if (sink is null) Console.Out.WriteLine(bundle.Text(MimeBundle.Plain));
        else sink.Display(bundle, id);
        return new DisplayedValue(sink, id, mimeTypes);
    }
}

/// <summary><c>value.Display()</c>, as in Polyglot.</summary>
public static class DisplayExtensions
{
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => Kernel.Display(value, mimeTypes);
}
